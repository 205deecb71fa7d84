import { integerOption } from '../options/integer-option';
import { DEFAULT_GUARD_TTL_MS, type LogoutGuardOptions } from './session-index';

/**
 * The checked lifetimes of tombstones and logout records (default 1 hour each). A zero,
 * negative or fractional lifetime would switch the resurrection guard or the late-login
 * refusal off without a word, so it is refused (`SLO_OPTION_INVALID`) when the index is built.
 *
 * @example
 * ```ts
 * const { tombstoneTtlMs, logoutRecordTtlMs } = guardLifetimes(options, 'RedisSessionIndex');
 * ```
 */
export function guardLifetimes(
  options: LogoutGuardOptions,
  owner: string,
): Required<LogoutGuardOptions> {
  return {
    tombstoneTtlMs: integerOption(
      options.tombstoneTtlMs ?? DEFAULT_GUARD_TTL_MS,
      `${owner}.tombstoneTtlMs`,
    ),
    logoutRecordTtlMs: integerOption(
      options.logoutRecordTtlMs ?? DEFAULT_GUARD_TTL_MS,
      `${owner}.logoutRecordTtlMs`,
    ),
  };
}
