import session from 'express-session';
import { SamlStatus, SloErrorCode, type SessionDataLike } from '../../lib';
import { login, me, postLogin, signedAnswer, soapLogout, type AcsReply } from './support/http';
import type { TestSp, TestSpOptions } from './support/test-sp';
import { testSpsOnOneRedis } from './support/test-sps-on-one-redis';

type StoredSession = SessionDataLike & { passport?: { user?: unknown } };

/** Design §5: a login whose logout already arrived is refused at the ACS. */
describe('a login assertion that arrives after its own logout is refused', () => {
  const sps = testSpsOnOneRedis('late');
  const { start } = sps;

  const backends: Record<string, () => TestSpOptions> = {
    'MemoryStore + MemorySessionIndex': () => ({}),
    'connect-redis + RedisSessionIndex': () => ({
      redis: { url: sps.redis().url, prefix: sps.freshPrefix() },
    }),
  };

  async function logoutFirst(sp: TestSp, input: Parameters<typeof soapLogout>[1]) {
    const logout = await soapLogout(sp, input);
    // No session matched yet: the user is logged out here, which is a Success.
    expect(logout.response).toMatchObject({
      ...signedAnswer(sp, logout),
      status: SamlStatus.Success,
    });
  }

  /** The ACS refused the login: no redirect, the error code, and nothing that logs in. */
  async function expectRefused(sp: TestSp, reply: AcsReply, nameID: string) {
    expect(reply.status).not.toBe(302);
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({ code: SloErrorCode.LoginAlreadyLoggedOut });
    expect(sp.errors).toEqual([
      expect.objectContaining({ code: SloErrorCode.LoginAlreadyLoggedOut }),
    ]);
    if (reply.cookie) expect(await me(sp, reply.cookie)).toBeNull();
    expect(await sp.slo.sessionIndex.find({ issuer: sp.idp.entityID, nameID })).toEqual([]);
    // The session the login was written into is gone; at most Passport's fresh, empty one is left.
    expect(await loggedInSessions(sp)).toEqual([]);
  }

  /** The sessions in the app's store that carry a login (each test has a fresh store / prefix). */
  async function loggedInSessions(sp: TestSp): Promise<StoredSession[]> {
    const all = await new Promise<unknown>((resolve, reject) =>
      sp.store.all!((err, found) => (err ? reject(err) : resolve(found ?? {}))),
    );
    return Object.values(all as Record<string, StoredSession>).filter(
      (s) => s.samlSlo || s.passport?.user,
    );
  }

  describe.each(Object.keys(backends))('with %s', (backend) => {
    it('by SessionIndex: the logged-out SessionIndex is refused, a fresh one works', async () => {
      const sp = await start(backends[backend]!());
      await logoutFirst(sp, { nameID: 'alice', sessionIndexes: ['_late-X'] });

      const late = await postLogin(sp, { nameID: 'alice', sessionIndexes: ['_late-X'] });
      await expectRefused(sp, late, 'alice');

      const cookie = await login(sp, 'alice', ['_late-Y']);
      expect((await me(sp, cookie))?.user.nameID).toBe('alice');
    });

    it('NameID-wide: a login authenticated before the logout is refused, one after it works', async () => {
      const sp = await start(backends[backend]!());
      const loggedOutAt = Date.now();
      await logoutFirst(sp, { nameID: 'bob', issueInstant: new Date(loggedOutAt) });

      const before = await postLogin(sp, {
        nameID: 'bob',
        sessionIndexes: ['_late-old'],
        authnInstant: new Date(loggedOutAt - 60_000),
      });
      await expectRefused(sp, before, 'bob');

      const cookie = await login(sp, 'bob', ['_late-new'], {
        authnInstant: new Date(loggedOutAt + 1000),
      });
      expect((await me(sp, cookie))?.user.nameID).toBe('bob');
    });
  });

  it('across instances: the logout taken by B refuses the late login posted to A', async () => {
    const shared = backends['connect-redis + RedisSessionIndex']!();
    const a = await start(shared);
    const b = await start(shared);
    await logoutFirst(b, { nameID: 'carol', sessionIndexes: ['_late-Z'] });

    await expectRefused(
      a,
      await postLogin(a, { nameID: 'carol', sessionIndexes: ['_late-Z'] }),
      'carol',
    );
  });

  it('a late login whose session cannot be saved (store down for that write) is refused, and stays refused once the store is back', async () => {
    class FailingOnce extends session.MemoryStore {
      failNextSet = false;
      override set(sid: string, data: session.SessionData, cb?: (err?: unknown) => void) {
        if (!this.failNextSet) return super.set(sid, data, cb);
        this.failNextSet = false;
        setImmediate(() => cb?.(new Error('store down')));
      }
    }
    const store = new FailingOnce();
    const sp = await start({ store: () => store });
    await logoutFirst(sp, { nameID: 'dave', sessionIndexes: ['_late-S'] });

    store.failNextSet = true; // Passport's save of the new login session fails
    const reply = await postLogin(sp, { nameID: 'dave', sessionIndexes: ['_late-S'] });
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({ code: 'UNEXPECTED' }); // the store's own error
    // express-session saved at the end of that response (the store was back): nothing of the
    // refused login may be in it, and the index must not have picked it up.
    if (reply.cookie) expect(await me(sp, reply.cookie)).toBeNull();
    expect(await sp.slo.sessionIndex.find({ issuer: sp.idp.entityID, nameID: 'dave' })).toEqual([]);
    expect(await loggedInSessions(sp)).toEqual([]);
  });

  /**
   * A store that goes down right after the next write it accepts (Passport's save of the new
   * login session), for writes and destroys, until `up()`; reads keep working.
   */
  class DownAfterNextSet extends session.MemoryStore {
    private state: 'up' | 'armed' | 'down' = 'up';
    destroyFails = true;
    armed() {
      this.state = 'armed';
    }
    up() {
      this.state = 'up';
    }
    override set(sid: string, data: session.SessionData, cb?: (err?: unknown) => void) {
      if (this.state === 'down') return setImmediate(() => cb?.(new Error('store down')));
      if (this.state === 'armed') this.state = 'down';
      super.set(sid, data, cb);
    }
    override destroy(sid: string, cb?: (err?: unknown) => void) {
      if (this.state === 'down' && this.destroyFails)
        return setImmediate(() => cb?.(new Error('store down')));
      super.destroy(sid, cb);
    }
  }

  /** The session id a `name=s%3A<id>.<signature>` cookie names. */
  const sessionIdOf = (cookie: string) =>
    /^s:([^.]+)\./.exec(decodeURIComponent(cookie.split('=')[1]!))![1]!;

  /** The ids of the sessions in the app's store that carry a login. */
  async function loggedInSessionIds(sp: TestSp): Promise<string[]> {
    const all = await new Promise<Record<string, StoredSession>>((resolve, reject) =>
      sp.store.all!((err, found) =>
        err ? reject(err) : resolve((found ?? {}) as Record<string, StoredSession>),
      ),
    );
    return Object.entries(all)
      .filter(([, s]) => s.samlSlo || s.passport?.user)
      .map(([id]) => id);
  }

  it('a late login whose undo can be neither saved nor destroyed (store down): no cookie names the login, which stays only under an id the browser never received', async () => {
    const store = new DownAfterNextSet();
    const sp = await start({ store: () => store });
    await logoutFirst(sp, { nameID: 'erin', sessionIndexes: ['_late-E'] });

    store.armed(); // the login's first save lands; Passport's logged-out save and the destroy fail
    const reply = await postLogin(sp, { nameID: 'erin', sessionIndexes: ['_late-E'] });
    store.up();

    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({ code: SloErrorCode.LoginAlreadyLoggedOut });
    // The login's first save is still in the store (nothing could take it out)...
    const left = await loggedInSessionIds(sp);
    expect(left).toHaveLength(1);
    // ...but the cookie names a fresh session, not that one: no browser can use it.
    expect(reply.cookie).toBeDefined();
    expect(sessionIdOf(reply.cookie!)).not.toBe(left[0]);
    expect(await me(sp, reply.cookie!)).toBeNull();
    expect(await sp.slo.sessionIndex.find({ issuer: sp.idp.entityID, nameID: 'erin' })).toEqual([]);
    // The refusal reached the app, and the failed undo is logged for operators.
    expect(sp.errors[0]).toMatchObject({ code: SloErrorCode.LoginAlreadyLoggedOut });
    expect(sp.logs.filter((l) => l.fields.event === 'saml_slo.login_undo_failed')).toEqual([
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({ code: SloErrorCode.SessionDestroyFailed }),
      }),
    ]);
  });

  it('a late login whose logged-out save fails is destroyed when the destroy works', async () => {
    const store = new DownAfterNextSet();
    store.destroyFails = false;
    const sp = await start({ store: () => store });
    await logoutFirst(sp, { nameID: 'fred', sessionIndexes: ['_late-F'] });

    store.armed();
    const reply = await postLogin(sp, { nameID: 'fred', sessionIndexes: ['_late-F'] });
    store.up();

    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({ code: SloErrorCode.LoginAlreadyLoggedOut });
    expect(await loggedInSessionIds(sp)).toEqual([]);
    expect(reply.cookie).toBeDefined();
    expect(await me(sp, reply.cookie!)).toBeNull();
    expect(sp.errors[0]).toMatchObject({ code: SloErrorCode.LoginAlreadyLoggedOut });
    expect(sp.logs.map((l) => l.fields.event)).not.toContain('saml_slo.login_undo_failed');
  });
});
