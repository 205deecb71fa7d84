import type { SessionDataLike } from '../options/slo-options';

/**
 * When a session expires, from its cookie (ms since epoch), or `undefined` for a
 * browser-session cookie with no expiry.
 *
 * @example
 * ```ts
 * sessionExpiresAt({ cookie: { expires: new Date(Date.now() + 60_000) } }); // ≈ now + 60 s
 * ```
 */
export function sessionExpiresAt(session: SessionDataLike | null | undefined): number | undefined {
  const expires = session?.cookie?.expires;
  if (expires === undefined || expires === null) return undefined;
  const ms = new Date(expires).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * How long the index entry of a session should last: the session's expiry plus one more
 * cookie lifetime. The entry then never expires before its session, and a rolling session
 * that is touched on every request moves its index entry once per lifetime, not once per
 * request (design §4: ordinary requests pay nothing). `undefined` = no expiry.
 *
 * @example
 * ```ts
 * indexExpiryFor({ cookie: { expires: new Date(t + 3_600_000), originalMaxAge: 3_600_000 } }); // t + 2 h
 * ```
 */
export function indexExpiryFor(session: SessionDataLike | null | undefined): number | undefined {
  const expiresAt = sessionExpiresAt(session);
  if (expiresAt === undefined) return undefined;
  return expiresAt + Math.max(0, session?.cookie?.originalMaxAge ?? 0);
}
