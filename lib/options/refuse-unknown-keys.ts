import { optionError } from './load-keys';

/**
 * The keys of `T`, written out, and checked by the compiler to be all of them: a list that
 * leaves one out does not compile, so an option added to the type cannot be refused as
 * unknown.
 *
 * @example
 * ```ts
 * const PATHS_KEYS = allKeysOf<{ logout?: string; metadata?: string }>()(['logout', 'metadata']);
 * ```
 */
export function allKeysOf<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : 'lists every key of T'),
  ): K => keys;
}

/** How {@link refuseUnknownKeys} words its refusal. */
export interface UnknownKeyWording {
  /** What a known key is, e.g. `'a hook'`. Default `'an option'`. */
  readonly noun?: string;
  /** Unknown keys that plainly mean a known one (a binding URI for its short name). */
  readonly aliases?: Readonly<Record<string, string>>;
}

/**
 * Refuses any own key of `value` outside `allowed`: a typo in a security option
 * (`security.allowSHA1`, `security.requireDestinaton`) must not pass silently as if it were
 * absent. The error names the key's full path and, when one is close (another case, a
 * letter or two apart, a prefix), the key that was likely meant.
 *
 * @throws {SloError} `SLO_OPTION_INVALID` with `option` set to the unknown key's path.
 * @example
 * ```ts
 * refuseUnknownKeys(options.security, 'security', ['allowSha1', 'requireDestination']);
 * // security: { allowSHA1: true } → "saml-slo option security.allowSHA1 is not an option;
 * //   did you mean security.allowSha1? Known: allowSha1, requireDestination"
 * ```
 */
export function refuseUnknownKeys(
  value: object,
  path: string,
  allowed: readonly string[],
  wording: UnknownKeyWording = {},
): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const at = (name: string) => (path === '' ? name : `${path}.${name}`);
    const meant =
      (Object.hasOwn(wording.aliases ?? {}, key) ? wording.aliases![key] : undefined) ??
      closest(key, allowed);
    throw optionError(
      at(key),
      `is not ${wording.noun ?? 'an option'}; ` +
        (meant === undefined ? '' : `did you mean ${at(meant)}? `) +
        `Known: ${allowed.join(', ')}`,
    );
  }
}

/**
 * Whether `value` is an object of named options (not null, not an array).
 *
 * @example
 * ```ts
 * if (!isOptionObject(options.security)) throw optionError('security', 'must be an object');
 * ```
 */
export function isOptionObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The known key `key` most likely misspells, if any is close enough. */
function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const candidate = name.toLowerCase();
    const distance =
      candidate === lower
        ? 0
        : Math.min(lower.length, candidate.length) >= 4 &&
            (candidate.startsWith(lower) || lower.startsWith(candidate))
          ? 1
          : editDistance(lower, candidate);
    if (distance <= Math.max(1, Math.floor(name.length / 4)) && (!best || distance < best.distance))
      best = { name, distance };
  }
  return best?.name;
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
