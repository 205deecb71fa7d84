import { NS } from '../xml/namespaces';
import { canonicalAttribute, canonicalText } from '../xml/canonical-escape';
import { samlInstant } from '../saml-id';
import type { SigningCredentials } from '../xml-signature/sign-enveloped';
import { signCanonicalXml } from '../xml-signature/sign-canonical-xml';

/** What goes into an SP-initiated LogoutRequest. */
export interface LogoutRequestInput {
  readonly id: string;
  /** The SP's entityID. */
  readonly issuer: string;
  readonly destination: string;
  readonly nameID: string;
  readonly nameIDFormat?: string;
  readonly nameQualifier?: string;
  readonly spNameQualifier?: string;
  readonly sessionIndexes: readonly string[];
  readonly now: Date;
  /** How long the IdP may act on it. */
  readonly validForMs: number;
}

/**
 * Builds a samlp:LogoutRequest naming the user exactly as the IdP named them at login
 * (NameID with Format and qualifiers) and every SessionIndex of the session; signs it
 * with an enveloped signature when `signing` is given (POST and SOAP bindings; the
 * Redirect binding signs the query instead).
 *
 * The message is written in exclusive canonical form (sorted attributes, `xmlns:saml` on
 * each element that uses it, no self-closing tags, c14n escapes), so it is signed as text
 * without a DOM, as LogoutResponses are
 * (test/unit/protocol/logout-request/logout-request-is-written-in-canonical-form.test.ts
 * holds the builder to that form).
 *
 * @example
 * ```ts
 * const xml = await buildLogoutRequest({ id, issuer: sp.entityID, destination, ...login, now: new Date(), validForMs: 300_000 }, sp.signing);
 * ```
 */
export async function buildLogoutRequest(
  input: LogoutRequestInput,
  signing: SigningCredentials | undefined,
): Promise<string> {
  // Attributes in c14n order: by local name, all unqualified.
  const head =
    `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}"` +
    ` Destination="${canonicalAttribute(input.destination)}"` +
    ` ID="${canonicalAttribute(input.id)}"` +
    ` IssueInstant="${samlInstant(input.now)}"` +
    ` NotOnOrAfter="${samlInstant(new Date(input.now.getTime() + input.validForMs))}"` +
    ` Version="2.0">` +
    `<saml:Issuer xmlns:saml="${NS.saml}">${canonicalText(input.issuer)}</saml:Issuer>`;
  const xml =
    head +
    `<saml:NameID xmlns:saml="${NS.saml}"` +
    optionalAttribute('Format', input.nameIDFormat) +
    optionalAttribute('NameQualifier', input.nameQualifier) +
    optionalAttribute('SPNameQualifier', input.spNameQualifier) +
    `>${canonicalText(input.nameID)}</saml:NameID>` +
    input.sessionIndexes
      .map((s) => `<samlp:SessionIndex>${canonicalText(s)}</samlp:SessionIndex>`)
      .join('') +
    `</samlp:LogoutRequest>`;
  if (!signing) return xml;
  return signCanonicalXml({ xml, id: input.id, signatureAt: head.length }, signing);
}

function optionalAttribute(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}="${canonicalAttribute(value)}"`;
}
