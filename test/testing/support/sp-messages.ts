import { createPrivateKey, X509Certificate } from 'node:crypto';
import { buildPostForm } from '../../../lib/bindings/post';
import { encodeRedirectUrl } from '../../../lib/bindings/redirect';
import { wrapInSoapEnvelope } from '../../../lib/bindings/soap';
import { buildLogoutRequest } from '../../../lib/protocol/logout-request/build-logout-request';
import { buildLogoutResponse } from '../../../lib/protocol/logout-response/build-logout-response';
import type { SigningCredentials } from '../../../lib/protocol/xml-signature/sign-enveloped';
import { readKey } from './keys';

/** The SP's signing credentials, as saml-slo itself holds them. */
export function spSigning(who: 'sp' | 'other' = 'sp'): SigningCredentials {
  return {
    privateKey: createPrivateKey(readKey(who, 'key')),
    certificateBase64: new X509Certificate(readKey(who, 'cert')).raw.toString('base64'),
    algorithm: 'rsa-sha256',
  };
}

/** What the SP's LogoutRequests in these tests say. */
export const spRequest = {
  id: '_sp-request-1',
  issuer: 'https://sp.test/saml/metadata',
  destination: 'https://idp.test/slo',
  nameID: 'alice@example.com',
  nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  nameQualifier: 'https://idp.test/metadata',
  spNameQualifier: 'https://sp.test/saml/metadata',
  sessionIndexes: ['_s1', '_s2'],
  now: new Date(),
  validForMs: 300_000,
} as const;

/** A LogoutRequest as saml-slo sends it by Redirect (the SP's own encoder, an independent producer). */
export async function spRedirectRequestUrl(
  relayState?: string,
  who: 'sp' | 'other' = 'sp',
): Promise<string> {
  const xml = await buildLogoutRequest(spRequest, undefined);
  return encodeRedirectUrl(spRequest.destination, 'SAMLRequest', xml, relayState, spSigning(who));
}

/** A LogoutRequest as saml-slo sends it by POST: its auto-submit page. */
export async function spPostRequestPage(relayState?: string): Promise<string> {
  const xml = await buildLogoutRequest(spRequest, spSigning());
  return buildPostForm(spRequest.destination, 'SAMLRequest', xml, relayState).html;
}

/** A LogoutRequest as saml-slo sends it by SOAP. */
export async function spSoapRequestEnvelope(): Promise<string> {
  return wrapInSoapEnvelope(await buildLogoutRequest(spRequest, spSigning()), '1.1');
}

/** A LogoutResponse as saml-slo sends it by Redirect. */
export async function spRedirectResponseUrl(relayState?: string): Promise<string> {
  const { xml } = await buildLogoutResponse(
    {
      issuer: spRequest.issuer,
      inResponseTo: '_idp-request-1',
      destination: 'https://idp.test/slo/return',
      status: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      now: new Date(),
    },
    undefined,
  );
  return encodeRedirectUrl(
    'https://idp.test/slo/return',
    'SAMLResponse',
    xml,
    relayState,
    spSigning(),
  );
}
