import { SloErrorCode } from '../../lib';
import { startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe('slo.logout() refuses a logout forged from another site (403 SLO_REQUEST_FORGED) and ends nothing', () => {
  let app: SpLogoutApp;
  beforeAll(async () => {
    app = await startSpLogoutApp();
  });
  afterAll(() => app.close());

  const refused = `SAML logout refused: ${SloErrorCode.RequestForged}\n`;

  it('POST with Origin: https://evil.example → 403, the session is NOT ended', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
    const reply = await app.startLogout(cookie, { headers: { origin: 'https://evil.example' } });
    expect(reply.status).toBe(403);
    expect(reply.location).toBeNull();
    expect(reply.body).toBe(refused);
    expect((await app.me(cookie))?.user.nameID).toBe('alice');
  });

  it('POST with Sec-Fetch-Site: cross-site → 403, the session is NOT ended', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s2'] });
    const reply = await app.startLogout(cookie, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(reply.status).toBe(403);
    expect(reply.body).toBe(refused);
    expect((await app.me(cookie))?.user.nameID).toBe('alice');
  });

  it('POST with Sec-Fetch-Site: same-site (a sibling subdomain) → 403 too', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s3'] });
    const reply = await app.startLogout(cookie, { headers: { 'sec-fetch-site': 'same-site' } });
    expect(reply.status).toBe(403);
    expect((await app.me(cookie))?.user.nameID).toBe('alice');
  });

  it('reference: the app’s own page (Origin = the app, Sec-Fetch-Site: same-origin) logs out', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s4'] });
    const reply = await app.startLogout(cookie, {
      headers: { origin: app.publicUrl, 'sec-fetch-site': 'same-origin' },
    });
    expect(reply.status).toBe(302);
    expect(await app.me(cookie)).toBeNull();
  });
});
