/**
 * SAML 2.0 status code URIs (SAML core §3.2.2.2).
 *
 * @example
 * ```ts
 * import { SamlStatus } from 'saml-slo';
 * if (result.status === SamlStatus.Success) console.log('logged out everywhere');
 * ```
 */
export const SamlStatus = {
  Success: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  Requester: 'urn:oasis:names:tc:SAML:2.0:status:Requester',
  Responder: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
  VersionMismatch: 'urn:oasis:names:tc:SAML:2.0:status:VersionMismatch',
  PartialLogout: 'urn:oasis:names:tc:SAML:2.0:status:PartialLogout',
  RequestDenied: 'urn:oasis:names:tc:SAML:2.0:status:RequestDenied',
  UnknownPrincipal: 'urn:oasis:names:tc:SAML:2.0:status:UnknownPrincipal',
  RequestVersionTooHigh: 'urn:oasis:names:tc:SAML:2.0:status:RequestVersionTooHigh',
  RequestVersionTooLow: 'urn:oasis:names:tc:SAML:2.0:status:RequestVersionTooLow',
} as const;

/** A SAML status code URI. */
export type SamlStatusValue = (typeof SamlStatus)[keyof typeof SamlStatus];
