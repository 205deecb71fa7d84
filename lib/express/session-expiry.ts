import type { SessionDataLike } from '../options/slo-options';

type Session = SessionDataLike | null | undefined;

/**
 * How the app's store expires sessions on its own, read once from the store, so that a
 * session's index entry never expires before the session does (design §4: a logout must
 * find every live session). Mirrors connect-redis 9 (`set`, `touch`, `getTTL`):
 *
 * - `disableTTL` (any truthy value, as connect-redis reads it): never (keys get no TTL,
 *   whatever the cookie says);
 * - a `ttl` function: `ttl(session)` seconds from each write, the cookie ignored (called once
 *   per write here, as connect-redis does; a non-number or a throw reads as never, and zero
 *   or less as now: connect-redis then deletes the session itself);
 * - a numeric `ttl`: the cookie's expiry, else `ttl` seconds;
 * - MemoryStore and other stores: the cookie's expiry, else never.
 *
 * @example
 * ```ts
 * const lifespanOf = storeExpiry(new RedisStore({ client })); // cookie expiry, else 1 day
 * lifespanOf({ cookie: {} }, Date.now()); // { expiresAt: ≈ now + 86 400 000, lifetimeMs: 86 400 000 }
 * ```
 */
export type StoreExpiry = (
  session: Session,
  now: number,
) => { readonly expiresAt: number; readonly lifetimeMs: number } | undefined;

/**
 * Reads how `store` expires sessions (see {@link StoreExpiry}).
 *
 * @example
 * ```ts
 * storeExpiry(new session.MemoryStore())({ cookie: {} }, Date.now()); // undefined: never
 * ```
 */
export function storeExpiry(store: unknown): StoreExpiry {
  const { ttl, disableTTL } = (store ?? {}) as { ttl?: unknown; disableTTL?: unknown };
  if (disableTTL) return () => undefined;
  if (typeof ttl === 'function') {
    return (session, now) => {
      let seconds: unknown;
      try {
        seconds = ttl.call(store, session);
      } catch {
        return undefined;
      }
      if (typeof seconds !== 'number' || Number.isNaN(seconds) || seconds === Infinity) {
        return undefined;
      }
      const lifetimeMs = Math.max(0, seconds * 1000);
      return { expiresAt: now + lifetimeMs, lifetimeMs };
    };
  }
  const ttlMs = typeof ttl === 'number' && ttl > 0 ? ttl * 1000 : undefined;
  return (session, now) => {
    const cookie = cookieExpiry(session);
    const expiresAt = cookie ?? (ttlMs === undefined ? undefined : now + ttlMs);
    if (expiresAt === undefined) return undefined;
    return { expiresAt, lifetimeMs: Math.max(0, session?.cookie?.originalMaxAge ?? ttlMs ?? 0) };
  };
}

/**
 * How long the index entry of a session should last: the session's expiry plus one more
 * session lifetime. The entry then never expires before its session, and a rolling
 * session that is touched on every request moves its index entry once per lifetime, not
 * once per request (design §4: ordinary requests pay nothing). `undefined` = no expiry.
 *
 * @example
 * ```ts
 * indexExpiryFor(storeExpiry(store)({ cookie: { expires: new Date(t + 3_600_000), originalMaxAge: 3_600_000 } }, t)); // t + 2 h
 * ```
 */
export function indexExpiryFor(lifespan: ReturnType<StoreExpiry>): number | undefined {
  return lifespan === undefined ? undefined : lifespan.expiresAt + lifespan.lifetimeMs;
}

function cookieExpiry(session: Session): number | undefined {
  const expires = session?.cookie?.expires;
  if (expires === undefined || expires === null) return undefined;
  const ms = new Date(expires).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
