import { SamlStatus } from '../../lib';
import { keys } from '../support/keys';
import { answerByRedirect, startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe("the IdP's status decides where the user lands: complete, partial or failed", () => {
  let app: SpLogoutApp;
  beforeAll(async () => {
    app = await startSpLogoutApp();
  });
  afterAll(() => app.close());

  async function requestIdOfNewLogout(nameID: string): Promise<string> {
    const cookie = await app.login({ nameID, sessionIndexes: ['_s1'] });
    const started = await app.startLogout(cookie);
    return app.idp.readLogoutRequest({ redirectUrl: started.location! }, keys.sp.certificate).id;
  }

  it('Success → saml_logout=complete', async () => {
    const landing = await answerByRedirect(app, await requestIdOfNewLogout('u1'), {
      status: 'Success',
    });
    expect(landing.location).toBe('/?saml_logout=complete');
  });

  it('Responder with PartialLogout (some other SP did not log out) → saml_logout=partial', async () => {
    const landing = await answerByRedirect(app, await requestIdOfNewLogout('u2'), {
      status: SamlStatus.Responder,
      subStatus: SamlStatus.PartialLogout,
    });
    expect(landing.location).toBe('/?saml_logout=partial');
  });

  it('Success with PartialLogout (as some IdPs send it) → saml_logout=partial', async () => {
    const landing = await answerByRedirect(app, await requestIdOfNewLogout('u3'), {
      status: 'Success',
      subStatus: 'PartialLogout',
    });
    expect(landing.location).toBe('/?saml_logout=partial');
  });

  it('Responder → saml_logout=failed', async () => {
    const landing = await answerByRedirect(app, await requestIdOfNewLogout('u4'), {
      status: SamlStatus.Responder,
    });
    expect(landing.location).toBe('/?saml_logout=failed');
  });
});
