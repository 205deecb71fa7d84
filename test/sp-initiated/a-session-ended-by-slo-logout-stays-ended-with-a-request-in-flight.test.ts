import type { Request, Response } from 'express';
import { keys } from '../support/keys';
import { startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

/** A gate a request waits at: `entered` once it is there, `release()` to let it go on. */
function gate() {
  let entered!: () => void;
  let release!: () => void;
  return {
    entered: new Promise<void>((resolve) => (entered = resolve)),
    reached: () => entered(),
    passed: new Promise<void>((resolve) => (release = resolve)),
    release: () => release(),
  };
}

// Design §5 for SP-initiated logout: the user presses "Log out" while another request on
// the session is in flight (a poll, a CSRF token rotation) and modifies it. That request's
// end-of-response save must not bring the session back.
describe('slo.logout() with a request on the same session in flight', () => {
  let app: SpLogoutApp;
  const held = gate();
  beforeAll(async () => {
    app = await startSpLogoutApp({
      extraRoutes: (express) =>
        express.post('/slow', async (req: Request, res: Response) => {
          held.reached();
          await held.passed;
          (req.session as unknown as { views?: number }).views = 1;
          res.json({ user: (req.user as { nameID?: string } | undefined)?.nameID ?? null });
        }),
    });
  });
  afterAll(() => app.close());

  it('the session it ended stays ended, and the IdP is still sent the LogoutRequest', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
    const { sessionID } = (await app.me(cookie))!;
    const slow = fetch(`${app.baseUrl}/slow`, { method: 'POST', headers: { cookie } });
    await held.entered;

    const started = await app.startLogout(cookie);
    expect(started.status).toBe(302);
    expect(
      app.idp.readLogoutRequest({ redirectUrl: started.location! }, keys.sp.certificate),
    ).toMatchObject({ nameID: 'alice', sessionIndexes: ['_s1'] });
    expect(await app.me(cookie)).toBeNull();
    held.release();

    // The request ran on the session loaded before the logout, and saved it on the way out.
    const reply = await slow;
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ user: 'alice' });
    expect(await app.me(cookie)).toBeNull();
    expect(await app.slo.sessionIndex.find({ issuer: app.idp.entityID, nameID: 'alice' })).toEqual(
      [],
    );
    expect(app.slo.sessionIndex.isLoggedOut(sessionID)).toBe(true);
  });
});
