import { SloErrorCode, type SpLogoutResultEvent } from '../../lib';
import { keys } from '../support/keys';
import { answerByRedirect, startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

const PUBLIC_URL = 'https://sp.example.test';

describe('an SP key rollover: answers to LogoutRequests sent under the old key land on failed (README)', () => {
  let before: SpLogoutApp;
  let after: SpLogoutApp;
  const events: SpLogoutResultEvent[] = [];
  beforeAll(async () => {
    // The same SP, before and after its key changed (or two instances on different keys).
    before = await startSpLogoutApp({ publicUrl: PUBLIC_URL });
    after = await startSpLogoutApp({
      publicUrl: PUBLIC_URL,
      slo: {
        sp: { privateKey: keys.other.privateKey, certificate: keys.other.certificate },
        hooks: { onSpLogoutResult: (event) => void events.push(event) },
      },
    });
  });
  afterAll(async () => {
    await before.close();
    await after.close();
  });

  it('a request sent before the change: the IdP answers Success, the user lands on failed, reported refused', async () => {
    const cookie = await before.login({ nameID: 'alice', sessionIndexes: ['_a1'] });
    const started = await before.startLogout(cookie);
    const request = before.idp.readLogoutRequest(
      { redirectUrl: started.location! },
      keys.sp.certificate,
    );

    const landing = await answerByRedirect(after, request.id, { status: 'Success' });

    expect(landing.location).toBe('/?saml_logout=failed');
    expect(events).toEqual([
      { binding: 'redirect', result: 'refused', code: SloErrorCode.MessageInvalid },
    ]);
  });

  it('a request sent after the change completes as usual', async () => {
    events.length = 0;
    const cookie = await after.login({ nameID: 'bob', sessionIndexes: ['_b1'] });
    const started = await after.startLogout(cookie);
    const request = after.idp.readLogoutRequest(
      { redirectUrl: started.location! },
      keys.other.certificate,
    );

    const landing = await answerByRedirect(after, request.id);

    expect(landing.location).toBe('/?saml_logout=complete');
    expect(events).toEqual([
      { binding: 'redirect', result: 'complete', issuer: after.idp.entityID },
    ]);
  });
});
