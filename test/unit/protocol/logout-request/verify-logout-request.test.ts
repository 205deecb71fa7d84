import { createPublicKey } from 'node:crypto';
import { SloErrorCode } from '../../../../lib/errors';
import {
  verifyLogoutRequest,
  type IdpTrust,
  type LogoutRequestContext,
} from '../../../../lib/protocol/logout-request/verify-logout-request';
import { replayWindowEnd } from '../../../../lib/protocol/message/verify-message-header';
import { parseUntrustedXml } from '../../../../lib/protocol/xml/parse-xml';
import { MemoryReplayCache } from '../../../../lib/session-index/memory-replay-cache';
import type { ReplayCache } from '../../../../lib/session-index/session-index';
import { createTestIdp, signXml, type TestIdp } from '../../../../lib/testing';
import type { LogoutRequestInput } from '../../../../lib/testing/build-logout-request';
import { keys } from '../../../support/keys';
import { caughtSloError } from '../../support/slo-error';

const IDP = 'https://idp.test/metadata';
const IDP2 = 'https://idp2.test/metadata';
const DESTINATION = 'https://sp.test/saml/logout';
const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const SKEW = 120_000;
const MAX_AGE = 300_000;
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

let idp: TestIdp;
let idp2: TestIdp;

beforeAll(async () => {
  idp = await createTestIdp({ entityID: IDP, ...keys.idp });
  idp2 = await createTestIdp({ entityID: IDP2, ...keys.other });
});

interface Harness {
  context: LogoutRequestContext;
  clock: { ms: number };
}

function harness(overrides: Partial<LogoutRequestContext> = {}): Harness {
  const clock = { ms: NOW };
  const trust = (entityID: string, certificate: string): [string, IdpTrust] => [
    entityID,
    { entityID, signingKeys: [createPublicKey(certificate)] },
  ];
  const context: LogoutRequestContext = {
    idps: new Map([trust(IDP, keys.idp.certificate), trust(IDP2, keys.other.certificate)]),
    expectedDestination: DESTINATION,
    requireDestination: true,
    clockSkewMs: SKEW,
    maxMessageAgeMs: MAX_AGE,
    algorithmPolicy: { allowSha1: false },
    replayCache: new MemoryReplayCache({ now: () => clock.ms }),
    now: () => clock.ms,
    ...overrides,
  };
  return { context, clock };
}

/** A signed request from the test IdP; defaults: addressed here, issued now, alice, one SessionIndex. */
function request(input: Partial<LogoutRequestInput> = {}, from: TestIdp = idp) {
  return from.buildLogoutRequest({
    destination: DESTINATION,
    issueInstant: new Date(NOW),
    nameID: 'alice@example.com',
    sessionIndexes: ['_s1'],
    ...input,
  });
}

/** An unsigned request, edited as text, then signed by the IdP. */
function editedRequest(
  edit: (xml: string) => string,
  input: Partial<LogoutRequestInput> = {},
): { id: string; xml: string } {
  const { id, xml } = request({ ...input, sign: false });
  return { id, xml: signXml(edit(xml), { referenceId: id, ...keys.idp }) };
}

function elementOf(xml: string): Element {
  return parseUntrustedXml(xml).documentElement;
}

function verify(xml: string, context: LogoutRequestContext) {
  return verifyLogoutRequest(elementOf(xml), context);
}

async function refusal(xml: string, context: LogoutRequestContext = harness().context) {
  return caughtSloError(() => verify(xml, context));
}

