import type { SamlStatusValue } from '../../errors';
import { NS } from '../xml/namespaces';
import { canonicalAttribute, canonicalText } from '../xml/canonical-escape';
import { newSamlId, samlInstant } from '../saml-id';
import type { SigningCredentials } from '../xml-signature/sign-enveloped';
import { signCanonicalXml } from '../xml-signature/sign-canonical-xml';

/** What goes into a LogoutResponse. */
export interface LogoutResponseInput {
  /** The SP's entityID. */
  readonly issuer: string;
  readonly inResponseTo?: string;
  /** Where the response is sent (front-channel); omitted for SOAP. */
  readonly destination?: string;
  readonly status: SamlStatusValue;
  readonly subStatus?: SamlStatusValue;
  /** A short, non-sensitive explanation; never internal details. */
  readonly statusMessage?: string;
  readonly now: Date;
}

/**
 * Builds a samlp:LogoutResponse and signs it (enveloped signature, after the Issuer).
 * Every value is escaped; the result has no XML declaration so it can be embedded in a
 * SOAP Body as is.
 *
 * The message is written in exclusive canonical form (sorted attributes, `xmlns:saml` on
 * the Issuer that uses it, no self-closing tags, c14n escapes), so it is signed as text
 * without a DOM: one LogoutResponse per logout, on the event loop of every back-channel
 * logout (test/unit/protocol/logout-response/logout-response-is-written-in-canonical-form.test.ts
 * holds the builder to that form).
 *
 * @example
 * ```ts
 * const xml = await buildLogoutResponse(
 *   { issuer: sp.entityID, inResponseTo: request.id, status: SamlStatus.Success, now: new Date() },
 *   sp.signing,
 * );
 * ```
 */
export async function buildLogoutResponse(
  input: LogoutResponseInput,
  signing: SigningCredentials | undefined,
): Promise<{ id: string; xml: string }> {
  const id = newSamlId();
  // Attributes in c14n order: by local name, all unqualified.
  const head =
    `<samlp:LogoutResponse xmlns:samlp="${NS.samlp}"` +
    optionalAttribute('Destination', input.destination) +
    ` ID="${id}"` +
    optionalAttribute('InResponseTo', input.inResponseTo) +
    ` IssueInstant="${samlInstant(input.now)}" Version="2.0">` +
    `<saml:Issuer xmlns:saml="${NS.saml}">${canonicalText(input.issuer)}</saml:Issuer>`;
  const subStatus =
    input.subStatus === undefined
      ? ''
      : `<samlp:StatusCode Value="${canonicalAttribute(input.subStatus)}"></samlp:StatusCode>`;
  const message =
    input.statusMessage === undefined
      ? ''
      : `<samlp:StatusMessage>${canonicalText(input.statusMessage)}</samlp:StatusMessage>`;
  const xml =
    head +
    `<samlp:Status><samlp:StatusCode Value="${canonicalAttribute(input.status)}">${subStatus}</samlp:StatusCode>` +
    `${message}</samlp:Status></samlp:LogoutResponse>`;
  if (!signing) return { id, xml };
  return { id, xml: await signCanonicalXml({ xml, id, signatureAt: head.length }, signing) };
}

function optionalAttribute(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}="${canonicalAttribute(value)}"`;
}
