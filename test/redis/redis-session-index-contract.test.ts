import type { RedisClientType } from 'redis';
import { RedisSessionIndex } from '../../lib/redis';
import type { LoginRecord } from '../../lib/session-index/login-record';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { connectRedis } from '../support/sp-app';
import { describeSessionIndexContract } from '../unit/session-index/session-index-contract';

let redis: RedisServer;
let client: RedisClientType;
let prefixes = 0;

beforeAll(async () => {
  redis = await startRedisServer();
  client = await connectRedis(redis.url);
});

afterAll(async () => {
  client?.destroy();
  await redis?.stop();
});

describeSessionIndexContract('RedisSessionIndex', async (options) => ({
  index: new RedisSessionIndex({ client, prefix: `contract-${(prefixes += 1)}:`, ...options }),
  cleanup: async () => {
    await client.flushDb();
  },
}));

describe('RedisSessionIndex shared by two instances', () => {
  const HOUR = 3_600_000;
  const alice: LoginRecord = {
    issuer: 'https://idp-a.test/metadata',
    nameID: 'alice@example.com',
    sessionIndexes: ['_s1'],
  };
  let other: RedisClientType;

  beforeAll(async () => {
    other = await connectRedis(redis.url);
  });
  afterAll(() => other?.destroy());
  afterEach(async () => {
    await client.flushDb();
  });

  /** Two app instances: two clients, two index objects, one Redis and prefix. */
  const twoInstances = () => [
    new RedisSessionIndex({ client, prefix: 'shared:' }),
    new RedisSessionIndex({ client: other, prefix: 'shared:' }),
  ];

  it('says it is shared', () => {
    expect(new RedisSessionIndex({ client }).shared).toBe(true);
  });

  it('a login indexed on one instance is found and claimed on the other', async () => {
    const [one, two] = twoInstances();
    await one!.add('sid-1', alice, Date.now() + HOUR);
    expect(await two!.find({ issuer: alice.issuer, nameID: alice.nameID })).toEqual(['sid-1']);
    expect(
      await two!.claimForLogout({ issuer: alice.issuer, nameID: alice.nameID, issuedAt: 1 }),
    ).toEqual(['sid-1']);
  });

  it('a tombstone written on one instance is seen by touch on the other, not by its isLoggedOut', async () => {
    const [one, two] = twoInstances();
    await one!.add('sid-1', alice, Date.now() + HOUR);
    await two!.claimForLogout({ issuer: alice.issuer, nameID: alice.nameID, issuedAt: 1 });
    expect(two!.isLoggedOut('sid-1')).toBe(true);
    // isLoggedOut is this object's local knowledge: instance one has not learnt it yet…
    expect(one!.isLoggedOut('sid-1')).toBe(false);
    // …until a save of the session asks Redis.
    expect(await one!.touch('sid-1', alice, Date.now() + HOUR)).toBe('logged-out');
    expect(one!.isLoggedOut('sid-1')).toBe(true);
  });

  it('a logout recorded on one instance refuses the late login on the other', async () => {
    const [one, two] = twoInstances();
    await one!.claimForLogout({
      issuer: alice.issuer,
      nameID: alice.nameID,
      sessionIndexes: ['_s1'],
      issuedAt: Date.now(),
    });
    await expect(two!.add('sid-1', alice, Date.now() + HOUR)).rejects.toMatchObject({
      code: 'SLO_LOGIN_ALREADY_LOGGED_OUT',
    });
  });

  it('different prefixes do not see each other', async () => {
    const one = new RedisSessionIndex({ client, prefix: 'app-one:' });
    const two = new RedisSessionIndex({ client, prefix: 'app-two:' });
    await one.add('sid-1', alice, Date.now() + HOUR);
    expect(await two.find({ issuer: alice.issuer, nameID: alice.nameID })).toEqual([]);
  });

  it('refuses a client that is not a node-redis client', () => {
    expect(() => new RedisSessionIndex({ client: {} as unknown as RedisClientType })).toThrow(
      expect.objectContaining({ code: 'SLO_OPTION_INVALID' }),
    );
  });
});
