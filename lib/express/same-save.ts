import type { SessionDataLike } from '../options/slo-options';

/**
 * How far a session cookie's expiry may move forward between a login's two saves and still
 * count as the same save: express-session touches the cookie (`expires` = now + maxAge)
 * before its end-of-response save, so with a `maxAge` the two saves differ by the time the
 * login response took.
 *
 * @example
 * ```ts
 * writesTheSame(first, { ...first, expires: first.expires! + MAX_EXPIRY_SHIFT_MS }); // true
 * ```
 */
export const MAX_EXPIRY_SHIFT_MS = 10_000;

/**
 * What one save writes, as far as comparing two saves goes: the session's JSON without its
 * cookie's `expires`, and that expiry (ms since epoch; undefined: a browser-session cookie).
 *
 * @example
 * ```ts
 * const fingerprint: SaveFingerprint = { json: '{"cookie":{"path":"/"},"samlSlo":…}', expires: undefined };
 * ```
 */
export interface SaveFingerprint {
  readonly json: string;
  readonly expires: number | undefined;
}

/**
 * The fingerprint of a save of `session`.
 *
 * @example
 * ```ts
 * const first = fingerprintOf(session); // { json: '{"cookie":{…},"passport":…}', expires: 1767225600000 }
 * ```
 */
export function fingerprintOf(session: SessionDataLike): SaveFingerprint {
  // The cookie as stores serialize it (express-session's Cookie has a toJSON).
  const cookie = JSON.parse(JSON.stringify(session.cookie ?? null)) as {
    expires?: string | null;
  } | null;
  const expires = cookie?.expires ? Date.parse(cookie.expires) : undefined;
  if (cookie) delete cookie.expires;
  return {
    json: JSON.stringify({ ...session, cookie }),
    expires: Number.isNaN(expires) ? undefined : expires,
  };
}

/**
 * Whether a later save writes what an earlier one did, but for a cookie expiry moved
 * forward by at most {@link MAX_EXPIRY_SHIFT_MS}. The store then holds the session with the
 * earlier expiry: sooner by the length of one request, and the index entry outlives both.
 *
 * @example
 * ```ts
 * if (writesTheSame(first, fingerprintOf(session))) return callback(); // nothing new to write
 * ```
 */
export function writesTheSame(first: SaveFingerprint, later: SaveFingerprint): boolean {
  if (first.json !== later.json) return false;
  if (first.expires === undefined || later.expires === undefined) {
    return first.expires === later.expires;
  }
  const shift = later.expires - first.expires;
  return shift >= 0 && shift <= MAX_EXPIRY_SHIFT_MS;
}
