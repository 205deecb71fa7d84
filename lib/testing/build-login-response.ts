import { escapeXml } from './escape-xml';
import { attr, renderNameID, type NameIDInput } from './name-id';
import { NS, SAML_XMLNS } from './namespaces';
import { randomSamlId, samlInstant } from './random-id';
import { signXml } from './sign-xml';
import type { IdpSigner } from './signer';

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const PASSWORD_PROTECTED = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';

/**
 * Input of `TestIdp.buildLoginResponse`.
 *
 * @example
 * ```ts
 * const input: LoginResponseInput = {
 *   acsUrl: 'https://sp.test/saml/acs',
 *   spEntityID: 'https://sp.test/metadata',
 *   nameID: 'alice',
 *   sessionIndexes: ['_s1'],
 * };
 * ```
 */
export interface LoginResponseInput extends NameIDInput {
  /** The SP's ACS URL: Response `Destination` and SubjectConfirmationData `Recipient`. */
  acsUrl: string;
  /** The SP's entityID: the `Audience`. */
  spEntityID: string;
  /** One `AuthnStatement` per entry, with that `SessionIndex`. */
  sessionIndexes: string[];
  /** `InResponseTo` of the Response and of SubjectConfirmationData. */
  inResponseTo?: string;
  /** `AuthnInstant` of each AuthnStatement; defaults to now. */
  authnInstant?: Date;
  /** `SessionNotOnOrAfter` of each AuthnStatement (omitted when absent). */
  sessionNotOnOrAfter?: Date;
  /** Single-valued attributes, name → value, in an `AttributeStatement`. */
  attributes?: Record<string, string>;
  /** Lifetime of the assertion (Conditions/SubjectConfirmationData `NotOnOrAfter`); default 5 min. */
  validForMs?: number;
}

/**
 * A built, signed login Response.
 *
 * @example
 * ```ts
 * const { base64 }: LoginResponseResult = idp.buildLoginResponse(input);
 * await saml.validatePostResponseAsync({ SAMLResponse: base64 });
 * ```
 */
export interface LoginResponseResult {
  /** The Response `ID`. */
  id: string;
  /** The Assertion `ID`. */
  assertionID: string;
  /** The signed `samlp:Response`, no XML declaration. */
  xml: string;
  /** `xml` in base64, the value of the `SAMLResponse` form field (HTTP-POST binding). */
  base64: string;
}

/**
 * Builds a login `samlp:Response` holding one `saml:Assertion`; signs the Assertion, then the
 * Response, with `signer` (see `TestIdp.buildLoginResponse`).
 *
 * @example
 * ```ts
 * const { xml } = buildLoginResponse(input, {
 *   entityID: 'https://idp.test/metadata', privateKey, certificate, signatureAlgorithm: 'rsa-sha256',
 * });
 * ```
 */
export function buildLoginResponse(
  input: LoginResponseInput,
  signer: IdpSigner,
): LoginResponseResult {
  const id = randomSamlId();
  const assertionID = randomSamlId();
  const now = new Date();
  const expires = samlInstant(new Date(now.getTime() + (input.validForMs ?? 5 * 60_000)));
  const issuer = `<saml:Issuer>${escapeXml(signer.entityID)}</saml:Issuer>`;
  const authnStatements = input.sessionIndexes
    .map(
      (sessionIndex) =>
        `<saml:AuthnStatement${attr('AuthnInstant', samlInstant(input.authnInstant ?? now))}` +
        `${attr('SessionIndex', sessionIndex)}` +
        `${attr('SessionNotOnOrAfter', input.sessionNotOnOrAfter && samlInstant(input.sessionNotOnOrAfter))}>` +
        `<saml:AuthnContext><saml:AuthnContextClassRef>${PASSWORD_PROTECTED}</saml:AuthnContextClassRef>` +
        `</saml:AuthnContext></saml:AuthnStatement>`,
    )
    .join('');
  const assertion =
    `<saml:Assertion xmlns:saml="${NS.saml}"${attr('ID', assertionID)} Version="2.0"` +
    `${attr('IssueInstant', samlInstant(now))}>${issuer}` +
    `<saml:Subject>${renderNameID(input)}<saml:SubjectConfirmation Method="${BEARER}">` +
    `<saml:SubjectConfirmationData${attr('Recipient', input.acsUrl)}${attr('NotOnOrAfter', expires)}` +
    `${attr('InResponseTo', input.inResponseTo)}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions${attr('NotBefore', samlInstant(now))}${attr('NotOnOrAfter', expires)}>` +
    `<saml:AudienceRestriction><saml:Audience>${escapeXml(input.spEntityID)}</saml:Audience>` +
    `</saml:AudienceRestriction></saml:Conditions>${authnStatements}` +
    `${renderAttributes(input.attributes)}</saml:Assertion>`;
  const response =
    `<samlp:Response ${SAML_XMLNS}${attr('ID', id)} Version="2.0"${attr('IssueInstant', samlInstant(now))}` +
    `${attr('Destination', input.acsUrl)}${attr('InResponseTo', input.inResponseTo)}>${issuer}` +
    `<samlp:Status><samlp:StatusCode Value="${SUCCESS}"/></samlp:Status>${assertion}</samlp:Response>`;
  const key = { privateKey: signer.privateKey, certificate: signer.certificate };
  const algorithm = signer.signatureAlgorithm;
  const assertionSigned = signXml(response, {
    ...key,
    referenceId: assertionID,
    signatureAlgorithm: algorithm,
  });
  const xml = signXml(assertionSigned, { ...key, referenceId: id, signatureAlgorithm: algorithm });
  return { id, assertionID, xml, base64: Buffer.from(xml, 'utf8').toString('base64') };
}

function renderAttributes(attributes: Record<string, string> | undefined): string {
  const entries = Object.entries(attributes ?? {});
  if (entries.length === 0) return '';
  const rendered = entries
    .map(
      ([name, value]) =>
        `<saml:Attribute${attr('Name', name)}><saml:AttributeValue>${escapeXml(value)}` +
        `</saml:AttributeValue></saml:Attribute>`,
    )
    .join('');
  return `<saml:AttributeStatement>${rendered}</saml:AttributeStatement>`;
}
