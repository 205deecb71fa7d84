import { createTestIdp, type LogoutRequestInput } from '../../lib/testing';
import { keys } from '../support/keys';
import {
  ALICE,
  BOB,
  NOBODYS_SESSION_INDEX,
  STATUS,
  expectSamlRefusal,
  inSoap11Envelope,
  logoutRequestForAlicesSession,
  startSpWithLiveSessions,
  type SpWithLiveSessions,
} from './support/live-sessions';

/**
 * A LogoutRequest whose signature is missing, broken or made with a key the SP does not
 * trust is answered with a signed Requester/RequestDenied LogoutResponse naming the
 * stable code, and ends no session.
 */
describe('SOAP LogoutRequest without a trusted signature', () => {
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

  const requestForAlicesSession = (overrides: Partial<LogoutRequestInput> = {}) =>
    logoutRequestForAlicesSession(live.sp, overrides);

  it('refuses an unsigned request with SLO_SIGNATURE_MISSING', async () => {
    const unsigned = requestForAlicesSession({ sign: false });
    const reply = await live.sp.postSoap(inSoap11Envelope(unsigned.xml));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_MISSING',
      inResponseTo: unsigned.id,
    });
  });

  it('refuses a request whose NameID was changed to bob after signing with SLO_SIGNATURE_INVALID', async () => {
    const signedForAlice = live.sp.idp.buildLogoutRequest({
      destination: live.sp.logoutUrl,
      nameID: ALICE.nameID,
      sessionIndexes: [BOB.sessionIndex],
    });
    const retargetedToBob = signedForAlice.xml.replace(
      `>${ALICE.nameID}</saml:NameID>`,
      `>${BOB.nameID}</saml:NameID>`,
    );
    expect(retargetedToBob).not.toBe(signedForAlice.xml);
    const reply = await live.sp.postSoap(inSoap11Envelope(retargetedToBob));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_INVALID',
      inResponseTo: signedForAlice.id,
    });
  });

  it('refuses a request with a SessionIndex added after signing with SLO_SIGNATURE_INVALID', async () => {
    const signedForNobodysSession = requestForAlicesSession({
      sessionIndexes: [NOBODYS_SESSION_INDEX],
    });
    const withAlicesSessionAdded = signedForNobodysSession.xml.replace(
      '</samlp:LogoutRequest>',
      `<samlp:SessionIndex>${ALICE.sessionIndex}</samlp:SessionIndex></samlp:LogoutRequest>`,
    );
    const reply = await live.sp.postSoap(inSoap11Envelope(withAlicesSessionAdded));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_INVALID',
      inResponseTo: signedForNobodysSession.id,
    });
  });

  it('refuses a request signed by another key, with that key’s certificate in KeyInfo, with SLO_SIGNATURE_INVALID (KeyInfo is never trusted)', async () => {
    const signedByOtherKey = requestForAlicesSession({ signWith: keys.other });
    expect(signedByOtherKey.xml).toContain('<ds:X509Certificate>');
    const reply = await live.sp.postSoap(inSoap11Envelope(signedByOtherKey.xml));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_INVALID',
      inResponseTo: signedByOtherKey.id,
    });
  });

  it('refuses a request signed by another key that claims the IdP’s certificate in KeyInfo with SLO_SIGNATURE_INVALID', async () => {
    const signedByOtherKeyClaimingIdpCert = requestForAlicesSession({
      signWith: { privateKey: keys.other.privateKey, certificate: keys.idp.certificate },
    });
    const reply = await live.sp.postSoap(inSoap11Envelope(signedByOtherKeyClaimingIdpCert.xml));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_INVALID',
      inResponseTo: signedByOtherKeyClaimingIdpCert.id,
    });
  });

  it('refuses a request signed with RSA-SHA1 with SLO_ALGORITHM_FORBIDDEN', async () => {
    const sha1Idp = await createTestIdp({
      ...keys.idp,
      entityID: live.sp.idp.entityID,
      signatureAlgorithm: 'rsa-sha1',
    });
    const signedWithSha1 = sha1Idp.buildSoapLogoutRequest({
      destination: live.sp.logoutUrl,
      nameID: ALICE.nameID,
      sessionIndexes: [ALICE.sessionIndex],
    });
    expect(signedWithSha1.xml).toContain('http://www.w3.org/2000/09/xmldsig#rsa-sha1');
    const reply = await live.sp.postSoap(signedWithSha1.envelope, signedWithSha1.contentType);
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_ALGORITHM_FORBIDDEN',
      inResponseTo: signedWithSha1.id,
    });
  });

  it.each([
    [
      'an HMAC SignatureMethod (public key used as the HMAC secret)',
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256',
    ],
    [
      'canonicalization with comments',
      '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>',
      '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#WithComments"/>',
    ],
    [
      'an XPath transform',
      '<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>',
      '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>1</ds:XPath></ds:Transform>',
    ],
    [
      'a SHA-1 DigestMethod under an RSA-SHA256 signature',
      '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>',
      '<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>',
    ],
  ])('refuses a signature declaring %s with SLO_ALGORITHM_FORBIDDEN', async (_case, from, to) => {
    const genuine = requestForAlicesSession();
    expect(genuine.xml).toContain(from);
    const relabelled = genuine.xml.replace(from, to);
    const reply = await live.sp.postSoap(inSoap11Envelope(relabelled));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_ALGORITHM_FORBIDDEN',
      inResponseTo: genuine.id,
    });
  });

  it('refuses a genuine signature with a ds:Object smuggled into it (unsigned content) with SLO_SIGNATURE_WRAPPING', async () => {
    const genuine = requestForAlicesSession();
    const withObject = genuine.xml.replace(
      '</ds:Signature>',
      `<ds:Object><saml:NameID>${BOB.nameID}</saml:NameID></ds:Object></ds:Signature>`,
    );
    const reply = await live.sp.postSoap(inSoap11Envelope(withObject));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_WRAPPING',
      inResponseTo: genuine.id,
    });
  });

  it('still ends alice’s session for a valid request after all of the above', async () => {
    await live.expectValidLogoutStillEndsAlicesSession();
  });
});

describe('SOAP LogoutRequest signed with RSA-SHA1 when the SP allows SHA-1', () => {
  it('is accepted with security.allowSha1 and ends the session it names', async () => {
    const live = await startSpWithLiveSessions({ slo: { security: { allowSha1: true } } });
    try {
      const sha1Idp = await createTestIdp({
        ...keys.idp,
        entityID: live.sp.idp.entityID,
        signatureAlgorithm: 'rsa-sha1',
      });
      const signedWithSha1 = sha1Idp.buildSoapLogoutRequest({
        destination: live.sp.logoutUrl,
        nameID: ALICE.nameID,
        sessionIndexes: [ALICE.sessionIndex],
      });
      const reply = await live.sp.postSoap(signedWithSha1.envelope, signedWithSha1.contentType);
      expect(reply.status).toBe(200);
      expect(live.sp.idp.readLogoutResponse(reply.body, keys.sp.certificate)).toMatchObject({
        signatureValid: true,
        status: STATUS.success,
        inResponseTo: signedWithSha1.id,
      });
      expect(await live.sp.me(live.aliceCookie)).toBeNull();
      expect((await live.sp.me(live.bobCookie))?.user.nameID).toBe(BOB.nameID);
    } finally {
      await live.close();
    }
  });
});
