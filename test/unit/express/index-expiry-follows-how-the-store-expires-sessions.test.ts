import session from 'express-session';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { indexExpiryFor, storeExpiry } from '../../../lib/express/session-expiry';

/**
 * An index entry must last at least as long as its session in the store (design §4). What
 * connect-redis 9 does with a session key (`set`, `getTTL`) decides it; other stores keep a
 * session until its cookie expires, or until destroyed. (No connection needed.)
 */
const NOW = Date.parse('2026-12-02T10:00:00Z');
const HOUR = 3_600_000;
const client = createClient();
const withCookie = {
  cookie: { expires: new Date(NOW + HOUR).toISOString(), originalMaxAge: HOUR },
};
const browserSession = { cookie: { originalMaxAge: null } };

describe('how long an index entry lasts, by the store', () => {
  it('MemoryStore: the cookie’s expiry plus one lifetime; a browser session never expires', () => {
    const lifespanOf = storeExpiry(new session.MemoryStore());
    expect(indexExpiryFor(lifespanOf(withCookie, NOW))).toBe(NOW + 2 * HOUR);
    expect(lifespanOf(browserSession, NOW)).toBeUndefined();
  });

  it('connect-redis with a numeric ttl: the cookie’s expiry, else ttl seconds', () => {
    const lifespanOf = storeExpiry(new RedisStore({ client, ttl: 600 }));
    expect(lifespanOf(withCookie, NOW)).toEqual({ expiresAt: NOW + HOUR, lifetimeMs: HOUR });
    expect(lifespanOf(browserSession, NOW)).toEqual({
      expiresAt: NOW + 600_000,
      lifetimeMs: 600_000,
    });
  });

  it.each([true, 'yes', 1])(
    'connect-redis with disableTTL %p: never (its keys get no TTL)',
    (flag) => {
      const store = new RedisStore({ client, disableTTL: flag as boolean });
      expect(storeExpiry(store)(withCookie, NOW)).toBeUndefined();
    },
  );

  it('connect-redis with a ttl function: ttl(session), called once per write, as the store calls it', () => {
    const calls: { self: unknown; session: unknown }[] = [];
    const store = new RedisStore({
      client,
      ttl(this: unknown, sess: unknown) {
        calls.push({ self: this, session: sess });
        return 7200;
      },
    });
    const lifespan = storeExpiry(store)(withCookie, NOW);
    expect(lifespan).toEqual({ expiresAt: NOW + 2 * HOUR, lifetimeMs: 2 * HOUR }); // cookie ignored
    expect(indexExpiryFor(lifespan)).toBe(NOW + 4 * HOUR);
    expect(calls).toEqual([{ self: store, session: withCookie }]);
    // What connect-redis itself computes (a private method, read here only to compare).
    expect((store as unknown as { getTTL(s: unknown): number }).getTTL(withCookie)).toBe(7200);
  });

  it('a ttl function answering zero or less: now (connect-redis deletes the session itself)', () => {
    const store = new RedisStore({ client, ttl: () => -5 });
    expect(storeExpiry(store)(withCookie, NOW)).toEqual({ expiresAt: NOW, lifetimeMs: 0 });
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('no ttl');
      },
    ],
    ['answers a string', () => '7200'],
    ['answers NaN', () => Number.NaN],
  ])(
    'a ttl function that %s: never expires (safe: the entry outlives the session)',
    (_case, ttl) => {
      const store = new RedisStore({ client, ttl: ttl as unknown as number });
      expect(storeExpiry(store)(withCookie, NOW)).toBeUndefined();
    },
  );
});
