import { SamlStatus } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import { expectLoggedIn, postedResponse, startFrontChannelSp } from './support/front-channel';

describe('a cookie-less server-to-server form POST (Keycloak-style "backchannel" over HTTP-POST) is handled like a browser POST', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
  });
  afterAll(() => sp.close());

  it('no cookie, no Origin, no Sec-Fetch-*: the named session ends and a signed LogoutResponse comes back', async () => {
    const alice = await sp.login('alice', ['_kc-1']);
    const bob = await sp.login('bob', ['_kc-2']);
    const { id, fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_kc-1'],
    });
    // A server's HTTP client: only Content-Type, no browser headers at all.
    const reply = await fetch(sp.logoutUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLRequest: fields.SAMLRequest }).toString(),
      redirect: 'manual',
    });
    const readReply = {
      status: reply.status,
      headers: reply.headers,
      location: reply.headers.get('location'),
      body: await reply.text(),
    };

    expect(postedResponse(sp, readReply)).toMatchObject({
      signatureValid: true,
      inResponseTo: id,
      status: SamlStatus.Success,
    });
    expect(await sp.me(alice)).toBeNull();
    await expectLoggedIn(sp, bob);
  });
});
