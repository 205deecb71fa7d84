import { RedisStore } from 'connect-redis';
import type { RedisClientType } from 'redis';
import { RedisSessionIndex } from '../../lib/redis';
import type { LoginRecord } from '../../lib/session-index/login-record';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { connectRedis } from '../support/sp-app';

// An index entry whose data does not decode in Redis's cjson (written by hand, or by a
// version that let a lone surrogate through) must not make the claim script fail halfway,
// after it recorded the request and tombstoned other sessions: every later logout of the
// user would then be refused as a replay or fail the same way.

const IDP = 'https://idp.test/metadata';
const alice: LoginRecord = { issuer: IDP, nameID: 'alice', sessionIndexes: ['_a1'] };
const ALL = ['sid-bad', 'sid-good', 'sid-no-expiry', 'sid-odd-expiry'];

let redis: RedisServer;
let client: RedisClientType;
beforeAll(async () => {
  redis = await startRedisServer();
  client = await connectRedis(redis.url);
});
afterAll(async () => {
  client?.destroy();
  await redis?.stop();
});
afterEach(() => client.flushDb());

describe.each([
  ['through the store', false],
  ['in the claim (connect-redis on the same client)', true],
])('ending sessions %s', (_name, inClaim) => {
  it('claims unreadable entries (data cjson refuses, no or odd expiry) with the readable one, and the request is remembered once', async () => {
    const index = new RedisSessionIndex({ client, prefix: 'p:' });
    const store = new RedisStore({ client, prefix: 's:' });
    await index.add('sid-good', alice, undefined);
    await client.set('s:sid-good', '{}');
    const unreadable = {
      // The value JSON.stringify writes for a lone surrogate, which cjson refuses.
      'sid-bad': '0|{"s":["_a1\\ud800"]}',
      // No expiry separator at all, and an expiry that is not a number.
      'sid-no-expiry': 'garbage',
      'sid-odd-expiry': 'x|{"s":["_a1"]}',
    };
    for (const [sid, value] of Object.entries(unreadable)) {
      await client.set(`s:${sid}`, '{}');
      await client.hSet(index.sessionsKeyOf(alice), sid, value);
    }

    const claim = { issuer: IDP, nameID: 'alice', issuedAt: Date.now(), sessionIndexes: ['_a1'] };
    const request = { id: '_req-1', keepUntil: Date.now() + 60_000 };
    const end = inClaim ? index.endsSessionsOf(store) : undefined;
    if (inClaim) {
      expect(end).toBeDefined();
      const result = await end!(claim, request);
      expect([...result.ended].sort()).toEqual(ALL);
      expect(result.notEnded).toEqual([]);
      expect(await client.exists(ALL.map((sid) => `s:${sid}`))).toBe(0);
      expect(await client.hLen(index.sessionsKeyOf(alice))).toBe(0);
    } else {
      const claimed = await index.claimForLogoutRequest(claim, request);
      expect([...claimed].sort()).toEqual(ALL);
    }
    for (const sid of ALL) expect(index.isLoggedOut(sid)).toBe(true);
    // The request is remembered: the same one again is a replay, not a second failure.
    await expect(index.claimForLogoutRequest(claim, request)).rejects.toMatchObject({
      code: 'SLO_MESSAGE_REPLAYED',
    });
  });
});
