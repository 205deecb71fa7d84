import { SloErrorCode } from '../../lib';
import { startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe('slo.logout() answers GET with 405 unless GET is allowed (a GET link can be forged)', () => {
  let app: SpLogoutApp;
  beforeAll(async () => {
    app = await startSpLogoutApp();
  });
  afterAll(() => app.close());

  it('GET → 405 with Allow: POST, the session is NOT ended', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
    const reply = await app.startLogout(cookie, { method: 'GET' });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
    expect(reply.body).toBe(`SAML logout refused: ${SloErrorCode.MethodNotAllowed}\n`);
    expect((await app.me(cookie))?.user.nameID).toBe('alice');
  });

  it('slo.logout({ allowGet: true }) accepts GET and logs out', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s2'] });
    const reply = await app.startLogout(cookie, { method: 'GET', path: '/sp-logout-get' });
    expect(reply.status).toBe(302);
    expect(reply.location).toMatch(/^https:\/\/idp\.test\/slo\/redirect\?SAMLRequest=/);
    expect(await app.me(cookie)).toBeNull();
  });

  it('spInitiated.allowGet: true makes slo.logout() accept GET', async () => {
    const allowing = await startSpLogoutApp({ slo: { spInitiated: { allowGet: true } } });
    try {
      const cookie = await allowing.login({ nameID: 'alice', sessionIndexes: ['_s3'] });
      const reply = await allowing.startLogout(cookie, { method: 'GET' });
      expect(reply.status).toBe(302);
      expect(await allowing.me(cookie)).toBeNull();
    } finally {
      await allowing.close();
    }
  });

  it('with GET allowed a cross-site GET is still refused (403)', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s4'] });
    const reply = await app.startLogout(cookie, {
      method: 'GET',
      path: '/sp-logout-get',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(reply.status).toBe(403);
    expect((await app.me(cookie))?.user.nameID).toBe('alice');
  });
});
