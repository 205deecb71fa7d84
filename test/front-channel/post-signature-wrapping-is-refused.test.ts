import { SamlStatus, SloErrorCode } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import {
  expectLoggedIn,
  expectPlainRefusal,
  postForm,
  postFormBody,
  postedResponse,
  startFrontChannelSp,
} from './support/front-channel';

const SIGNATURE = /<ds:Signature[\s\S]*<\/ds:Signature>/;

describe('HTTP-POST: a genuinely signed LogoutRequest wrapped in a second message ends nothing', () => {
  let sp: SpHarness;
  let alice: string;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
  });
  beforeEach(async () => {
    alice = await sp.login('alice', ['_a1']);
  });
  afterAll(() => sp.close());

  /** A genuine, signed request for a session that does not exist, and an evil one naming alice's. */
  function genuineAndEvil() {
    const genuine = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'nobody',
      sessionIndexes: ['_none'],
    });
    const evil = sp.idp.buildLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
      sign: false,
    });
    return { genuine, evil };
  }

  /** `outer` with `inner` placed in a samlp:Extensions right after its Issuer (or signature). */
  function nestInExtensions(outer: string, inner: string): string {
    return outer.replace(
      /(<\/saml:Issuer>(?:<ds:Signature[\s\S]*?<\/ds:Signature>)?)/,
      `$1<samlp:Extensions>${inner}</samlp:Extensions>`,
    );
  }

  function expectDenied(reply: Awaited<ReturnType<typeof postForm>>, code: string) {
    expect(postedResponse(sp, reply)).toMatchObject({
      signatureValid: true,
      status: SamlStatus.Requester,
      subStatus: SamlStatus.RequestDenied,
      statusMessage: code,
    });
  }

  it('an unsigned request for alice carrying the signed one inside Extensions is refused (SLO_SIGNATURE_WRAPPING); alice stays', async () => {
    const { genuine, evil } = genuineAndEvil();
    const wrapped = nestInExtensions(evil.xml, genuine.xml);
    const reply = await postForm(sp, { SAMLRequest: Buffer.from(wrapped).toString('base64') });
    expectDenied(reply, SloErrorCode.SignatureWrapping);
    await expectLoggedIn(sp, alice);
  });

  it("the signed request's ID and signature moved onto a request for alice, the original nested inside (duplicate IDs), is refused (SLO_SIGNATURE_WRAPPING); alice stays", async () => {
    const { genuine, evil } = genuineAndEvil();
    const signature = SIGNATURE.exec(genuine.xml)![0];
    const impostor = evil.xml
      .replace(`ID="${evil.id}"`, `ID="${genuine.id}"`)
      .replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
    const wrapped = nestInExtensions(impostor, genuine.xml);
    const reply = await postForm(sp, { SAMLRequest: Buffer.from(wrapped).toString('base64') });
    expectDenied(reply, SloErrorCode.SignatureWrapping);
    await expectLoggedIn(sp, alice);
  });

  it('the signed request with an unsigned request for alice appended inside it is refused (SLO_SIGNATURE_INVALID: the digest no longer matches); alice stays', async () => {
    const { genuine, evil } = genuineAndEvil();
    const wrapped = nestInExtensions(genuine.xml, evil.xml);
    const reply = await postForm(sp, { SAMLRequest: Buffer.from(wrapped).toString('base64') });
    expectDenied(reply, SloErrorCode.SignatureInvalid);
    await expectLoggedIn(sp, alice);
  });

  it('a second SAMLRequest field next to the signed one is refused with 400 (SLO_MESSAGE_INVALID); alice stays', async () => {
    const { genuine, evil } = genuineAndEvil();
    const body = new URLSearchParams();
    body.append('SAMLRequest', genuine.fields.SAMLRequest);
    body.append('SAMLRequest', Buffer.from(evil.xml).toString('base64'));
    expectPlainRefusal(await postFormBody(sp, body.toString()), 400, SloErrorCode.MessageInvalid);
    await expectLoggedIn(sp, alice);
  });
});
