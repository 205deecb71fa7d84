import { signXml } from '../../lib/testing';
import { keys } from '../support/keys';
import {
  BOB,
  NOBODYS_SESSION_INDEX,
  SOAP11_NS,
  expectSamlRefusal,
  expectSoap11Fault,
  inSoap11Envelope,
  logoutRequestForAlicesSession,
  startSpWithLiveSessions,
  type SpWithLiveSessions,
} from './support/live-sessions';

const SIGNATURE = /<ds:Signature\b[\s\S]*?<\/ds:Signature>/;

/** Splits a signed message into its ds:Signature and the message without it. */
function detachSignature(signedXml: string): { signature: string; unsigned: string } {
  const signature = SIGNATURE.exec(signedXml)?.[0];
  if (!signature) throw new Error('no ds:Signature to detach');
  return { signature, unsigned: signedXml.replace(signature, '') };
}

/** Puts `inserted` right after the message's saml:Issuer (where its signature belongs). */
function afterIssuer(xml: string, inserted: string): string {
  if (!xml.includes('</saml:Issuer>')) throw new Error('no saml:Issuer');
  return xml.replace('</saml:Issuer>', `</saml:Issuer>${inserted}`);
}

/**
 * Signature wrapping (XSW): a genuine IdP signature is kept valid while the message that
 * is acted on is a forged one. Every shape is refused with SLO_SIGNATURE_WRAPPING in a
 * signed Requester/RequestDenied response (or, when the SOAP Body holds two messages, a
 * SOAP Fault), and no session ends — in particular not bob's, whom the forgeries name.
 */
