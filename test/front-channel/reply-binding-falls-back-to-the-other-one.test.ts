import { SamlStatus } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import {
  IDP_SLO,
  getRedirect,
  postForm,
  postedResponse,
  redirectedResponse,
  startFrontChannelSp,
} from './support/front-channel';

describe('binding fallback: a Redirect LogoutRequest from an IdP with only a POST endpoint is answered by POST', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startFrontChannelSp({ endpoints: { post: IDP_SLO.post } });
  });
  afterAll(() => sp.close());

  it('the session ends and the answer is an auto-submit form to the POST ResponseLocation', async () => {
    const alice = await sp.login('alice', ['_a1']);
    const { id, url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
      relayState: 'r1',
    });
    const reply = await getRedirect(url);

    expect(reply.location).toBeNull();
    expect(reply.headers.get('cache-control')).toBe('no-store');
    const response = postedResponse(sp, reply);
    expect(response.action).toBe(IDP_SLO.post.responseLocation);
    expect(response).toMatchObject({
      signatureValid: true,
      inResponseTo: id,
      destination: IDP_SLO.post.responseLocation,
      relayState: 'r1',
      status: SamlStatus.Success,
    });
    expect(await sp.me(alice)).toBeNull();
  });
});

describe('binding fallback, the other way: a POST LogoutRequest from an IdP with only a Redirect endpoint is answered by Redirect', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startFrontChannelSp({ endpoints: { redirect: IDP_SLO.redirect } });
  });
  afterAll(() => sp.close());

  it('the session ends and the answer is a 302 with a query-signed LogoutResponse', async () => {
    const alice = await sp.login('alice', ['_a1']);
    const { id, fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
      relayState: 'r1',
    });
    const reply = await postForm(sp, fields);

    expect(redirectedResponse(sp, reply)).toMatchObject({
      signatureValid: true,
      inResponseTo: id,
      destination: IDP_SLO.redirect.responseLocation,
      relayState: 'r1',
      status: SamlStatus.Success,
    });
    expect(await sp.me(alice)).toBeNull();
  });
});
