import { createClient, type RedisClientType } from 'redis';
import type { Browser } from 'playwright-core';
import { startExample, type Example } from '../../example-app/start-example';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { launchChromium, newContext } from './support/browser';
import { logInAtFlights, partiesOf, ssoToCars, statusOf, textOf } from './support/story';

/**
 * REDIS_URL: both SPs keep sessions in connect-redis and saml-slo's index and replay cache
 * in Redis (a real redis-server), each under its own key prefix.
 */
describe('the example with REDIS_URL', () => {
  let redis: RedisServer;
  let client: RedisClientType;
  let example: Example;
  let browser: Browser;

  beforeAll(async () => {
    redis = await startRedisServer();
    client = createClient({ url: redis.url });
    await client.connect();
    browser = await launchChromium();
    example = await startExample({ ports: { idp: 0, flights: 0, cars: 0 }, redisUrl: redis.url });
  });
  afterAll(async () => {
    await browser?.close();
    await example?.close();
    await client?.quit();
    await redis?.stop();
  });

  it('keeps each SP under its own prefix, and logs out of both from Flights', async () => {
    const parties = partiesOf(example);
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await logInAtFlights(page, parties, 'frank@example.com');
      expect(await textOf(page, '.muted')).toContain('Redis');
      await ssoToCars(context, page, parties, 'frank@example.com');

      const keys = await client.keys('*');
      for (const sp of ['flights', 'cars']) {
        expect(keys.filter((k) => k.startsWith(`${sp}:sess:`))).toHaveLength(1);
        expect(keys.some((k) => k.startsWith(`${sp}:slo:`))).toBe(true);
      }
      expect(keys.filter((k) => !/^(flights|cars):/.test(k))).toEqual([]);

      await page.goto(`${parties.flights}/`);
      await page.click('#logout');
      await textOf(page, '#logout-result');
      expect(await page.getAttribute('#logout-result', 'data-result')).toBe('complete');
      expect(await statusOf(context, `${parties.cars}/me`)).toBe(401);
      const after = await client.keys('*:sess:*');
      expect(after.filter((k) => k.startsWith('cars:sess:'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
