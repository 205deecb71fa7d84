import { SloErrorCode } from '../../lib';
import { createTestIdp, type TestIdp } from '../../lib/testing';
import type { SpHarness } from '../support/sp-app';
import { keys } from '../support/keys';
import {
  expectLoggedIn,
  expectPlainRefusal,
  getRedirect,
  postForm,
  startFrontChannelSp,
} from './support/front-channel';

describe('a LogoutRequest from an Issuer that is not a configured IdP gets plain text, no SAML answer', () => {
  let sp: SpHarness;
  let rogue: TestIdp;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
    rogue = await createTestIdp({ ...keys.other, entityID: 'https://rogue-idp.test/metadata' });
  });
  afterAll(() => sp.close());

  it('Redirect: 403 `SAML logout refused: SLO_ISSUER_UNKNOWN`, no redirect anywhere; the session stays', async () => {
    const alice = await sp.login('alice', ['_a1']);
    const { url } = rogue.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
      relayState: 'https://rogue-idp.test/steal',
    });
    expectPlainRefusal(await getRedirect(url), 403, SloErrorCode.IssuerUnknown);
    await expectLoggedIn(sp, alice);
  });

  it('POST: 403 `SAML logout refused: SLO_ISSUER_UNKNOWN`, no form; the session stays', async () => {
    const alice = await sp.login('alice', ['_a2']);
    const { fields } = rogue.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a2'],
    });
    const reply = await postForm(sp, fields);
    expectPlainRefusal(reply, 403, SloErrorCode.IssuerUnknown);
    expect(reply.body).not.toContain('<form');
    await expectLoggedIn(sp, alice);
  });
});
