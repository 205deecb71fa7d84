import { encryptNameID, type NameIDEncryptionOptions } from './encrypt-name-id';
import { escapeXml } from './escape-xml';
import { attr, renderNameID, type NameIDInput } from './name-id';
import { SAML_XMLNS } from './namespaces';
import { randomSamlId, samlInstant } from './random-id';
import { signXml } from './sign-xml';
import type { IdpSigner, SigningKey } from './signer';

/**
 * Input of `TestIdp.buildLogoutRequest`.
 *
 * @example
 * ```ts
 * const input: LogoutRequestInput = {
 *   destination: 'https://sp.test/saml/slo',
 *   nameID: 'alice',
 *   sessionIndexes: ['_s1'],
 * };
 * ```
 */
export interface LogoutRequestInput extends NameIDInput {
  /** `Destination` attribute (omitted when absent). */
  destination?: string;
  /** `SessionIndex` elements, in order; none when absent or empty. */
  sessionIndexes?: string[];
  /** Message ID; defaults to `_` + random hex. */
  id?: string;
  /** `saml:Issuer` text; defaults to the IdP entityID. */
  issuer?: string;
  /** `IssueInstant`; defaults to now. */
  issueInstant?: Date;
  /** `NotOnOrAfter` attribute (omitted when absent). */
  notOnOrAfter?: Date;
  /** `Reason` attribute, e.g. `urn:oasis:names:tc:SAML:2.0:logout:admin`. */
  reason?: string;
  /** `false` returns the request unsigned. Default `true`. */
  sign?: boolean;
  /** Sign with this key pair instead of the IdP's. */
  signWith?: SigningKey;
  /** Replace `saml:NameID` by a `saml:EncryptedID` encrypted to this certificate. */
  encryptNameIDFor?: NameIDEncryptionOptions;
}

/**
 * A built LogoutRequest.
 *
 * @example
 * ```ts
 * const { id, xml }: LogoutRequestResult = idp.buildLogoutRequest({ nameID: 'alice' });
 * ```
 */
export interface LogoutRequestResult {
  /** The request's `ID`. */
  id: string;
  /** The `samlp:LogoutRequest` element, no XML declaration. */
  xml: string;
}

/**
 * Builds a `samlp:LogoutRequest` (see `TestIdp.buildLogoutRequest`), signed with `signer`
 * unless `input.sign` is `false`.
 *
 * @example
 * ```ts
 * const { xml } = buildLogoutRequest(
 *   { nameID: 'alice', sessionIndexes: ['_s1'] },
 *   { entityID: 'https://idp.test/metadata', privateKey, certificate, signatureAlgorithm: 'rsa-sha256' },
 * );
 * ```
 */
export function buildLogoutRequest(
  input: LogoutRequestInput,
  signer: IdpSigner,
): LogoutRequestResult {
  const id = input.id ?? randomSamlId();
  const issueInstant = input.issueInstant ?? new Date();
  const nameIdXml = renderNameID(input, input.encryptNameIDFor !== undefined);
  const subject = input.encryptNameIDFor
    ? encryptNameID(nameIdXml, input.encryptNameIDFor)
    : nameIdXml;
  const sessionIndexes = (input.sessionIndexes ?? [])
    .map((s) => `<samlp:SessionIndex>${escapeXml(s)}</samlp:SessionIndex>`)
    .join('');
  const xml =
    `<samlp:LogoutRequest ${SAML_XMLNS}${attr('ID', id)} Version="2.0"` +
    `${attr('IssueInstant', samlInstant(issueInstant))}${attr('Destination', input.destination)}` +
    `${attr('NotOnOrAfter', input.notOnOrAfter && samlInstant(input.notOnOrAfter))}` +
    `${attr('Reason', input.reason)}>` +
    `<saml:Issuer>${escapeXml(input.issuer ?? signer.entityID)}</saml:Issuer>` +
    `${subject}${sessionIndexes}</samlp:LogoutRequest>`;
  if (input.sign === false) {
    return { id, xml };
  }
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
