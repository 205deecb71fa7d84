import { keys } from '../support/keys';
import { answerByRedirect, startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe('SP-initiated logout by HTTP-Redirect, answered by the IdP by HTTP-Redirect', () => {
  let app: SpLogoutApp;
  beforeAll(async () => {
    app = await startSpLogoutApp();
  });
  afterAll(() => app.close());

  it('a signed Success LogoutResponse answering our request lands the user on /?saml_logout=complete', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
    const started = await app.startLogout(cookie);
    const request = app.idp.readLogoutRequest(
      { redirectUrl: started.location! },
      keys.sp.certificate,
    );

    // The browser arrives back without the (already destroyed) session's cookie mattering.
    const landing = await answerByRedirect(app, request.id);

    expect(landing.status).toBe(302);
    expect(landing.location).toBe('/?saml_logout=complete');
    expect(landing.headers.get('cache-control')).toBe('no-store');
  });

  it('sp.afterLogoutUrl decides where the user lands', async () => {
    const custom = await startSpLogoutApp({ slo: { sp: { afterLogoutUrl: '/goodbye?lang=en' } } });
    try {
      const cookie = await custom.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
      const started = await custom.startLogout(cookie);
      const request = custom.idp.readLogoutRequest(
        { redirectUrl: started.location! },
        keys.sp.certificate,
      );
      const landing = await answerByRedirect(custom, request.id);
      expect(landing.location).toBe('/goodbye?lang=en&saml_logout=complete');
    } finally {
      await custom.close();
    }
  });
});
