/**
 * XML namespace URIs used by the test IdP messages.
 *
 * @example
 * ```ts
 * import { NS } from './namespaces';
 * const xml = `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}"/>`;
 * ```
 */
export const NS = {
  /** SAML 2.0 protocol (`samlp:`). */
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  /** SAML 2.0 assertion (`saml:`). */
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  /** XML Signature (`ds:`). */
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  /** XML Encryption (`xenc:`). */
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
  /** SOAP 1.1 envelope. */
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  /** SOAP 1.2 envelope. */
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
} as const;

/**
 * The `xmlns:samlp` and `xmlns:saml` declarations every message root carries, so the
 * message stays self-contained when it is moved into a SOAP envelope.
 *
 * @example
 * ```ts
 * const root = `<samlp:LogoutResponse ${SAML_XMLNS} ID="_1" Version="2.0"/>`;
 * ```
 */
export const SAML_XMLNS = `xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}"`;
