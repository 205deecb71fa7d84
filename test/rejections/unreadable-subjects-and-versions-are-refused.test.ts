import { signXml } from '../../lib/testing';
import { keys } from '../support/keys';
import {
  ALICE,
  BOB,
  STATUS,
  expectSamlRefusal,
  inSoap11Envelope,
  logoutRequestForAlicesSession,
  startSpWithLiveSessions,
  type SpWithLiveSessions,
} from './support/live-sessions';

/**
 * A LogoutRequest whose signature holds but whose subject cannot be read as one exact
 * NameID (a comment splitting it, an EncryptedID not for us) or whose SAML Version is not
 * 2.0 is refused with a signed LogoutResponse, and ends no session. The positive control
 * for EncryptedID proves the refusal is about the key, not about encryption.
 */
describe('SOAP LogoutRequest whose subject or version cannot be honoured', () => {
  let live: SpWithLiveSessions;

  beforeAll(async () => {
    live = await startSpWithLiveSessions();
  });
  afterEach(async () => {
    await live.expectEveryoneStillLoggedIn();
  });
  afterAll(async () => {
    await live.close();
  });

  it('refuses a NameID split by a comment (alice@example.com<!---->.evil, signed whole) with SLO_MESSAGE_INVALID instead of reading it as alice', async () => {
    const signedForEvilName = logoutRequestForAlicesSession(live.sp, {
      nameID: `${ALICE.nameID}.evil`,
    });
    const commentSplitsNameID = signedForEvilName.xml.replace(
      `>${ALICE.nameID}.evil</saml:NameID>`,
      `>${ALICE.nameID}<!---->.evil</saml:NameID>`,
    );
    expect(commentSplitsNameID).toContain('<!---->');
    const reply = await live.sp.postSoap(inSoap11Envelope(commentSplitsNameID));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_MESSAGE_INVALID',
      subStatus: undefined,
      inResponseTo: signedForEvilName.id,
    });
  });

  it('refuses a SessionIndex split by a comment (alice’s index<!---->-other, signed whole) with SLO_MESSAGE_INVALID instead of ending alice’s session', async () => {
    const signedForOtherIndex = logoutRequestForAlicesSession(live.sp, {
      sessionIndexes: [`${ALICE.sessionIndex}-other`],
    });
    const commentSplitsIndex = signedForOtherIndex.xml.replace(
      `>${ALICE.sessionIndex}-other<`,
      `>${ALICE.sessionIndex}<!---->-other<`,
    );
    expect(commentSplitsIndex).toContain('<!---->');
    const reply = await live.sp.postSoap(inSoap11Envelope(commentSplitsIndex));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_MESSAGE_INVALID',
      subStatus: undefined,
      inResponseTo: signedForOtherIndex.id,
    });
  });

  it('refuses a signed request naming more than 100 SessionIndex values with SLO_MESSAGE_INVALID', async () => {
    const manyIndexes = Array.from({ length: 101 }, (_, i) => `_index-${i}`);
    const tooManyIndexes = logoutRequestForAlicesSession(live.sp, {
      sessionIndexes: [ALICE.sessionIndex, ...manyIndexes],
    });
    const reply = await live.sp.postSoap(inSoap11Envelope(tooManyIndexes.xml));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_MESSAGE_INVALID',
      subStatus: undefined,
      inResponseTo: tooManyIndexes.id,
    });
  });

  it('refuses a request with no ID with SLO_MESSAGE_INVALID and no InResponseTo', async () => {
    const unsigned = logoutRequestForAlicesSession(live.sp, { sign: false });
    const withoutId = unsigned.xml.replace(` ID="${unsigned.id}"`, '');
    expect(withoutId).not.toContain(unsigned.id);
    const reply = await live.sp.postSoap(inSoap11Envelope(withoutId));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_MESSAGE_INVALID',
      subStatus: undefined,
      inResponseTo: undefined,
    });
  });

  it('does not echo an ID that is not an xsd:ID into InResponseTo', async () => {
    const unsigned = logoutRequestForAlicesSession(live.sp, { sign: false });
    const badId = unsigned.xml.replace(` ID="${unsigned.id}"`, ' ID="1 not an NCName &lt;x&gt;"');
    const reply = await live.sp.postSoap(inSoap11Envelope(badId));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_MESSAGE_INVALID',
      subStatus: undefined,
      inResponseTo: undefined,
    });
  });

  it('answers a validly signed Version="1.1" request with VersionMismatch and SLO_VERSION_MISMATCH', async () => {
    const unsigned = logoutRequestForAlicesSession(live.sp, { sign: false });
    const version11 = unsigned.xml.replace('Version="2.0"', 'Version="1.1"');
    expect(version11).not.toBe(unsigned.xml);
    const signedVersion11 = signXml(version11, { referenceId: unsigned.id, ...keys.idp });
    const reply = await live.sp.postSoap(inSoap11Envelope(signedVersion11));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_VERSION_MISMATCH',
      status: STATUS.versionMismatch,
      subStatus: undefined,
      inResponseTo: unsigned.id,
    });
  });

  it('ends the named session when the NameID is encrypted to the SP’s certificate (positive control)', async () => {
    const carol = { nameID: 'carol@example.com', sessionIndex: '_carol-session-1' };
    const carolCookie = await live.sp.login(carol.nameID, [carol.sessionIndex]);
    const encryptedForSp = live.sp.idp.buildLogoutRequest({
      destination: live.sp.logoutUrl,
      nameID: carol.nameID,
      sessionIndexes: [carol.sessionIndex],
      encryptNameIDFor: { certificate: keys.sp.certificate },
    });
    expect(encryptedForSp.xml).toContain('EncryptedID');
    expect(encryptedForSp.xml).not.toContain(carol.nameID);
    const reply = await live.sp.postSoap(inSoap11Envelope(encryptedForSp.xml));
    expect(reply.status).toBe(200);
    expect(live.sp.idp.readLogoutResponse(reply.body, keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      status: STATUS.success,
      inResponseTo: encryptedForSp.id,
    });
    expect(await live.sp.me(carolCookie)).toBeNull();
  });

  it('refuses a NameID encrypted to another certificate with SLO_DECRYPTION_FAILED', async () => {
    const encryptedForOtherKey = logoutRequestForAlicesSession(live.sp, {
      encryptNameIDFor: { certificate: keys.other.certificate },
    });
    const reply = await live.sp.postSoap(inSoap11Envelope(encryptedForOtherKey.xml));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_DECRYPTION_FAILED',
      subStatus: undefined,
      inResponseTo: encryptedForOtherKey.id,
    });
  });

  it('still ends alice’s session for a valid request after all of the above', async () => {
    await live.expectValidLogoutStillEndsAlicesSession();
    expect((await live.sp.me(live.bobCookie))?.user.nameID).toBe(BOB.nameID);
  });
});
