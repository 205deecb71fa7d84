/**
 * The limits a NameID and a SessionIndex must meet, shared by the login side (what is
 * recorded) and the logout side (what is matched), so every login saml-slo records is one
 * a LogoutRequest can name: a login refused here is better than a session the IdP can
 * never end.
 *
 * @example
 * ```ts
 * usableIdentifier('alice@example.com', MAX_NAME_ID_CHARS); // true
 * usableIdentifier('\uD800', MAX_SESSION_INDEX_CHARS);       // false: a lone surrogate
 * ```
 */
export const MAX_NAME_ID_CHARS = 1024;

/** At most this many characters in one SessionIndex (see {@link MAX_NAME_ID_CHARS}). */
export const MAX_SESSION_INDEX_CHARS = 256;

/** At most this many SessionIndex values in one message or login. */
export const MAX_SESSION_INDEXES = 100;

// A UTF-16 surrogate without its pair: not an XML Char, and Redis's cjson refuses the JSON
// escape JSON.stringify writes for it, so the index could not store or match it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether `value` (already trimmed) is 1 to `maxChars` characters of well-formed text.
 *
 * @example
 * ```ts
 * usableIdentifier('_s1', MAX_SESSION_INDEX_CHARS); // true
 * usableIdentifier('', MAX_SESSION_INDEX_CHARS);    // false
 * ```
 */
export function usableIdentifier(value: string, maxChars: number): boolean {
  return value.length > 0 && value.length <= maxChars && !LONE_SURROGATE.test(value);
}
