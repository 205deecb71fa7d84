import { SamlStatus } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import { keys } from '../support/keys';
import {
  getRedirect,
  postForm,
  postedResponse,
  startFrontChannelSp,
} from './support/front-channel';

// The bindings cap RelayState at 80 bytes; IdPs overstep it, so up to 1024 characters are
// sent back. A longer one is not, and the logout still stands: the warning says why the
// IdP's RelayState is missing.
describe('a front-channel RelayState over 1024 characters is not sent back; the logout stands', () => {
  let sp: SpHarness;
  const logged: Record<string, unknown>[] = [];
  const capture = (fields: Record<string, unknown>) => void logged.push(fields);
  beforeAll(async () => {
    sp = await startFrontChannelSp({
      slo: { logger: { debug: capture, info: capture, warn: capture, error: capture } },
    });
  });
  beforeEach(() => {
    logged.length = 0;
  });
  afterAll(() => sp.close());

  const dropped = (binding: string, requestId: string) =>
    expect.objectContaining({
      event: 'saml_slo.relay_state_dropped',
      binding,
      requestId,
      length: 1025,
    });

  it('Redirect: 1025 characters are dropped with a warning, the session is gone, the answer is Success', async () => {
    const bob = await sp.login('bob', ['_b1']);
    const { id, url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'bob',
      sessionIndexes: ['_b1'],
      relayState: 'r'.repeat(1025),
    });
    const reply = await getRedirect(url);

    expect(reply.status).toBe(302);
    expect(reply.location).not.toContain('RelayState=');
    expect(sp.idp.readRedirectLogoutResponse(reply.location!, keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      inResponseTo: id,
      status: SamlStatus.Success,
    });
    expect(await sp.me(bob)).toBeNull();
    expect(logged).toContainEqual(dropped('redirect', id));
  });

  it('POST: 1025 characters are dropped with a warning, the session is gone, the form has no RelayState', async () => {
    const carol = await sp.login('carol', ['_c1']);
    const { id, fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'carol',
      sessionIndexes: ['_c1'],
      relayState: 'r'.repeat(1025),
    });
    const reply = await postForm(sp, fields);

    const response = postedResponse(sp, reply);
    expect(response).toMatchObject({
      signatureValid: true,
      inResponseTo: id,
      status: SamlStatus.Success,
    });
    expect(response.relayState).toBeUndefined();
    expect(reply.body).not.toContain('RelayState');
    expect(await sp.me(carol)).toBeNull();
    expect(logged).toContainEqual(dropped('post', id));
  });

  it('Redirect: 1024 characters are sent back as they came, with no warning', async () => {
    const relayState = 'r'.repeat(1024);
    const { url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'nobody',
      relayState,
    });
    const reply = await getRedirect(url);

    expect(sp.idp.readRedirectLogoutResponse(reply.location!, keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      relayState,
    });
    expect(logged.map((l) => l.event)).not.toContain('saml_slo.relay_state_dropped');
  });
});
