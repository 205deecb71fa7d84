import { SloErrorCode } from '../../lib';
import { keys } from '../support/keys';
import { startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe('a LogoutResponse is used once: the same response again lands on failed', () => {
  let app: SpLogoutApp;
  beforeAll(async () => {
    app = await startSpLogoutApp();
  });
  afterAll(() => app.close());

  it('first delivery → complete; the identical URL again → failed, logged as SLO_MESSAGE_REPLAYED', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
    const started = await app.startLogout(cookie);
    const { id } = app.idp.readLogoutRequest(
      { redirectUrl: started.location! },
      keys.sp.certificate,
    );
    const { xml } = app.idp.buildLogoutResponse({
      inResponseTo: id,
      destination: app.logoutUrl,
      sign: false,
    });
    const url = app.idp.redirectLogoutResponseUrl(app.localLogoutUrl, xml);

    expect((await app.get(url)).location).toBe('/?saml_logout=complete');
    expect((await app.get(url)).location).toBe('/?saml_logout=failed');
    expect(app.logs).toContainEqual(
      expect.objectContaining({
        fields: expect.objectContaining({
          event: 'saml_slo.sp_logout_response_refused',
          code: SloErrorCode.MessageReplayed,
        }),
      }),
    );
  });
});
