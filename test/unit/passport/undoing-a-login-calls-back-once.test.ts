import { MemorySessionIndex } from '../../../lib';
import type { SloLogger } from '../../../lib/logging/logger';
import { trackSamlLogins, type LoginTracking } from '../../../lib/passport/track-saml-logins';

/**
 * A login Passport cannot complete is undone through `req.logout`, and, when that cannot save,
 * by destroying the session in the store. With a store that calls back at once, an exception
 * thrown by the app's own login callback must reach the app once, unchanged: not call the
 * callback a second time, and not be logged as a store failure.
 */
describe('undoing a refused login calls the app back once', () => {
  const logged: string[] = [];
  const logger: SloLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (fields) => void logged.push(String(fields.event)),
  };
  const tracking: LoginTracking = {
    index: new MemorySessionIndex(),
    knownIssuers: new Set(['https://idp.test']),
    logger,
    indexExpiryOf: () => undefined,
  };
  const profile = { issuer: 'https://idp.test', nameID: 'alice', sessionIndex: '_s1' };

  /** A request as Passport and express-session shape it, with a synchronous store. */
  function request(destroyed: string[]) {
    const req = {
      session: {} as Record<string, unknown>,
      sessionID: 'login-session',
      // Passport's logIn, failing (its save of the new login session failed).
      logIn: (_user: unknown, _options: unknown, cb: (err?: unknown) => void) =>
        cb(new Error('store down')),
      // Passport's logout, failing to save the logged-out session.
      logout: (_options: unknown, cb: (err?: unknown) => void) => cb(new Error('store down')),
      sessionStore: {
        destroy: (id: string, cb: (err?: unknown) => void) => {
          destroyed.push(id);
          cb(); // at once
        },
        generate: (r: { sessionID: string; session: unknown }) => {
          r.sessionID = 'fresh';
          r.session = {};
        },
      },
    };
    return req;
  }

  it('the app callback throws: it ran once, its exception propagates, nothing is logged as a store failure', () => {
    const destroyed: string[] = [];
    const req = request(destroyed);
    let calls = 0;
    const strategy = trackSamlLogins(
      {
        authenticate(
          this: { _signonVerify: (...args: unknown[]) => void; success: (user: unknown) => void },
          r: unknown,
        ) {
          this._signonVerify(r, profile, () => undefined);
          this.success({ nameID: 'alice' });
        },
        _signonVerify: () => undefined,
      } as never,
      tracking,
    ) as unknown as { authenticate: (this: object, r: unknown) => void };
    const perRequest = {
      _signonVerify: () => undefined,
      error: (err: unknown) => {
        throw err;
      },
      // Passport's success: logs the user in, then calls the app back.
      success: () =>
        (req.logIn as (u: unknown, o: unknown, cb: (err?: unknown) => void) => void)(
          { nameID: 'alice' },
          {},
          () => {
            calls++;
            throw new Error('the app callback threw');
          },
        ),
    };
    expect(() => strategy.authenticate.call(perRequest, req)).toThrow('the app callback threw');
    expect(calls).toBe(1);
    expect(destroyed).toEqual(['login-session']);
    expect(logged).not.toContain('saml_slo.login_undo_failed');
    expect(req.sessionID).toBe('fresh');
  });
});
