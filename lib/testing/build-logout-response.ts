import { escapeXml } from './escape-xml';
import { attr } from './name-id';
import { SAML_XMLNS } from './namespaces';
import { randomSamlId, samlInstant } from './random-id';
import { signXml } from './sign-xml';
import type { IdpSigner, SigningKey } from './signer';

const STATUS_PREFIX = 'urn:oasis:names:tc:SAML:2.0:status:';

/**
 * Input of `TestIdp.buildLogoutResponse`: the IdP's answer to an SP's LogoutRequest.
 * A status is a full URI or its last part (`Success`, `Responder`, `PartialLogout`, …).
 *
 * @example
 * ```ts
 * const input: IdpLogoutResponseInput = {
 *   inResponseTo: request.id,
 *   destination: 'https://sp.test/saml/logout',
 *   status: 'Responder',
 *   subStatus: 'PartialLogout',
 * };
 * ```
 */
export interface IdpLogoutResponseInput {
  /** `InResponseTo`: the ID of the SP's LogoutRequest. */
  inResponseTo: string;
  /** `Destination` attribute: the SP's logout URL (omitted when absent, as over SOAP). */
  destination?: string;
  /** Top-level `StatusCode`. Default `Success`. */
  status?: string;
  /** Second-level `StatusCode`, e.g. `PartialLogout` (omitted when absent). */
  subStatus?: string;
  /** `StatusMessage` text (omitted when absent). */
  statusMessage?: string;
  /** Message ID; defaults to `_` + random hex. */
  id?: string;
  /** `saml:Issuer` text; defaults to the IdP entityID. */
  issuer?: string;
  /** `IssueInstant`; defaults to now. */
  issueInstant?: Date;
  /**
   * `false` returns the response without an enveloped signature — what the HTTP-Redirect
   * binding wants (its query is signed instead). Default `true`.
   */
  sign?: boolean;
  /** Sign with this key pair instead of the IdP's. */
  signWith?: SigningKey;
}

/**
 * A built LogoutResponse.
 *
 * @example
 * ```ts
 * const { id, xml }: IdpLogoutResponseResult = idp.buildLogoutResponse({ inResponseTo: request.id });
 * ```
 */
export interface IdpLogoutResponseResult {
  /** The response's `ID`. */
  id: string;
  /** The `samlp:LogoutResponse` element, no XML declaration. */
  xml: string;
}

/**
 * Builds the IdP's `samlp:LogoutResponse` (see `TestIdp.buildLogoutResponse`), enveloped-signed
 * with `signer` unless `input.sign` is `false`.
 *
 * @example
 * ```ts
 * const { xml } = buildLogoutResponse(
 *   { inResponseTo: '_s…', destination: 'https://sp.test/saml/logout' },
 *   { entityID: 'https://idp.test/metadata', privateKey, certificate, signatureAlgorithm: 'rsa-sha256' },
 * );
 * ```
 */
export function buildLogoutResponse(
  input: IdpLogoutResponseInput,
  signer: IdpSigner,
): IdpLogoutResponseResult {
  const id = input.id ?? randomSamlId();
  const subStatus =
    input.subStatus === undefined
      ? ''
      : `<samlp:StatusCode${attr('Value', statusUri(input.subStatus))}/>`;
  const statusMessage =
    input.statusMessage === undefined
      ? ''
      : `<samlp:StatusMessage>${escapeXml(input.statusMessage)}</samlp:StatusMessage>`;
  const xml =
    `<samlp:LogoutResponse ${SAML_XMLNS}${attr('ID', id)} Version="2.0"` +
    `${attr('IssueInstant', samlInstant(input.issueInstant ?? new Date()))}` +
    `${attr('Destination', input.destination)}${attr('InResponseTo', input.inResponseTo)}>` +
    `<saml:Issuer>${escapeXml(input.issuer ?? signer.entityID)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode${attr('Value', statusUri(input.status ?? 'Success'))}>` +
    `${subStatus}</samlp:StatusCode>${statusMessage}</samlp:Status></samlp:LogoutResponse>`;
  if (input.sign === false) return { id, xml };
  const key = input.signWith ?? signer;
  return {
    id,
    xml: signXml(xml, {
      referenceId: id,
      privateKey: key.privateKey,
      certificate: key.certificate,
      signatureAlgorithm: signer.signatureAlgorithm,
    }),
  };
}

/**
 * A SAML status URI from a full URI or its last part.
 *
 * @example
 * ```ts
 * statusUri('PartialLogout'); // 'urn:oasis:names:tc:SAML:2.0:status:PartialLogout'
 * statusUri('urn:x:custom'); // 'urn:x:custom'
 * ```
 */
export function statusUri(status: string): string {
  return status.includes(':') ? status : `${STATUS_PREFIX}${status}`;
}
