import type { SessionDataLike } from '../options/slo-options';

type Session = SessionDataLike | null | undefined;

/**
 * How the app's store expires sessions on its own, read once from the store, so that a
 * session's index entry never expires before the session does (design §4: a logout must
 * find every live session).
 *
 * - connect-redis with `disableTTL`: never (its keys get no TTL, whatever the cookie says);
 * - connect-redis with a `ttl` function: `ttl(session)` seconds from each write (it ignores
 *   the cookie then);
 * - connect-redis with a numeric `ttl`: the cookie's expiry, else `ttl` seconds;
 * - MemoryStore and other stores: the cookie's expiry, else never.
 *
 * @example
 * ```ts
 * const expiry = storeExpiry(new RedisStore({ client })); // cookie expiry, else 1 day
 * expiry.expiresAt({ cookie: {} }, Date.now()); // ≈ now + 86 400 000
 * ```
 */
export interface StoreExpiry {
  /** When the store drops `session` on its own if written at `now` (ms), or undefined: never. */
  expiresAt(session: Session, now: number): number | undefined;
  /** One lifetime of `session` in the store, ms (0 when unknown). */
  lifetimeOf(session: Session): number;
}

/**
 * Reads how `store` expires sessions (see {@link StoreExpiry}).
 *
 * @example
 * ```ts
 * storeExpiry(new session.MemoryStore()).expiresAt({ cookie: {} }, Date.now()); // undefined
 * ```
 */
export function storeExpiry(store: unknown): StoreExpiry {
  const { ttl, disableTTL } = (store ?? {}) as { ttl?: unknown; disableTTL?: unknown };
  if (disableTTL === true) return { expiresAt: () => undefined, lifetimeOf: () => 0 };
  if (typeof ttl === 'function') {
    // connect-redis calls it on every write; an answer we cannot use means: never expires.
    const ttlMsOf = (session: Session): number | undefined => {
      try {
        const seconds: unknown = ttl.call(store, session);
        return typeof seconds === 'number' && seconds > 0 && Number.isFinite(seconds)
          ? seconds * 1000
          : undefined;
      } catch {
        return undefined;
      }
    };
    return {
      expiresAt: (session, now) => {
        const ms = ttlMsOf(session);
        return ms === undefined ? undefined : now + ms;
      },
      lifetimeOf: (session) => ttlMsOf(session) ?? 0,
    };
  }
  const ttlMs = typeof ttl === 'number' && ttl > 0 ? ttl * 1000 : undefined;
  return {
    expiresAt: (session, now) =>
      cookieExpiry(session) ?? (ttlMs === undefined ? undefined : now + ttlMs),
    lifetimeOf: (session) => session?.cookie?.originalMaxAge ?? ttlMs ?? 0,
  };
}

/**
 * When a session expires in `store` (ms since epoch), or `undefined`: never.
 *
 * @example
 * ```ts
 * sessionExpiresAt({ cookie: { expires: new Date(Date.now() + 60_000) } }, storeExpiry(store)); // ≈ now + 60 s
 * ```
 */
export function sessionExpiresAt(
  session: Session,
  expiry: StoreExpiry,
  now: number = Date.now(),
): number | undefined {
  return expiry.expiresAt(session, now);
}

/**
 * How long the index entry of a session should last: the session's expiry plus one more
 * session lifetime. The entry then never expires before its session, and a rolling
 * session that is touched on every request moves its index entry once per lifetime, not
 * once per request (design §4: ordinary requests pay nothing). `undefined` = no expiry.
 *
 * @example
 * ```ts
 * indexExpiryFor({ cookie: { expires: new Date(t + 3_600_000), originalMaxAge: 3_600_000 } }, expiry); // t + 2 h
 * ```
 */
export function indexExpiryFor(
  session: Session,
  expiry: StoreExpiry,
  now: number = Date.now(),
): number | undefined {
  const expiresAt = expiry.expiresAt(session, now);
  if (expiresAt === undefined) return undefined;
  return expiresAt + Math.max(0, expiry.lifetimeOf(session));
}

function cookieExpiry(session: Session): number | undefined {
  const expires = session?.cookie?.expires;
  if (expires === undefined || expires === null) return undefined;
  const ms = new Date(expires).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
