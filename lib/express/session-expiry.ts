import type { SessionDataLike } from '../options/slo-options';

/**
 * When a session expires (ms since epoch): its cookie's expiry, else `now + storeTtlMs`
 * when the store gives such sessions a TTL (connect-redis: 1 day by default), else
 * `undefined` (MemoryStore keeps them until destroyed).
 *
 * @example
 * ```ts
 * sessionExpiresAt({ cookie: { expires: new Date(Date.now() + 60_000) } }); // ≈ now + 60 s
 * ```
 */
export function sessionExpiresAt(
  session: SessionDataLike | null | undefined,
  storeTtlMs?: number,
  now: number = Date.now(),
): number | undefined {
  const expires = session?.cookie?.expires;
  if (expires !== undefined && expires !== null) {
    const ms = new Date(expires).getTime();
    if (!Number.isNaN(ms)) return ms;
  }
  return storeTtlMs === undefined ? undefined : now + storeTtlMs;
}

/**
 * How long the index entry of a session should last: the session's expiry plus one more
 * session lifetime. The entry then never expires before its session, and a rolling
 * session that is touched on every request moves its index entry once per lifetime, not
 * once per request (design §4: ordinary requests pay nothing). `undefined` = no expiry.
 *
 * @example
 * ```ts
 * indexExpiryFor({ cookie: { expires: new Date(t + 3_600_000), originalMaxAge: 3_600_000 } }); // t + 2 h
 * ```
 */
export function indexExpiryFor(
  session: SessionDataLike | null | undefined,
  storeTtlMs?: number,
  now: number = Date.now(),
): number | undefined {
  const expiresAt = sessionExpiresAt(session, storeTtlMs, now);
  if (expiresAt === undefined) return undefined;
  const lifetime = session?.cookie?.originalMaxAge ?? storeTtlMs ?? 0;
  return expiresAt + Math.max(0, lifetime);
}

/**
 * The TTL a store gives sessions whose cookie has no expiry, when it says so: connect-redis
 * exposes `ttl` in seconds (default 86 400). `undefined` for MemoryStore and stores that
 * keep such sessions until destroyed.
 *
 * @example
 * ```ts
 * storeTtlMs(new RedisStore({ client })); // 86_400_000
 * ```
 */
export function storeTtlMs(store: unknown): number | undefined {
  const ttl = (store as { ttl?: unknown } | null)?.ttl;
  return typeof ttl === 'number' && ttl > 0 ? ttl * 1000 : undefined;
}
