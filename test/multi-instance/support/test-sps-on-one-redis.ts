import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { startTestSp, type TestSp, type TestSpOptions } from './test-sp';

/** What {@link testSpsOnOneRedis} gives a describe block. */
export interface TestSpsOnOneRedis {
  /** The block's Redis (started before its first test). */
  readonly redis: () => RedisServer;
  /** A key prefix no other app of the block has used, `${name}${n}`. */
  readonly freshPrefix: () => string;
  /** Starts an SP instance, closed after the test that started it. */
  readonly start: (options: TestSpOptions) => Promise<TestSp>;
}

/**
 * Registers, in the calling describe block, one real Redis for the block and the closing of
 * every SP instance a test started: the set-up the multi-instance tests share.
 *
 * @example
 * ```ts
 * const sps = testSpsOnOneRedis('race');
 * const sp = await sps.start({ redis: { url: sps.redis().url, prefix: sps.freshPrefix() } });
 * ```
 */
export function testSpsOnOneRedis(name: string): TestSpsOnOneRedis {
  let redis: RedisServer | undefined;
  const started: TestSp[] = [];
  let apps = 0;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.stop());
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sp) => sp.close()));
  });
  return {
    redis: () => redis!,
    freshPrefix: () => `${name}${++apps}`,
    start: async (options) => {
      const sp = await startTestSp(options);
      started.push(sp);
      return sp;
    },
  };
}