describe('SOAP LogoutRequest with a wrapped or misplaced signature', () => {
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

  const genuineRequestForNobodysSession = () =>
    logoutRequestForAlicesSession(live.sp, { sessionIndexes: [NOBODYS_SESSION_INDEX] });
  const forgedUnsignedRequestForBob = (id?: string) =>
    live.sp.idp.buildLogoutRequest({
      destination: live.sp.logoutUrl,
      nameID: BOB.nameID,
      sessionIndexes: [BOB.sessionIndex],
      sign: false,
      ...(id === undefined ? {} : { id }),
    });

  it('refuses a forged request for bob carrying the genuine signed request inside its Extensions', async () => {
    const genuine = genuineRequestForNobodysSession();
    const forged = forgedUnsignedRequestForBob();
    const genuineInsideExtensions = afterIssuer(
      forged.xml,
      `<samlp:Extensions>${genuine.xml}</samlp:Extensions>`,
    );
    const reply = await live.sp.postSoap(inSoap11Envelope(genuineInsideExtensions));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_WRAPPING',
      inResponseTo: forged.id,
    });
  });

  it('refuses a forged request for bob carrying the genuine signature, with the genuine request moved into its Extensions', async () => {
    const genuine = genuineRequestForNobodysSession();
    const { signature, unsigned: genuineWithoutSignature } = detachSignature(genuine.xml);
    const forged = forgedUnsignedRequestForBob();
    const forgedWithGenuineSignature = afterIssuer(
      forged.xml,
      `${signature}<samlp:Extensions>${genuineWithoutSignature}</samlp:Extensions>`,
    );
    const reply = await live.sp.postSoap(inSoap11Envelope(forgedWithGenuineSignature));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_WRAPPING',
      inResponseTo: forged.id,
    });
  });

  it('refuses a forged request for bob that reuses the genuine ID while the genuine request hides in a SOAP Header (duplicate IDs)', async () => {
    const genuine = genuineRequestForNobodysSession();
    const { signature, unsigned: genuineWithoutSignature } = detachSignature(genuine.xml);
    const forgedWithSameId = afterIssuer(forgedUnsignedRequestForBob(genuine.id).xml, signature);
    const envelope =
      `<soap:Envelope xmlns:soap="${SOAP11_NS}">` +
      `<soap:Header>${genuineWithoutSignature}</soap:Header>` +
      `<soap:Body>${forgedWithSameId}</soap:Body></soap:Envelope>`;
    const reply = await live.sp.postSoap(envelope);
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_WRAPPING',
      inResponseTo: genuine.id,
    });
  });

  it('refuses a genuine signed request when another element elsewhere in the envelope carries the same ID', async () => {
    const genuine = logoutRequestForAlicesSession(live.sp);
    const envelope =
      `<soap:Envelope xmlns:soap="${SOAP11_NS}">` +
      `<soap:Header><evil:Decoy xmlns:evil="urn:evil" ID="${genuine.id}"/></soap:Header>` +
      `<soap:Body>${genuine.xml}</soap:Body></soap:Envelope>`;
    const reply = await live.sp.postSoap(envelope);
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_WRAPPING',
      inResponseTo: genuine.id,
    });
  });

  it('refuses a request whose signature Reference points at an inner element with its own ID, not at the request', async () => {
    const unsigned = logoutRequestForAlicesSession(live.sp, { sign: false });
    const innerId = '_signed-inner-element';
    const withInnerElement = afterIssuer(
      unsigned.xml,
      `<samlp:Extensions><evil:Evidence xmlns:evil="urn:evil" ID="${innerId}">harmless</evil:Evidence></samlp:Extensions>`,
    );
    const innerSigned = signXml(withInnerElement, { referenceId: innerId, ...keys.idp });
    const { signature, unsigned: rest } = detachSignature(innerSigned);
    expect(signature).toContain(`URI="#${innerId}"`);
    const signatureReferencingInner = afterIssuer(rest, signature);
    const reply = await live.sp.postSoap(inSoap11Envelope(signatureReferencingInner));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_WRAPPING',
      inResponseTo: unsigned.id,
    });
  });

  it('refuses a request whose only signature covers the Issuer alone', async () => {
    const unsigned = logoutRequestForAlicesSession(live.sp, { sign: false });
    const issuerId = '_signed-issuer-only';
    const issuerWithId = unsigned.xml.replace('<saml:Issuer>', `<saml:Issuer ID="${issuerId}">`);
    const issuerSigned = signXml(issuerWithId, { referenceId: issuerId, ...keys.idp });
    const { signature, unsigned: rest } = detachSignature(issuerSigned);
    const issuerSignatureWhereMessageSignatureGoes = afterIssuer(rest, signature);
    const reply = await live.sp.postSoap(
      inSoap11Envelope(issuerSignatureWhereMessageSignatureGoes),
    );
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_WRAPPING',
      inResponseTo: unsigned.id,
    });
  });

  it('refuses a request whose Issuer-only signature is left inside the Issuer (SLO_MESSAGE_INVALID: the Issuer is no longer plain text)', async () => {
    const unsigned = logoutRequestForAlicesSession(live.sp, { sign: false });
    const issuerId = '_signed-issuer-in-place';
    const issuerWithId = unsigned.xml.replace('<saml:Issuer>', `<saml:Issuer ID="${issuerId}">`);
    const issuerSignedInPlace = signXml(issuerWithId, { referenceId: issuerId, ...keys.idp });
    const reply = await live.sp.postSoap(inSoap11Envelope(issuerSignedInPlace));
    // With the signature inside it, saml:Issuer no longer holds text only, so the request
    // is refused as unreadable before any signature is looked at.
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_MESSAGE_INVALID',
      subStatus: undefined,
      inResponseTo: unsigned.id,
    });
  });

  it('refuses a genuine signed request that carries a second ds:Signature', async () => {
    const genuine = logoutRequestForAlicesSession(live.sp);
    const { signature } = detachSignature(genuine.xml);
    const twoSignatures = genuine.xml.replace(signature, `${signature}${signature}`);
    const reply = await live.sp.postSoap(inSoap11Envelope(twoSignatures));
    expectSamlRefusal(live.sp, reply, {
      code: 'SLO_SIGNATURE_WRAPPING',
      inResponseTo: genuine.id,
    });
  });

  it('answers a SOAP Fault (SLO_SOAP_MALFORMED) when an unsigned request for bob precedes the genuine one in the Body', async () => {
    const genuine = logoutRequestForAlicesSession(live.sp);
    const reply = await live.sp.postSoap(
      inSoap11Envelope(`${forgedUnsignedRequestForBob().xml}${genuine.xml}`),
    );
    expectSoap11Fault(reply, { code: 'SLO_SOAP_MALFORMED' });
  });

  it('answers a SOAP Fault (SLO_SOAP_MALFORMED) when an unsigned request for bob follows the genuine one in the Body', async () => {
    const genuine = logoutRequestForAlicesSession(live.sp);
    const reply = await live.sp.postSoap(
      inSoap11Envelope(`${genuine.xml}${forgedUnsignedRequestForBob().xml}`),
    );
    expectSoap11Fault(reply, { code: 'SLO_SOAP_MALFORMED' });
  });

  it('still ends alice’s session for a valid request after all of the above', async () => {
    await live.expectValidLogoutStillEndsAlicesSession();
  });
});
