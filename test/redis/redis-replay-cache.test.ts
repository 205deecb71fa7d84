import type { RedisClientType } from 'redis';
import { RedisReplayCache } from '../../lib/redis';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { connectRedis } from '../support/sp-app';

const IDP_A = 'https://idp-a.test/metadata';
const IDP_B = 'https://idp-b.test/metadata';
const HOUR = 3_600_000;

let redis: RedisServer;
let clientOne: RedisClientType;
let clientTwo: RedisClientType;

beforeAll(async () => {
  redis = await startRedisServer();
  clientOne = await connectRedis(redis.url);
  clientTwo = await connectRedis(redis.url);
});

afterAll(async () => {
  clientOne?.destroy();
  clientTwo?.destroy();
  await redis?.stop();
});

afterEach(async () => {
  await clientOne.flushDb();
});

async function allKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of clientOne.scanIterator({ MATCH: '*' })) keys.push(...batch);
  return keys;
}

describe('RedisReplayCache', () => {
  it('remembers an ID: true the first time, false after', async () => {
    const cache = new RedisReplayCache({ client: clientOne });
    expect(await cache.remember(IDP_A, '_id-1', Date.now() + HOUR)).toBe(true);
    expect(await cache.remember(IDP_A, '_id-1', Date.now() + HOUR)).toBe(false);
    expect(await cache.remember(IDP_A, '_id-1', Date.now() + 2 * HOUR)).toBe(false);
  });

  it('tells different IDs apart', async () => {
    const cache = new RedisReplayCache({ client: clientOne });
    expect(await cache.remember(IDP_A, '_id-1', Date.now() + HOUR)).toBe(true);
    expect(await cache.remember(IDP_A, '_id-2', Date.now() + HOUR)).toBe(true);
  });

  it('is shared by two instances (two clients, two cache objects)', async () => {
    const one = new RedisReplayCache({ client: clientOne });
    const two = new RedisReplayCache({ client: clientTwo });
    expect(await one.remember(IDP_A, '_id-1', Date.now() + HOUR)).toBe(true);
    expect(await two.remember(IDP_A, '_id-1', Date.now() + HOUR)).toBe(false);
    expect(await two.remember(IDP_A, '_id-2', Date.now() + HOUR)).toBe(true);
    expect(await one.remember(IDP_A, '_id-2', Date.now() + HOUR)).toBe(false);
  });

  it('lets exactly one of many concurrent instances win an ID', async () => {
    const caches = [clientOne, clientTwo, clientOne, clientTwo].map(
      (client) => new RedisReplayCache({ client }),
    );
    const results = await Promise.all(
      caches.map((cache) => cache.remember(IDP_A, '_race', Date.now() + HOUR)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('keys IDs per issuer', async () => {
    const cache = new RedisReplayCache({ client: clientOne });
    expect(await cache.remember(IDP_A, '_id-1', Date.now() + HOUR)).toBe(true);
    expect(await cache.remember(IDP_B, '_id-1', Date.now() + HOUR)).toBe(true);
    expect(await cache.remember(IDP_B, '_id-1', Date.now() + HOUR)).toBe(false);
  });

  it('does not confuse issuer and ID boundaries', async () => {
    const cache = new RedisReplayCache({ client: clientOne });
    expect(await cache.remember('https://idp.test/a', 'b', Date.now() + HOUR)).toBe(true);
    expect(await cache.remember('https://idp.test/', 'ab', Date.now() + HOUR)).toBe(true);
  });

  it('keys IDs per prefix', async () => {
    const one = new RedisReplayCache({ client: clientOne, prefix: 'app-one:' });
    const two = new RedisReplayCache({ client: clientTwo, prefix: 'app-two:' });
    expect(await one.remember(IDP_A, '_id-1', Date.now() + HOUR)).toBe(true);
    expect(await two.remember(IDP_A, '_id-1', Date.now() + HOUR)).toBe(true);
  });

  it('stores one key per ID under the prefix, without the raw issuer or ID, expiring at expiresAt', async () => {
    const cache = new RedisReplayCache({ client: clientOne, prefix: 'rc:' });
    const expiresAt = Date.now() + HOUR;
    await cache.remember(IDP_A, '_logout-request-42', expiresAt);
    const keys = await allKeys();
    expect(keys).toHaveLength(1);
    const [key] = keys as [string];
    expect(key.startsWith('rc:')).toBe(true);
    expect(key).not.toContain('_logout-request-42');
    expect(key).not.toContain('idp-a.test');
    const pttl = await clientOne.pTTL(key);
    expect(pttl).toBeGreaterThan(HOUR - 5_000);
    expect(pttl).toBeLessThanOrEqual(HOUR);
    expect(Number(await clientOne.sendCommand(['PEXPIRETIME', key]))).toBe(expiresAt);
  });

  it('forgets an ID once it expired, so it is accepted again', async () => {
    const cache = new RedisReplayCache({ client: clientOne });
    expect(await cache.remember(IDP_A, '_id-1', Date.now() + 200)).toBe(true);
    expect(await cache.remember(IDP_A, '_id-1', Date.now() + 200)).toBe(false);
    const deadline = Date.now() + 5_000;
    let again = false;
    while (!again && Date.now() < deadline) {
      again = await cache.remember(IDP_A, '_id-1', Date.now() + HOUR);
      if (!again) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(again).toBe(true);
    expect(await cache.remember(IDP_A, '_id-1', Date.now() + HOUR)).toBe(false);
    expect(await allKeys()).toHaveLength(1);
  });

  it('does not remember an ID whose expiry already passed', async () => {
    const cache = new RedisReplayCache({ client: clientOne });
    await cache.remember(IDP_A, '_id-1', Date.now() - 1_000);
    expect(await allKeys()).toHaveLength(0);
  });

  it('refuses a client that is not a node-redis client', () => {
    expect(() => new RedisReplayCache({ client: {} as unknown as RedisClientType })).toThrow(
      expect.objectContaining({ code: 'SLO_OPTION_INVALID' }),
    );
  });
});
