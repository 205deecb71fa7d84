import { createPublicKey } from 'node:crypto';
import type { MessageContext } from '../../../lib/protocol/message/verify-message-header';
import { MemoryReplayCache } from '../../../lib/session-index/memory-replay-cache';
import { createTestIdp, type TestIdp } from '../../../lib/testing';
import { keys } from '../../support/keys';

/** The fixed world every fuzzed message lives in: one IdP, one SP endpoint, one instant. */
export const IDP_ENTITY_ID = 'https://idp.test/metadata';
export const DESTINATION = 'https://sp.test/saml/logout';
export const NOW = Date.parse('2026-03-01T12:00:00.000Z');
/** The SP's LogoutRequest a genuine LogoutResponse answers. */
export const OUR_REQUEST_ID = '_sp0123456789abcdef0123456789abcdef01';

/** The test IdP with the fixture keys (keys.idp). */
export function fixtureIdp(): Promise<TestIdp> {
  return createTestIdp({ entityID: IDP_ENTITY_ID, ...keys.idp });
}

/**
 * A verification context trusting only keys.idp, at {@link NOW}, with a fresh replay
 * cache: every run starts as if the message had never been seen.
 */
export function freshContext(): MessageContext {
  return {
    idps: new Map([
      [
        IDP_ENTITY_ID,
        { entityID: IDP_ENTITY_ID, signingKeys: [createPublicKey(keys.idp.certificate)] },
      ],
    ]),
    expectedDestination: DESTINATION,
    requireDestination: true,
    clockSkewMs: 120_000,
    maxMessageAgeMs: 300_000,
    algorithmPolicy: { allowSha1: false },
    replayCache: new MemoryReplayCache({ now: () => NOW }),
    now: () => NOW,
  };
}

/** isOurRequest for verifyLogoutResponse: only the genuine InResponseTo, only from our IdP. */
export function isOurRequest(inResponseTo: string | undefined, idpEntityID: string): boolean {
  return inResponseTo === OUR_REQUEST_ID && idpEntityID === IDP_ENTITY_ID;
}

/** A genuinely signed LogoutRequest with every optional part, so there is much to mutate. */
export function signedLogoutRequest(idp: TestIdp): { id: string; xml: string; envelope: string } {
  const request = idp.buildSoapLogoutRequest({
    destination: DESTINATION,
    issueInstant: new Date(NOW),
    notOnOrAfter: new Date(NOW + 600_000),
    reason: 'urn:oasis:names:tc:SAML:2.0:logout:user',
    nameID: 'alice@example.com',
    nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    nameQualifier: IDP_ENTITY_ID,
    sessionIndexes: ['_s1', '_s2'],
  });
  return { id: request.id, xml: request.xml, envelope: request.envelope };
}

/** A genuinely signed LogoutResponse to {@link OUR_REQUEST_ID}, with sub-status and message. */
export function signedLogoutResponse(idp: TestIdp): { id: string; xml: string } {
  return idp.buildLogoutResponse({
    inResponseTo: OUR_REQUEST_ID,
    destination: DESTINATION,
    issueInstant: new Date(NOW),
    status: 'Success',
    subStatus: 'PartialLogout',
    statusMessage: 'one session could not be ended',
  });
}

/** A genuinely signed HTTP-Redirect query (the part after `?`) carrying a LogoutRequest. */
export function signedRedirectQuery(idp: TestIdp): string {
  const { url } = idp.buildRedirectLogoutRequest({
    destination: DESTINATION,
    issueInstant: new Date(NOW),
    nameID: 'alice@example.com',
    sessionIndexes: ['_s1'],
    relayState: 'https://app.test/after?x=1&y=two words',
  });
  return url.slice(url.indexOf('?') + 1);
}

/**
 * The message without its ds:KeyInfo. Nothing there is signed or trusted (keys come from
 * configuration), so edits to it are harmless; removing it points the mutations at what is.
 */
export function withoutKeyInfo(xml: string): string {
  return xml.replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/, '');
}
