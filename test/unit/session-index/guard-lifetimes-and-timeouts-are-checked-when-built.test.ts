import { SloErrorCode } from '../../../lib';
import { MemorySessionIndex } from '../../../lib/session-index/memory-session-index';
import { RedisReplayCache, RedisSessionIndex } from '../../../lib/redis';
import type { RedisClientLike } from '../../../lib/session-index/redis/redis-client-like';
import { caughtSloErrorSync } from '../support/slo-error';

// A zero or negative lifetime would turn the resurrection guard (tombstones) or the late-login
// refusal (logout records) off without a word; a timeout past Node's timer limit fires at once.
// The constructors only check the client's shape, so no Redis is needed to build them.
const client = { evalSha: async () => 1, eval: async () => 1 } as unknown as RedisClientLike;
const TOO_LONG = 2 ** 31;
const BAD = [0, -1, 1.5, Number.NaN, TOO_LONG] as const;

const builders = {
  MemorySessionIndex: (o: Record<string, number>) => new MemorySessionIndex(o),
  RedisSessionIndex: (o: Record<string, number>) => new RedisSessionIndex({ client, ...o }),
  RedisReplayCache: (o: Record<string, number>) => new RedisReplayCache({ client, ...o }),
} as const;

const cases: [keyof typeof builders, string][] = [
  ['MemorySessionIndex', 'tombstoneTtlMs'],
  ['MemorySessionIndex', 'logoutRecordTtlMs'],
  ['MemorySessionIndex', 'sweepEvery'],
  ['RedisSessionIndex', 'tombstoneTtlMs'],
  ['RedisSessionIndex', 'logoutRecordTtlMs'],
  ['RedisSessionIndex', 'timeoutMs'],
  ['RedisReplayCache', 'timeoutMs'],
];

describe.each(cases)('%s option %s', (builder, option) => {
  it.each(BAD)('is refused when %p (SLO_OPTION_INVALID naming it)', (value) => {
    const error = caughtSloErrorSync(() => builders[builder]({ [option]: value }));
    expect(error.code).toBe(SloErrorCode.OptionInvalid);
    expect(error.option).toBe(`${builder}.${option}`);
    expect(error.message).toContain('must be an integer from 1 to 2147483647');
  });

  it.each([1, 60_000, TOO_LONG - 1])('is accepted when %p', (value) => {
    expect(() => builders[builder]({ [option]: value })).not.toThrow();
  });
});

describe('RedisSessionIndex option endSessionsInClaim', () => {
  it.each(['false', 0, 1, null])('is refused when %p (SLO_OPTION_INVALID naming it)', (value) => {
    const error = caughtSloErrorSync(
      () => new RedisSessionIndex({ client, endSessionsInClaim: value as unknown as boolean }),
    );
    expect(error.code).toBe(SloErrorCode.OptionInvalid);
    expect(error.option).toBe('RedisSessionIndex.endSessionsInClaim');
    expect(error.message).toContain('must be true or false');
  });

  it.each([true, false, undefined])('is accepted when %p', (value) => {
    expect(
      () =>
        new RedisSessionIndex({
          client,
          ...(value === undefined ? {} : { endSessionsInClaim: value }),
        }),
    ).not.toThrow();
  });
});
