import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import type { SamlStatusValue } from '../../errors';
import { NS } from '../xml/namespaces';
import { escapeXml } from '../xml/escape-xml';
import { newSamlId, samlInstant } from '../saml-id';
import { signEnveloped, type SigningCredentials } from '../xml-signature/sign-enveloped';

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
  const attributes = [
    `ID="${id}"`,
    `Version="2.0"`,
    `IssueInstant="${samlInstant(input.now)}"`,
    input.destination === undefined ? '' : `Destination="${escapeXml(input.destination)}"`,
    input.inResponseTo === undefined ? '' : `InResponseTo="${escapeXml(input.inResponseTo)}"`,
  ].filter((a) => a !== '');
  const subStatus =
    input.subStatus === undefined
      ? ''
      : `<samlp:StatusCode Value="${escapeXml(input.subStatus)}"/>`;
  const message =
    input.statusMessage === undefined
      ? ''
      : `<samlp:StatusMessage>${escapeXml(input.statusMessage)}</samlp:StatusMessage>`;
  const xml =
    `<samlp:LogoutResponse xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ${attributes.join(' ')}>` +
    `<saml:Issuer>${escapeXml(input.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${escapeXml(input.status)}">${subStatus}</samlp:StatusCode>` +
    `${message}</samlp:Status></samlp:LogoutResponse>`;
  if (!signing) return { id, xml };
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement as unknown as Element;
  await signEnveloped(root, signing);
  return { id, xml: new XMLSerializer().serializeToString(doc) };
}