describe('verifyLogoutRequest', () => {
  describe('accepts a valid signed request', () => {
    it('and returns everything it says', async () => {
      const { id, xml } = request({
        nameIDFormat: EMAIL,
        nameQualifier: IDP,
        spNameQualifier: 'https://sp.test/metadata',
        sessionIndexes: ['_s1', '_s2'],
        notOnOrAfter: new Date(NOW + 60_000),
        reason: 'urn:oasis:names:tc:SAML:2.0:logout:user',
      });
      const verified = await verify(xml, harness().context);
      expect(verified).toEqual({
        id,
        issuer: IDP,
        issueInstant: new Date(NOW),
        destination: DESTINATION,
        notOnOrAfter: new Date(NOW + 60_000),
        reason: 'urn:oasis:names:tc:SAML:2.0:logout:user',
        nameID: 'alice@example.com',
        nameIDFormat: EMAIL,
        nameQualifier: IDP,
        spNameQualifier: 'https://sp.test/metadata',
        sessionIndexes: ['_s1', '_s2'],
        nameIDWasEncrypted: false,
      });
    });

    it('with no SessionIndex (all of the user’s sessions)', async () => {
      const verified = await verify(request({ sessionIndexes: [] }).xml, harness().context);
      expect(verified.sessionIndexes).toEqual([]);
    });

    it('from any configured IdP, checked against that IdP’s keys', async () => {
      const verified = await verify(request({}, idp2).xml, harness().context);
      expect(verified.issuer).toBe(IDP2);
    });

    it('de-duplicating repeated SessionIndexes, in first-seen order', async () => {
      const { xml } = request({ sessionIndexes: ['_s2', '_s1', '_s2', '_s1', '_s3'] });
      expect((await verify(xml, harness().context)).sessionIndexes).toEqual(['_s2', '_s1', '_s3']);
    });

    it('reading an empty Format, NameQualifier or SPNameQualifier as absent, as at login', async () => {
      const { xml } = editedRequest((x) =>
        x.replace(/<saml:NameID\b/, '<saml:NameID Format="" NameQualifier="" SPNameQualifier=""'),
      );
      const verified = await verify(xml, harness().context);
      expect(verified.nameID).toBe('alice@example.com');
      expect(verified).not.toHaveProperty('nameIDFormat');
      expect(verified).not.toHaveProperty('nameQualifier');
      expect(verified).not.toHaveProperty('spNameQualifier');
    });

    it('trimming whitespace around SessionIndex values', async () => {
      const { xml } = request({ sessionIndexes: ['  _s1\n'] });
      expect((await verify(xml, harness().context)).sessionIndexes).toEqual(['_s1']);
    });
  });

  describe('refuses, with the code of the failed check', () => {
    it('an element that is not a LogoutRequest (SLO_MESSAGE_UNEXPECTED)', async () => {
      const xml = `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0"/>`;
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageUnexpected);
    });

    it('a missing ID (SLO_MESSAGE_INVALID, no inResponseTo)', async () => {
      const { xml } = request({ sign: false, id: '_x' });
      const err = await refusal(xml.replace(' ID="_x"', ''));
      expect(err.code).toBe(SloErrorCode.MessageInvalid);
      expect(err.inResponseTo).toBeUndefined();
    });

    it('an ID that is not an xsd:ID (SLO_MESSAGE_INVALID, not echoed)', async () => {
      const { xml } = request({ sign: false, id: '_x' });
      const err = await refusal(xml.replace(' ID="_x"', ' ID="1&lt;bad"'));
      expect(err.code).toBe(SloErrorCode.MessageInvalid);
      expect(err.inResponseTo).toBeUndefined();
    });

    it('a Version other than 2.0 (SLO_VERSION_MISMATCH)', async () => {
      const { xml } = editedRequest((x) => x.replace('Version="2.0"', 'Version="1.1"'));
      expect((await refusal(xml)).code).toBe(SloErrorCode.VersionMismatch);
    });

    it('an Issuer that is not a configured IdP (SLO_ISSUER_UNKNOWN)', async () => {
      const { xml } = request({ issuer: 'https://unknown.test/metadata' });
      expect((await refusal(xml)).code).toBe(SloErrorCode.IssuerUnknown);
    });

    it('an Issuer that differs from a configured IdP only by case (SLO_ISSUER_UNKNOWN)', async () => {
      const { xml } = request({ issuer: IDP.toUpperCase() });
      expect((await refusal(xml)).code).toBe(SloErrorCode.IssuerUnknown);
    });

    it('a missing Issuer (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = editedRequest((x) => x.replace(/<saml:Issuer>[^<]*<\/saml:Issuer>/, ''));
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });

    it('an Issuer with a Format other than entity (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = editedRequest((x) =>
        x.replace('<saml:Issuer>', `<saml:Issuer Format="${EMAIL}">`),
      );
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });

    it('an unsigned request (SLO_SIGNATURE_MISSING)', async () => {
      expect((await refusal(request({ sign: false }).xml)).code).toBe(
        SloErrorCode.SignatureMissing,
      );
    });

    it('a request signed by another IdP’s key (SLO_SIGNATURE_INVALID)', async () => {
      const { xml } = request({ signWith: keys.other });
      expect((await refusal(xml)).code).toBe(SloErrorCode.SignatureInvalid);
    });

    it('a Destination that is not this endpoint (SLO_DESTINATION_MISMATCH)', async () => {
      const { xml } = request({ destination: 'https://sp.test/saml/logout/other' });
      expect((await refusal(xml)).code).toBe(SloErrorCode.DestinationMismatch);
    });

    it('a missing Destination when requireDestination is true (SLO_DESTINATION_MISMATCH)', async () => {
      const { xml } = request({ destination: undefined });
      expect((await refusal(xml)).code).toBe(SloErrorCode.DestinationMismatch);
    });

    it('a missing IssueInstant (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = editedRequest((x) => x.replace(/ IssueInstant="[^"]*"/, ''));
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });

    it('an IssueInstant that is not an xsd:dateTime (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = editedRequest((x) =>
        x.replace(/ IssueInstant="[^"]*"/, ' IssueInstant="yesterday"'),
      );
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });

    it('a NotOnOrAfter that is not an xsd:dateTime (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = editedRequest((x) =>
        x.replace(' Version="2.0"', ' Version="2.0" NotOnOrAfter="soon"'),
      );
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });

    it('a request without NameID (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = editedRequest((x) => x.replace(/<saml:NameID>[^<]*<\/saml:NameID>/, ''));
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });

    it('an empty NameID (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = request({ nameID: '   ' });
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });

    it('a NameID split by a comment (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = editedRequest((x) =>
        x.replace('alice@example.com', 'alice@example.com<!---->.evil.test'),
      );
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });

    it('two NameIDs (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = editedRequest((x) =>
        x.replace('</saml:NameID>', '</saml:NameID><saml:NameID>bob@example.com</saml:NameID>'),
      );
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });

    it('a BaseID (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = editedRequest((x) =>
        x.replace(
          /<saml:NameID>[^<]*<\/saml:NameID>/,
          '<saml:BaseID xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="x:Custom" xmlns:x="urn:x"/>',
        ),
      );
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });

    it('both a NameID and an EncryptedID (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = editedRequest(
        (x) =>
          x.replace('</saml:EncryptedID>', '</saml:EncryptedID><saml:NameID>bob</saml:NameID>'),
        { encryptNameIDFor: { certificate: keys.sp.certificate } },
      );
      const err = await refusal(xml, harness({ decryptionKeyPem: keys.sp.privateKey }).context);
      expect(err.code).toBe(SloErrorCode.MessageInvalid);
    });

    it.each([
      ['empty', ''],
      ['whitespace only', '  \n '],
      ['257 characters long', 'x'.repeat(257)],
    ])('a SessionIndex that is %s (SLO_MESSAGE_INVALID)', async (_name, value) => {
      const { xml } = request({ sessionIndexes: ['_s1', value] });
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });

    it.each([
      ['a SessionIndex', '<samlp:SessionIndex>_s1', '<samlp:SessionIndex>_s1&#xD800;'],
      ['a NameID', 'alice@example.com<', 'alice@example.com&#xDC00;<'],
    ])(
      '%s holding a lone surrogate, which no index could store (SLO_MESSAGE_INVALID)',
      async (_name, from, to) => {
        const { xml } = editedRequest((x) => x.replace(from, to));
        expect(xml).toMatch(/\uD800|\uDC00/); // the signer wrote the character itself
        expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
      },
    );

    it('a SessionIndex of 256 characters is accepted', async () => {
      const { xml } = request({ sessionIndexes: ['x'.repeat(256)] });
      expect((await verify(xml, harness().context)).sessionIndexes).toEqual(['x'.repeat(256)]);
    });

    it('more than 100 SessionIndexes (SLO_MESSAGE_INVALID); 100 are accepted', async () => {
      const indexes = (n: number) => Array.from({ length: n }, (_, i) => `_s${i}`);
      expect((await refusal(request({ sessionIndexes: indexes(101) }).xml)).code).toBe(
        SloErrorCode.MessageInvalid,
      );
      const verified = await verify(
        request({ sessionIndexes: indexes(100) }).xml,
        harness().context,
      );
      expect(verified.sessionIndexes).toHaveLength(100);
    });

    it('a SessionIndex holding an element (SLO_MESSAGE_INVALID)', async () => {
      const { xml } = editedRequest((x) =>
        x.replace('<samlp:SessionIndex>_s1', '<samlp:SessionIndex><b/>_s1'),
      );
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageInvalid);
    });
  });

  describe('names the request in every refusal (inResponseTo = its ID)', () => {
    const cases: Array<[string, () => { id: string; xml: string }]> = [
      ['version', () => editedRequest((x) => x.replace('Version="2.0"', 'Version="1.0"'))],
      ['unknown issuer', () => request({ issuer: 'https://unknown.test' })],
      ['missing signature', () => request({ sign: false })],
      ['bad signature', () => request({ signWith: keys.other })],
      ['destination', () => request({ destination: 'https://evil.test/' })],
      ['expired', () => request({ issueInstant: new Date(NOW - MAX_AGE - SKEW - 1) })],
      [
        'missing NameID',
        () => editedRequest((x) => x.replace(/<saml:NameID>.*<\/saml:NameID>/, '')),
      ],
      ['empty SessionIndex', () => request({ sessionIndexes: [''] })],
    ];
    it.each(cases)('%s', async (_name, make) => {
      const { id, xml } = make();
      const err = await refusal(xml);
      expect(err.inResponseTo).toBe(id);
    });
  });

  describe('Destination', () => {
    it('may be absent when requireDestination is false', async () => {
      const { xml } = request({ destination: undefined });
      const verified = await verify(xml, harness({ requireDestination: false }).context);
      expect(verified.destination).toBeUndefined();
    });

    it('must still match when present and requireDestination is false', async () => {
      const { xml } = request({ destination: 'https://evil.test/saml/logout' });
      const err = await refusal(xml, harness({ requireDestination: false }).context);
      expect(err.code).toBe(SloErrorCode.DestinationMismatch);
    });
  });

  describe('IssueInstant window (maxMessageAgeMs + clockSkewMs)', () => {
    it('accepts an IssueInstant exactly maxMessageAgeMs + clockSkewMs old', async () => {
      const { xml } = request({ issueInstant: new Date(NOW - MAX_AGE - SKEW) });
      await expect(verify(xml, harness().context)).resolves.toMatchObject({ issuer: IDP });
    });

    it('refuses one a millisecond older (SLO_MESSAGE_EXPIRED)', async () => {
      const { xml } = request({ issueInstant: new Date(NOW - MAX_AGE - SKEW - 1) });
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageExpired);
    });

    it('accepts an IssueInstant exactly clockSkewMs in the future', async () => {
      const { xml } = request({ issueInstant: new Date(NOW + SKEW) });
      await expect(verify(xml, harness().context)).resolves.toMatchObject({ issuer: IDP });
    });

    it('refuses one a millisecond further in the future (SLO_MESSAGE_EXPIRED)', async () => {
      const { xml } = request({ issueInstant: new Date(NOW + SKEW + 1) });
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageExpired);
    });

    it('follows the context clock, not the wall clock', async () => {
      const { xml } = request({ issueInstant: new Date(NOW) });
      const { context, clock } = harness();
      clock.ms = NOW + MAX_AGE + SKEW + 1;
      expect((await refusal(xml, context)).code).toBe(SloErrorCode.MessageExpired);
    });
  });

  describe('NotOnOrAfter', () => {
    it('refuses a request whose NotOnOrAfter is clockSkewMs in the past (SLO_MESSAGE_EXPIRED)', async () => {
      const { xml } = request({ notOnOrAfter: new Date(NOW - SKEW) });
      expect((await refusal(xml)).code).toBe(SloErrorCode.MessageExpired);
    });

    it('accepts one a millisecond later (within the skew)', async () => {
      const { xml } = request({ notOnOrAfter: new Date(NOW - SKEW + 1) });
      await expect(verify(xml, harness().context)).resolves.toMatchObject({
        notOnOrAfter: new Date(NOW - SKEW + 1),
      });
    });
  });

  describe('replay', () => {
    it('refuses the same request twice (SLO_MESSAGE_REPLAYED), naming it', async () => {
      const { id, xml } = request();
      const { context } = harness();
      await verify(xml, context);
      const err = await refusal(xml, context);
      expect(err.code).toBe(SloErrorCode.MessageReplayed);
      expect(err.inResponseTo).toBe(id);
    });

    it('keeps refusing a replay until the request is too old anyway', async () => {
      const { xml } = request({ issueInstant: new Date(NOW) });
      const { context, clock } = harness();
      await verify(xml, context);
      clock.ms = NOW + MAX_AGE + SKEW; // the last instant the IssueInstant window accepts
      expect((await refusal(xml, context)).code).toBe(SloErrorCode.MessageReplayed);
      clock.ms += 1;
      expect((await refusal(xml, context)).code).toBe(SloErrorCode.MessageExpired);
    });

    it('keys the cache by issuer: the same ID from another IdP is not a replay', async () => {
      const { context } = harness();
      await verify(request({ id: '_same' }).xml, context);
      await expect(verify(request({ id: '_same' }, idp2).xml, context)).resolves.toMatchObject({
        issuer: IDP2,
      });
    });

    it('does not remember a request whose signature failed: the genuine one still passes', async () => {
      const { context } = harness();
      const forged = request({ id: '_target', signWith: keys.other });
      expect((await refusal(forged.xml, context)).code).toBe(SloErrorCode.SignatureInvalid);
      const genuine = request({ id: '_target' });
      await expect(verify(genuine.xml, context)).resolves.toMatchObject({ id: '_target' });
    });

    it('does not write the replay cache for unsigned, misaddressed or expired requests', async () => {
      const remember = jest.fn<Promise<boolean>, Parameters<ReplayCache['remember']>>(
        async () => true,
      );
      const { context } = harness({ replayCache: { remember } });
      await refusal(request({ sign: false }).xml, context);
      await refusal(request({ signWith: keys.other }).xml, context);
      await refusal(request({ destination: 'https://evil.test/' }).xml, context);
      await refusal(request({ issueInstant: new Date(NOW - 3_600_000) }).xml, context);
      expect(remember).not.toHaveBeenCalled();
    });

    it('remembers an accepted request until it could no longer pass the IssueInstant window', async () => {
      const remember = jest.fn<Promise<boolean>, Parameters<ReplayCache['remember']>>(
        async () => true,
      );
      const { id, xml } = request({ issueInstant: new Date(NOW) });
      await verify(xml, harness({ replayCache: { remember } }).context);
      expect(remember).toHaveBeenCalledTimes(1);
      const [issuer, rememberedId, expiresAt] = remember.mock.calls[0]!;
      expect([issuer, rememberedId]).toEqual([IDP, id]);
      expect(expiresAt).toBeGreaterThan(NOW + MAX_AGE + SKEW);
      expect(expiresAt).toBe(
        replayWindowEnd(new Date(NOW), { maxMessageAgeMs: MAX_AGE, clockSkewMs: SKEW }),
      );
    });

    it("with replayCheck 'caller', leaves the replay cache alone: the caller's claim remembers the ID", async () => {
      const remember = jest.fn<Promise<boolean>, Parameters<ReplayCache['remember']>>(
        async () => false,
      );
      const { context } = harness({ replayCache: { remember } });
      const { id, xml } = request();
      const asCaller = () =>
        verifyLogoutRequest(elementOf(xml), context, undefined, { replayCheck: 'caller' });
      await expect(asCaller()).resolves.toMatchObject({ id });
      await expect(asCaller()).resolves.toMatchObject({ id });
      expect(remember).not.toHaveBeenCalled();
      // Every other check still holds: the signature, and the IssueInstant window (the
      // caller's record of the ID lasts only until that window has passed).
      const asCallerWith = (xml: string) =>
        verifyLogoutRequest(elementOf(xml), context, undefined, { replayCheck: 'caller' });
      await expect(asCallerWith(request({ signWith: keys.other }).xml)).rejects.toMatchObject({
        code: SloErrorCode.SignatureInvalid,
      });
      await expect(
        asCallerWith(request({ issueInstant: new Date(NOW - MAX_AGE - SKEW - 1) }).xml),
      ).rejects.toMatchObject({ code: SloErrorCode.MessageExpired });
    });
  });

  describe('EncryptedID', () => {
    it.each(['aes256-cbc', 'aes128-gcm'] as const)(
      'is decrypted with the SP key (%s)',
      async (algorithm) => {
        const { xml } = request({
          nameIDFormat: EMAIL,
          nameQualifier: IDP,
          encryptNameIDFor: { certificate: keys.sp.certificate, algorithm },
        });
        expect(xml).not.toContain('alice@example.com');
        const verified = await verify(
          xml,
          harness({ decryptionKeyPem: keys.sp.privateKey }).context,
        );
        expect(verified).toMatchObject({
          nameID: 'alice@example.com',
          nameIDFormat: EMAIL,
          nameQualifier: IDP,
          nameIDWasEncrypted: true,
          sessionIndexes: ['_s1'],
        });
      },
    );

    it('without a decryption key is SLO_DECRYPTION_FAILED, naming the request', async () => {
      const { id, xml } = request({ encryptNameIDFor: { certificate: keys.sp.certificate } });
      const err = await refusal(xml, harness().context);
      expect(err.code).toBe(SloErrorCode.DecryptionFailed);
      expect(err.inResponseTo).toBe(id);
    });

    it('with the wrong decryption key is SLO_DECRYPTION_FAILED', async () => {
      const { xml } = request({ encryptNameIDFor: { certificate: keys.sp.certificate } });
      const err = await refusal(xml, harness({ decryptionKeyPem: keys.other.privateKey }).context);
      expect(err.code).toBe(SloErrorCode.DecryptionFailed);
    });
  });
});
