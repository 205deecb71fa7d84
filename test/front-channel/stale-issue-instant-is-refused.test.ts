import { SloErrorCode } from '../../lib';
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

const MINUTE = 60_000;

describe('a LogoutRequest outside its time window is refused (defaults: 5 min old + 2 min skew)', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
  });
  afterAll(() => sp.close());

  it('Redirect: IssueInstant 10 minutes ago (SLO_MESSAGE_EXPIRED); the session stays', async () => {
    const alice = await sp.login('alice', ['_a1']);
    const { id, url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
      issueInstant: new Date(Date.now() - 10 * MINUTE),
    });
    expect(redirectedResponse(sp, await getRedirect(url))).toMatchObject(
      refusal(id, SloErrorCode.MessageExpired),
    );
    await expectLoggedIn(sp, alice);
  });

  it('Redirect: IssueInstant 10 minutes in the future (SLO_MESSAGE_EXPIRED); the session stays', async () => {
    const alice = await sp.login('alice', ['_a2']);
    const { id, url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a2'],
      issueInstant: new Date(Date.now() + 10 * MINUTE),
    });
    expect(redirectedResponse(sp, await getRedirect(url))).toMatchObject(
      refusal(id, SloErrorCode.MessageExpired),
    );
    await expectLoggedIn(sp, alice);
  });

  it('POST: NotOnOrAfter passed (SLO_MESSAGE_EXPIRED); the session stays', async () => {
    const alice = await sp.login('alice', ['_a3']);
    const { id, fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a3'],
      issueInstant: new Date(Date.now() - 4 * MINUTE),
      notOnOrAfter: new Date(Date.now() - 3 * MINUTE),
    });
    expect(postedResponse(sp, await postForm(sp, fields))).toMatchObject(
      refusal(id, SloErrorCode.MessageExpired),
    );
    await expectLoggedIn(sp, alice);
  });
});
