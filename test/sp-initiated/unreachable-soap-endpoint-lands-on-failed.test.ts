import { SloErrorCode } from '../../lib';
import { unreachableUrl } from './support/soap-idp';
import { startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe("SP-initiated logout by SOAP when the IdP's SOAP endpoint cannot be reached", () => {
  let app: SpLogoutApp;
  beforeAll(async () => {
    app = await startSpLogoutApp({ endpoints: { soap: await unreachableUrl() } });
  });
  afterAll(() => app.close());

  it('lands the user on /?saml_logout=failed, the local session ended anyway, the failure logged', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });

    const landing = await app.startLogout(cookie);

    expect(landing.status).toBe(302);
    expect(landing.location).toBe('/?saml_logout=failed');
    expect(await app.me(cookie)).toBeNull();
    const failures = app.logs.filter((l) => l.fields.event === 'saml_slo.sp_logout_soap_failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.level).toBe('warn');
    expect(failures[0]?.fields).toMatchObject({
      code: SloErrorCode.IdpUnreachable,
      reason: expect.stringMatching(/could not be reached/),
    });
  });
});
