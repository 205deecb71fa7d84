import type { SessionData } from 'express-session';
import { RedisStore } from 'connect-redis';
import { SamlStatus } from '../../lib';
import { login, me, postLogin, signedAnswer, soapLogout } from './support/http';
import { sessionEndingOf, sessionPrefix, type TestSp, type TestSpOptions } from './support/test-sp';
import { testSpsOnOneRedis } from './support/test-sps-on-one-redis';

/**
 * Design §5: a request that loaded session S and saves it after a back-channel logout
 * destroyed S must not bring S back.
 */
describe('the resurrection race: a request in flight during logout does not bring the session back', () => {
  const sps = testSpsOnOneRedis('race');
  const { start } = sps;

  const backends: Record<string, () => TestSpOptions> = {
    'MemoryStore + MemorySessionIndex': () => ({}),
    'connect-redis + RedisSessionIndex (sessions ended in the claim)': () => ({
      redis: { url: sps.redis().url, prefix: sps.freshPrefix() },
    }),
    'connect-redis + RedisSessionIndex (sessions ended through the store)': () => ({
      redis: { url: sps.redis().url, prefix: sps.freshPrefix(), endSessionsInClaim: false },
    }),
  };

  /** Logs alice in on `sp` and starts POST /slow, held at its gate with the session loaded. */
  async function aliceWithRequestInFlight(sp: TestSp, sessionIndex: string) {
    const cookie = await login(sp, 'alice', [sessionIndex]);
    const { sessionID } = (await me(sp, cookie))!;
    const slow = sp.slow(cookie);
    await slow.gate.entered;
    return { cookie, sessionID, slow };
  }

  describe.each(Object.keys(backends))('with %s', (backend) => {
    it('the guarded store keeps the session logged out, in the app and in the store', async () => {
      const sp = await start(backends[backend]!());
      expect(sessionEndingOf(sp)).toBe(
        backend.includes('in the claim') ? 'in-claim' : 'through-store',
      );
      const { cookie, sessionID, slow } = await aliceWithRequestInFlight(sp, '_race-1');

      const logout = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_race-1'] });
      expect(logout.response).toMatchObject({
        ...signedAnswer(sp, logout),
        status: SamlStatus.Success,
      });
      expect(await sp.stored(sessionID)).toBeNull();
      slow.gate.release();

      // The request ran on the session loaded before the logout, and saved it on the way out.
      expect(await slow.reply).toEqual({ status: 200, body: { user: 'alice', counter: 1 } });
      expect(await me(sp, cookie)).toBeNull();
      expect(await sp.stored(sessionID)).toBeNull();
    });

    it('CONTROL: without the guard (raw store, destroyed directly) the session comes back', async () => {
      const sp = await start({ ...backends[backend]!(), unguarded: true });
      const { cookie, sessionID, slow } = await aliceWithRequestInFlight(sp, '_race-2');

      await new Promise<void>((resolve, reject) =>
        sp.store.destroy(sessionID, (err) => (err ? reject(err) : resolve())),
      );
      expect(await sp.stored(sessionID)).toBeNull();
      slow.gate.release();

      expect(await slow.reply).toEqual({ status: 200, body: { user: 'alice', counter: 1 } });
      expect((await me(sp, cookie))?.user.nameID).toBe('alice');
      expect(await sp.stored(sessionID)).toMatchObject({ counter: 1 });
    });
  });

  it.each([
    ['in the claim', true],
    ['through the store', false],
  ])(
    'across instances, sessions ended %s: request in flight on A, logout delivered to B, A stays logged out',
    async (_mode, inClaim) => {
      const shared = {
        redis: { url: sps.redis().url, prefix: sps.freshPrefix(), endSessionsInClaim: inClaim },
      };
      const a = await start(shared);
      const b = await start(shared);
      expect(sessionEndingOf(b)).toBe(inClaim ? 'in-claim' : 'through-store');
      const { cookie, sessionID, slow } = await aliceWithRequestInFlight(a, '_race-3');
      expect((await me(b, cookie))?.sessionID).toBe(sessionID); // one app, two instances

      const logout = await soapLogout(b, { nameID: 'alice', sessionIndexes: ['_race-3'] });
      expect(logout.response).toMatchObject({
        ...signedAnswer(b, logout),
        status: SamlStatus.Success,
      });
      expect(a.slo.sessionIndex.isLoggedOut(sessionID)).toBe(false); // A was not told directly
      slow.gate.release();

      expect(await slow.reply).toEqual({ status: 200, body: { user: 'alice', counter: 1 } });
      // A's save wrote the session back, asked the index, learnt of the tombstone and destroyed it.
      expect(a.slo.sessionIndex.isLoggedOut(sessionID)).toBe(true);
      expect(await a.stored(sessionID)).toBeNull();
      expect(await me(a, cookie)).toBeNull();
      expect(await me(b, cookie)).toBeNull();
    },
  );

  describe('a logout between a login and its end-of-response save', () => {
    /** A and B, one app on Redis; A's own store counts the writes it is given per session. */
    async function twoInstances(unguarded = false, cookie?: { maxAge: number }) {
      const writes = new Map<string, number>();
      class CountingStore extends RedisStore {
        override set(sid: string, data: SessionData, cb?: (err?: unknown) => void) {
          writes.set(sid, (writes.get(sid) ?? 0) + 1);
          return super.set(sid, data, cb);
        }
      }
      const prefix = sps.freshPrefix();
      const shared = { redis: { url: sps.redis().url, prefix }, ...(cookie ? { cookie } : {}) };
      const a = await start({
        ...shared,
        unguarded,
        store: (client) => new CountingStore({ client: client!, prefix: sessionPrefix(prefix) }),
      });
      const b = await start(shared);
      return { a, b, writes };
    }

    /** Logs alice in on A, holds the login's response, and has B end her login meanwhile. */
    async function logoutDuringLogin(a: TestSp, b: TestSp, changeSession: boolean) {
      const gate = a.holdNextLogin({ changeSession });
      const reply = postLogin(a, { nameID: 'alice', sessionIndexes: ['_race-login'] });
      await gate.entered; // Passport saved the new session and saml-slo indexed the login
      const [sessionID] = await a.slo.sessionIndex.find({
        issuer: a.idp.entityID,
        nameID: 'alice',
      });
      expect(await a.stored(sessionID!)).toMatchObject({ samlSlo: { nameID: 'alice' } });
      const logout = await soapLogout(b, { nameID: 'alice', sessionIndexes: ['_race-login'] });
      expect(logout.response).toMatchObject({
        ...signedAnswer(b, logout),
        status: SamlStatus.Success,
      });
      expect(await a.stored(sessionID!)).toBeNull();
      gate.release();
      const acs = await reply; // the login's response goes out, with its cookie
      expect(acs).toMatchObject({ status: 302, location: '/me' });
      return { sessionID: sessionID!, cookie: acs.cookie };
    }

    it.each([
      ['a browser-session cookie', undefined],
      ['a cookie with maxAge', { maxAge: 3_600_000 }],
    ])(
      'the session unchanged since Passport saved it (%s): the second save is not written, the login stays out',
      async (_case, cookieOptions) => {
        const { a, b, writes } = await twoInstances(false, cookieOptions);
        const { sessionID, cookie } = await logoutDuringLogin(a, b, false);
        expect(writes.get(sessionID)).toBe(1); // Passport's save only
        expect(await a.stored(sessionID)).toBeNull();
        expect(await me(a, cookie)).toBeNull();
        expect(await me(b, cookie)).toBeNull();
      },
    );

    it('the session changed after Passport saved it: written, then destroyed again by the guard', async () => {
      const { a, b, writes } = await twoInstances();
      const { sessionID, cookie } = await logoutDuringLogin(a, b, true);
      expect(writes.get(sessionID)).toBe(2);
      expect(a.slo.sessionIndex.isLoggedOut(sessionID)).toBe(true); // learnt from the index
      expect(await a.stored(sessionID)).toBeNull();
      expect(await me(a, cookie)).toBeNull();
      expect(await me(b, cookie)).toBeNull();
    });

    it.each([
      ['unchanged', false, 1],
      ['changed', true, 2],
    ])(
      'with no logout in between, the login stands (session %s after Passport saved it)',
      async (_case, changeSession, expectedWrites) => {
        const { a, b, writes } = await twoInstances();
        const gate = a.holdNextLogin({ changeSession });
        const reply = postLogin(a, { nameID: 'bob', sessionIndexes: ['_no-race'] });
        await gate.entered;
        gate.release();
        const acs = await reply;
        const mine = await me(a, acs.cookie);
        expect(mine?.user.nameID).toBe('bob');
        expect(writes.get(mine!.sessionID)).toBe(expectedWrites);
        expect(await a.stored(mine!.sessionID)).toMatchObject({
          samlSlo: { nameID: 'bob' },
          ...(changeSession ? { seen: true } : {}),
        });
        expect((await me(b, acs.cookie))?.sessionID).toBe(mine!.sessionID);
        expect(await b.slo.sessionIndex.find({ issuer: b.idp.entityID, nameID: 'bob' })).toEqual([
          mine!.sessionID,
        ]);
      },
    );

    it('CONTROL: without the guard (raw store) the end-of-response save brings the login back', async () => {
      const { a, b, writes } = await twoInstances(true);
      const { sessionID, cookie } = await logoutDuringLogin(a, b, false);
      expect(writes.get(sessionID)).toBe(2);
      expect(await a.stored(sessionID)).toMatchObject({ samlSlo: { nameID: 'alice' } });
      expect((await me(a, cookie))?.user.nameID).toBe('alice');
    });
  });
});
