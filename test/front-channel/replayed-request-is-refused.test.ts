import { SamlStatus, SloErrorCode } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import {
  expectLoggedIn,
  getRedirect,
  postForm,
  postedResponse,
  redirectedResponse,
  refusal,
  startFrontChannelSp,
} from './support/front-channel';

describe('a LogoutRequest is acted on once: a replay is refused and ends nothing', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
  });
  afterAll(() => sp.close());

  it('Redirect: the same URL again, after the user logged in anew, is refused (SLO_MESSAGE_REPLAYED); the new session stays', async () => {
    const first = await sp.login('alice', ['_a1']);
    // No SessionIndex: "all of alice's sessions" — what a replay would abuse.
    const { id, url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
    });
    expect(redirectedResponse(sp, await getRedirect(url)).status).toBe(SamlStatus.Success);
    expect(await sp.me(first)).toBeNull();

    const again = await sp.login('alice', ['_a2']);
    expect(redirectedResponse(sp, await getRedirect(url))).toMatchObject(
      refusal(id, SloErrorCode.MessageReplayed),
    );
    await expectLoggedIn(sp, again);
  });

  it('POST: the same form again is refused (SLO_MESSAGE_REPLAYED); the new session stays', async () => {
    const first = await sp.login('bob', ['_b1']);
    const { id, fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'bob',
    });
    expect(postedResponse(sp, await postForm(sp, fields)).status).toBe(SamlStatus.Success);
    expect(await sp.me(first)).toBeNull();

    const again = await sp.login('bob', ['_b2']);
    expect(postedResponse(sp, await postForm(sp, fields))).toMatchObject(
      refusal(id, SloErrorCode.MessageReplayed),
    );
    await expectLoggedIn(sp, again);
  });
});
