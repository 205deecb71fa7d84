import { startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe('slo.logout() for a session without a SAML login: local logout only', () => {
  let app: SpLogoutApp;
  beforeAll(async () => {
    app = await startSpLogoutApp();
  });
  afterAll(() => app.close());

  it('a locally logged-in user is logged out and lands on /?saml_logout=local, nothing sent to the IdP', async () => {
    const cookie = await app.localLogin('carol');
    expect((await app.me(cookie))?.user.nameID).toBe('carol');

    const reply = await app.startLogout(cookie);

    expect(reply.status).toBe(302);
    expect(reply.location).toBe('/?saml_logout=local');
    expect(await app.me(cookie)).toBeNull();
    expect(app.logs.filter((l) => l.fields.event === 'saml_slo.sp_logout_started')).toEqual([]);
  });

  it('no session at all (no cookie) also lands on /?saml_logout=local', async () => {
    const reply = await app.startLogout(undefined);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe('/?saml_logout=local');
  });

  it('a SAML login whose IdP has no SingleLogoutService for the allowed bindings lands on local', async () => {
    const soapOnly = await startSpLogoutApp({ slo: { spInitiated: { bindings: ['soap'] } } });
    try {
      const cookie = await soapOnly.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
      const reply = await soapOnly.startLogout(cookie);
      expect(reply.location).toBe('/?saml_logout=local');
      expect(await soapOnly.me(cookie)).toBeNull();
      expect(soapOnly.logs).toContainEqual(
        expect.objectContaining({
          fields: expect.objectContaining({ event: 'saml_slo.sp_logout_local_only' }),
        }),
      );
    } finally {
      await soapOnly.close();
    }
  });
});
