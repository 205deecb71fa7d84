import { SloError, SloErrorCode } from '../errors';

/**
 * The longest delay Node's timers accept, ms (2^31 − 1, ≈ 24.8 days). A longer one fires at
 * once with a TimeoutOverflowWarning, so every duration option stops there: beyond it a
 * timeout would fire immediately and a lifetime would overflow dates and Redis expiries.
 *
 * @example
 * ```ts
 * integerOption(options.timeoutMs ?? 2000, 'RedisSessionIndex.timeoutMs', 1, MAX_DURATION_MS);
 * ```
 */
export const MAX_DURATION_MS = 2_147_483_647;

/**
 * Checks a numeric option: an integer from `min` to `max` (by default 1 to
 * {@link MAX_DURATION_MS}, right for durations in ms and ample for counts), else
 * `SLO_OPTION_INVALID` naming the option and the range. Used by `createSlo` and by the index
 * and cache constructors, so a zero, negative, fractional, NaN or overflowing value never
 * turns a guard off silently.
 *
 * @example
 * ```ts
 * const ttl = integerOption(options.tombstoneTtlMs ?? 3_600_000, 'MemorySessionIndex.tombstoneTtlMs');
 * const skew = integerOption(options.clockSkewMs ?? 120_000, 'clockSkewMs', 0);
 * ```
 */
export function integerOption(
  value: unknown,
  option: string,
  min = 1,
  max = MAX_DURATION_MS,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SloError(
      SloErrorCode.OptionInvalid,
      `saml-slo option ${option} must be an integer from ${min} to ${max}`,
      { option },
    );
  }
  return value;
}
