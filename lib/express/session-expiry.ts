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
