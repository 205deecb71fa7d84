import { FORM_CONTENT_TYPE, formBody } from '../../lib/testing';
import { keys } from '../support/keys';
import { answerByPost, startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe("the session cookie is SameSite=Lax only when the app asks (README: slo.logout()'s second line)", () => {
  const apps: SpLogoutApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  async function setCookieOfALogin(app: SpLogoutApp): Promise<string> {
    const reply = await fetch(`${app.baseUrl}/local-login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': FORM_CONTENT_TYPE },
      body: formBody({ name: 'alice' }),
    });
    const setCookie = reply.headers.get('set-cookie');
    if (!setCookie) throw new Error(`no Set-Cookie (${reply.status})`);
    return setCookie;
  }

  it("express-session's default cookie carries no SameSite attribute", async () => {
    const app = await startSpLogoutApp();
    apps.push(app);

    const setCookie = await setCookieOfALogin(app);

    expect(setCookie).toMatch(/^sp\.sid=/);
    expect(setCookie).not.toMatch(/samesite/i);
  });

  it("with cookie: { sameSite: 'lax' } it says SameSite=Lax, and an SP-initiated logout answered by a cookie-less POST still lands on complete", async () => {
    const app = await startSpLogoutApp({ cookie: { sameSite: 'lax' } });
    apps.push(app);

    expect(await setCookieOfALogin(app)).toMatch(/;\s*SameSite=Lax/i);

    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
    const started = await app.startLogout(cookie);
    const request = app.idp.readLogoutRequest(
      { redirectUrl: started.location! },
      keys.sp.certificate,
    );
    const landing = await answerByPost(app, request.id); // postToLogout sends no cookie
    expect(landing.location).toBe('/?saml_logout=complete');
    expect(await app.me(cookie)).toBeNull();
  });
});
