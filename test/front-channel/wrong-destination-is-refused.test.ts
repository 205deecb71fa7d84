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

describe('a LogoutRequest whose Destination is not this endpoint is refused', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
  });
  afterAll(() => sp.close());

  it('Redirect: signed for another SP, replayed here (SLO_DESTINATION_MISMATCH); the session stays', async () => {
    const alice = await sp.login('alice', ['_a1']);
    const { id, url } = sp.idp.buildRedirectLogoutRequest({
      destination: 'https://other-sp.test/saml/logout',
      endpoint: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
    });
    const reply = await getRedirect(url);
    expect(redirectedResponse(sp, reply)).toMatchObject(
      refusal(id, SloErrorCode.DestinationMismatch),
    );
    await expectLoggedIn(sp, alice);
  });

  it('POST: no Destination at all (required by default) is refused; the session stays', async () => {
    const alice = await sp.login('alice', ['_a2']);
    const { id, fields } = sp.idp.buildPostLogoutRequest({
      nameID: 'alice',
      sessionIndexes: ['_a2'],
    });
    const reply = await postForm(sp, fields);
    expect(postedResponse(sp, reply)).toMatchObject(refusal(id, SloErrorCode.DestinationMismatch));
    await expectLoggedIn(sp, alice);
  });
});
