import type { RedisClientType } from 'redis';
import type { RedisClientLike } from '../../lib/redis';
import { runScript } from '../../lib/session-index/redis/redis-scripts';
import { eventually } from '../support/eventually';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay';
import { connectRedis } from '../support/sp-app';

// A logout answered "nothing was done" (PartialLogout, Redis unreachable) must stay true once
// Redis is reachable again: the script call that timed out in the client's offline queue is
// cancelled, never sent on reconnection. saml-slo cancels through node-redis's
// withAbortSignal with its own light signal; this holds node-redis to the part of AbortSignal
// it relies on. Redis is cut off by a TCP relay, not restarted, so it still knows the script:
// a queued EVALSHA would run as is.

const SET_LATE = `redis.call('SET', KEYS[1], ARGV[1]) return 1`;
const UNAVAILABLE = { code: 'SLO_SESSION_INDEX_UNAVAILABLE' };

let redis: RedisServer;
let relay: TcpRelay;
let client: RedisClientType;

beforeAll(async () => {
  redis = await startRedisServer();
  relay = await startTcpRelay(redis.port);
  client = await connectRedis(`redis://127.0.0.1:${relay.port}`);
  await runScript(client, SET_LATE, ['warm-up'], ['loaded'], 1_000); // Redis knows the script
});

afterAll(async () => {
  client?.destroy();
  await relay?.cut();
  await redis?.stop();
});

/** Runs SET_LATE on `target` while Redis is cut off, then restores it and waits for `client`. */
async function timeOutWhileRedisIsCutOff(target: RedisClientLike, key: string): Promise<void> {
  await relay.cut();
  try {
    // Once the client has seen the connection go, new calls wait in its offline queue.
    expect(await eventually(async () => !client.isReady)).toBe(true);
    await expect(runScript(target, SET_LATE, [key], ['ran'], 200)).rejects.toMatchObject(
      UNAVAILABLE,
    );
  } finally {
    await relay.restore();
  }
  const reconnected = await eventually(() =>
    runScript(client, 'return 1', [], [], 1_000).then(
      () => true,
      () => false,
    ),
  );
  expect(reconnected).toBe(true);
}

describe('a Redis script call that timed out before it was sent', () => {
  it('is dropped from the node-redis write queue: Redis never sees it', async () => {
    await timeOutWhileRedisIsCutOff(client, 'late-cancelled');
    // Whatever was still queued has been written by now: a later call got its answer.
    expect(await client.exists('late-cancelled')).toBe(0);
  });

  it('CONTROL: through a client view without withAbortSignal, it runs once Redis is reachable', async () => {
    const uncancellable: RedisClientLike = {
      eval: (script, options) => client.eval(script, options),
      evalSha: (sha, options) => client.evalSha(sha, options),
    };
    await timeOutWhileRedisIsCutOff(uncancellable, 'late-uncancelled');
    expect(await eventually(async () => (await client.exists('late-uncancelled')) === 1)).toBe(
      true,
    );
  });
});
