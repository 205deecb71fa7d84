import { SamlStatus } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import {
  expectLoggedIn,
  getRedirect,
  redirectedResponse,
  startFrontChannelSp,
} from './support/front-channel';

describe('an IdP-initiated LogoutRequest by HTTP-Redirect ends the session it names, found without the cookie', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
  });
  afterAll(() => sp.close());

  it("the browser's GET carries no SP cookie (third-party cookies blocked): alice's named session ends, no other", async () => {
    const aliceFirst = await sp.login('alice', ['_a1']);
    const aliceSecond = await sp.login('alice', ['_a2']);
    const bob = await sp.login('bob', ['_b1']);

    const { id, url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
    });
    const reply = await getRedirect(url);

    expect(redirectedResponse(sp, reply)).toMatchObject({
      signatureValid: true,
      inResponseTo: id,
      status: SamlStatus.Success,
    });
    expect(await sp.me(aliceFirst)).toBeNull();
    await expectLoggedIn(sp, aliceSecond, bob);
  });

  it('reference: with the SP cookie of another session present, still only the named session ends', async () => {
    const aliceFirst = await sp.login('alice', ['_c1']);
    const aliceSecond = await sp.login('alice', ['_c2']);

    const { url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_c1'],
    });
    // The browser holds the cookie of alice's *second* session: it neither selects nor is ended.
    const reply = await getRedirect(url, aliceSecond);

    expect(redirectedResponse(sp, reply).status).toBe(SamlStatus.Success);
    expect(await sp.me(aliceFirst)).toBeNull();
    await expectLoggedIn(sp, aliceSecond);
  });

  it('reference: with the cookie of the named session itself, that session ends', async () => {
    const alice = await sp.login('alice', ['_d1']);
    const { url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_d1'],
    });
    expect(redirectedResponse(sp, await getRedirect(url, alice)).status).toBe(SamlStatus.Success);
    expect(await sp.me(alice)).toBeNull();
  });
});
