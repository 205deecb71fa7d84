import { deflateRawSync } from 'node:zlib';
import { SloErrorCode } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import {
  expectLoggedIn,
  expectPlainRefusal,
  getRedirect,
  startFrontChannelSp,
} from './support/front-channel';

describe('HTTP-Redirect: a malformed query is refused with HTTP 400 before anything is acted on', () => {
  let sp: SpHarness;
  let alice: string;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
  });
  beforeEach(async () => {
    alice = await sp.login('alice', ['_a1']);
  });
  afterAll(() => sp.close());

  const signedUrl = () =>
    sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
      relayState: 'r1',
    }).url;

  it('a SAMLRequest given twice is refused (SLO_MESSAGE_INVALID); the session stays', async () => {
    const url = signedUrl();
    const samlRequest = /SAMLRequest=[^&]*/.exec(url)![0];
    expectPlainRefusal(
      await getRedirect(`${url}&${samlRequest}`),
      400,
      SloErrorCode.MessageInvalid,
    );
    await expectLoggedIn(sp, alice);
  });

  it('a RelayState given twice is refused (SLO_MESSAGE_INVALID); the session stays', async () => {
    expectPlainRefusal(
      await getRedirect(`${signedUrl()}&RelayState=other`),
      400,
      SloErrorCode.MessageInvalid,
    );
    await expectLoggedIn(sp, alice);
  });

  it('a Signature without SigAlg is refused (SLO_MESSAGE_INVALID); the session stays', async () => {
    const url = signedUrl().replace(/&SigAlg=[^&]*/, '');
    expect(url).toContain('&Signature=');
    expectPlainRefusal(await getRedirect(url), 400, SloErrorCode.MessageInvalid);
    await expectLoggedIn(sp, alice);
  });

  it('a Signature with anything after its base64 (here a %23 fragment) is refused (SLO_MESSAGE_INVALID); the session stays', async () => {
    const url = `${signedUrl()}%23frag`;
    expect(url).toMatch(/&Signature=[^&]*%23frag$/);
    expectPlainRefusal(await getRedirect(url), 400, SloErrorCode.MessageInvalid);
    await expectLoggedIn(sp, alice);
  });

  it('a Signature wrapped in lines (CRLF inside its base64) still verifies', async () => {
    const bob = await sp.login('bob', ['_b9']);
    const signed = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'bob',
      sessionIndexes: ['_b9'],
    }).url;
    // Wrap the decoded base64, then encode it again: cutting the encoded
    // text could split a %2B or %2F escape and make the query malformed.
    const signature = new URL(signed).searchParams.get('Signature')!;
    const wrapped = `${signature.slice(0, 20)}\r\n${signature.slice(20)}`;
    const url = signed.replace(/&Signature=[^&]*/, `&Signature=${encodeURIComponent(wrapped)}`);
    expect(url).toMatch(/&Signature=[^&]*%0D%0A/);
    const reply = await getRedirect(url);
    expect(reply.status).toBe(302);
    expect(await sp.me(bob)).toBeNull();
  });

  it('a SAMLRequest that is not base64 is refused (SLO_MESSAGE_INVALID); the session stays', async () => {
    const url = signedUrl().replace(/SAMLRequest=([^&]*)/, 'SAMLRequest=$1%21%21');
    expectPlainRefusal(await getRedirect(url), 400, SloErrorCode.MessageInvalid);
    await expectLoggedIn(sp, alice);
  });

  it('a DEFLATE bomb (a few KB inflating to 8 MB, past the 256 KiB limit) is refused with SLO_XML_MALFORMED (inflating stops at the limit)', async () => {
    const inflated = Buffer.alloc(8 * 1024 * 1024, 0x20);
    const compressed = deflateRawSync(inflated, { level: 9 });
    expect(compressed.length).toBeLessThan(10 * 1024);
    const url = `${sp.logoutUrl}?SAMLRequest=${encodeURIComponent(compressed.toString('base64'))}`;

    expectPlainRefusal(await getRedirect(url), 400, SloErrorCode.XmlMalformed);
    await expectLoggedIn(sp, alice);
  });
});
