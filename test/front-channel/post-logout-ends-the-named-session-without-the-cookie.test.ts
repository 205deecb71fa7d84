import { SamlStatus } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import {
  expectLoggedIn,
  postForm,
  postedResponse,
  startFrontChannelSp,
} from './support/front-channel';

describe('an IdP-initiated LogoutRequest by HTTP-POST ends the session it names, found without the cookie', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
  });
  afterAll(() => sp.close());

  it("the form post carries no SP cookie (SameSite=Lax is not sent cross-site): alice's named session ends, no other", async () => {
    const aliceFirst = await sp.login('alice', ['_a1']);
    const aliceSecond = await sp.login('alice', ['_a2']);
    const bob = await sp.login('bob', ['_b1']);

    const { id, fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
    });
    const reply = await postForm(sp, fields);

    expect(postedResponse(sp, reply)).toMatchObject({
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
    const { fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_c1'],
    });
    const reply = await postForm(sp, fields, aliceSecond);

    expect(postedResponse(sp, reply).status).toBe(SamlStatus.Success);
    expect(await sp.me(aliceFirst)).toBeNull();
    await expectLoggedIn(sp, aliceSecond);
  });

  it('a request naming no SessionIndex ends every session of that user at that IdP', async () => {
    const carolFirst = await sp.login('carol', ['_e1']);
    const carolSecond = await sp.login('carol', ['_e2']);
    const dave = await sp.login('dave', ['_f1']);
    const { fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'carol',
    });

    expect(postedResponse(sp, await postForm(sp, fields)).status).toBe(SamlStatus.Success);
    expect(await sp.me(carolFirst)).toBeNull();
    expect(await sp.me(carolSecond)).toBeNull();
    await expectLoggedIn(sp, dave);
  });
});
