import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { NS } from '../xml/namespaces';
import { escapeXml } from '../xml/escape-xml';
import { samlInstant } from '../saml-id';
import { signEnveloped, type SigningCredentials } from '../xml-signature/sign-enveloped';

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
 * @example
 * ```ts
 * const xml = await buildLogoutRequest({ id, issuer: sp.entityID, destination, ...login, now: new Date(), validForMs: 300_000 }, sp.signing);
 * ```
 */
export async function buildLogoutRequest(
  input: LogoutRequestInput,
  signing: SigningCredentials | undefined,
): Promise<string> {
  const nameIdAttributes = [
    input.nameIDFormat === undefined ? '' : ` Format="${escapeXml(input.nameIDFormat)}"`,
    input.nameQualifier === undefined ? '' : ` NameQualifier="${escapeXml(input.nameQualifier)}"`,
    input.spNameQualifier === undefined
      ? ''
      : ` SPNameQualifier="${escapeXml(input.spNameQualifier)}"`,
  ].join('');
  const xml =
    `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${escapeXml(input.id)}" Version="2.0"` +
    ` IssueInstant="${samlInstant(input.now)}" Destination="${escapeXml(input.destination)}"` +
    ` NotOnOrAfter="${samlInstant(new Date(input.now.getTime() + input.validForMs))}">` +
    `<saml:Issuer>${escapeXml(input.issuer)}</saml:Issuer>` +
    `<saml:NameID${nameIdAttributes}>${escapeXml(input.nameID)}</saml:NameID>` +
    input.sessionIndexes
      .map((s) => `<samlp:SessionIndex>${escapeXml(s)}</samlp:SessionIndex>`)
      .join('') +
    `</samlp:LogoutRequest>`;
  if (!signing) return xml;
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  await signEnveloped(doc.documentElement as unknown as Element, signing);
  return new XMLSerializer().serializeToString(doc);
}
