import { RedisStore } from 'connect-redis';
import type { RedisClientType } from 'redis';
import { RedisReplayCache, RedisSessionIndex } from '../../lib/redis';
import type { LoginRecord } from '../../lib/session-index/login-record';
import { remembersLogoutRequests } from '../../lib/session-index/session-index';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { connectRedis } from '../support/sp-app';
import { eventually } from '../support/eventually';

// What RedisSessionIndex leaves in Redis itself, read with the raw client.

const IDP = 'https://idp.test/metadata';
const MINUTE = 60_000;
const HOUR = 3_600_000;
const UNAVAILABLE = { code: 'SLO_SESSION_INDEX_UNAVAILABLE' };

const alice: LoginRecord = {
  issuer: IDP,
  nameID: 'alice@example.com',
  sessionIndexes: ['_sessidx-a1'],
  authnInstant: new Date(Date.now() - MINUTE).toISOString(),
};
const bob: LoginRecord = {
  issuer: IDP,
  nameID: 'bob@example.com',
  sessionIndexes: ['_sessidx-b1'],
  authnInstant: new Date(Date.now() - MINUTE).toISOString(),
};
const userOf = (login: LoginRecord) => ({ issuer: login.issuer, nameID: login.nameID });

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

afterEach(async () => {
  await client.flushDb();
});

async function allKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: '*', COUNT: 1000 })) keys.push(...batch);
  return keys.sort();
}

/** Every key with its type, its whole content as text, and when it expires (ms, -1: never). */
async function dump(): Promise<
  { key: string; type: string; content: string; expiresAt: number }[]
> {
  const out: { key: string; type: string; content: string; expiresAt: number }[] = [];
  for (const key of await allKeys()) {
    const type = await client.type(key);
    const content =
      type === 'hash'
        ? JSON.stringify(await client.hGetAll(key))
        : type === 'string'
          ? String(await client.get(key))
          : `(${type})`;
    const expiresAt = Number(await client.sendCommand(['PEXPIRETIME', key]));
    out.push({ key, type, content, expiresAt });
  }
  return out;
}

/** The one `{…}` hash tag of a key; fails when there is none or more than one. */
function hashTagOf(key: string): string {
  const tags = key.match(/\{[^}]*\}/g) ?? [];
  expect(tags).toHaveLength(1);
  return tags[0]!;
}

let requests = 0;
/** A LogoutRequest's ID not claimed before, kept for an hour. */
function fresh(): { id: string; keepUntil: number } {
  return { id: `_request-${++requests}`, keepUntil: Date.now() + HOUR };
}

/** Calls of EVAL + EVALSHA since the last CONFIG RESETSTAT. */
async function scriptCalls(): Promise<number> {
  const info = String(await client.sendCommand(['INFO', 'commandstats']));
  let calls = 0;
  for (const m of info.matchAll(/^cmdstat_(eval|evalsha):calls=(\d+)/gm)) calls += Number(m[2]);
  return calls;
}

async function resetStats(): Promise<void> {
  await client.sendCommand(['CONFIG', 'RESETSTAT']);
}

describe('RedisSessionIndex keys', () => {
  async function fill(index: RedisSessionIndex, cache: RedisReplayCache): Promise<void> {
    await index.add('sid-a1', alice, Date.now() + HOUR);
    await index.add('sid-a2', { ...alice, sessionIndexes: ['_sessidx-a2'] });
    await index.add('sid-b1', bob, Date.now() + HOUR);
    await index.claimForLogout({
      ...userOf(alice),
      sessionIndexes: alice.sessionIndexes,
      issuedAt: Date.now(),
    });
    await index.claimForLogoutRequest(
      { ...userOf(bob), issuedAt: Date.now() },
      { id: '_logout-request-2', keepUntil: Date.now() + HOUR },
    );
    await cache.remember(IDP, '_logout-request-1', Date.now() + HOUR);
  }

  it('all start with the configured prefix', async () => {
    await fill(
      new RedisSessionIndex({ client, prefix: 'myapp:slo:' }),
      new RedisReplayCache({ client, prefix: 'myapp:slo:' }),
    );
    const keys = await allKeys();
    expect(keys.length).toBeGreaterThanOrEqual(6);
    for (const key of keys) expect(key.startsWith('myapp:slo:')).toBe(true);
  });

  it('use `saml-slo:` when no prefix is given', async () => {
    await fill(new RedisSessionIndex({ client }), new RedisReplayCache({ client }));
    for (const key of await allKeys()) expect(key.startsWith('saml-slo:')).toBe(true);
  });

  it('carry one hash tag per user, shared by all of that user’s keys', async () => {
    const index = new RedisSessionIndex({ client, prefix: 'p:' });
    await fill(index, new RedisReplayCache({ client, prefix: 'p:' }));
    const aliceTag = hashTagOf(index.sessionsKeyOf(userOf(alice)));
    const bobTag = hashTagOf(index.sessionsKeyOf(userOf(bob)));
    expect(aliceTag).not.toBe(bobTag);

    const userKeys = (await allKeys()).filter((key) => !key.startsWith('p:replay:'));
    const aliceKeys = userKeys.filter((key) => hashTagOf(key) === aliceTag);
    const bobKeys = userKeys.filter((key) => hashTagOf(key) === bobTag);
    // Sessions hash, logout records, the tombstone of each claimed session, and the ID of
    // each LogoutRequest a claim carried out (as a hash).
    expect(aliceKeys).toEqual(
      [index.sessionsKeyOf(userOf(alice)), `p:${aliceTag}:o`, `p:${aliceTag}:t:sid-a1`].sort(),
    );
    expect(bobKeys).toEqual([
      `p:${bobTag}:o`,
      expect.stringMatching(/^p:\{[0-9a-f]{32}\}:r:[0-9a-f]{40}$/),
      index.sessionsKeyOf(userOf(bob)),
      `p:${bobTag}:t:sid-b1`,
    ]);
    expect(bobKeys[1]!.startsWith(`p:${bobTag}:r:`)).toBe(true);
    expect(aliceKeys.length + bobKeys.length).toBe(userKeys.length);
  });

  it('the tag depends on IdP and NameID Format too', async () => {
    const index = new RedisSessionIndex({ client });
    const tags = new Set(
      [
        index.sessionsKeyOf(userOf(alice)),
        index.sessionsKeyOf({ issuer: 'https://other-idp.test', nameID: alice.nameID }),
        index.sessionsKeyOf({
          ...userOf(alice),
          nameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        }),
      ].map(hashTagOf),
    );
    expect(tags.size).toBe(3);
    expect(
      hashTagOf(
        index.sessionsKeyOf({
          ...userOf(alice),
          nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
        }),
      ),
    ).toBe(hashTagOf(index.sessionsKeyOf(userOf(alice))));
  });

  it('hold no raw NameID anywhere, and no raw SessionIndex or message ID in key names', async () => {
    await fill(new RedisSessionIndex({ client }), new RedisReplayCache({ client }));
    const entries = await dump();
    expect(entries.length).toBeGreaterThanOrEqual(6);
    for (const { key, content } of entries) {
      for (const secret of ['alice@example.com', 'bob@example.com', 'example.com']) {
        expect(key).not.toContain(secret);
        expect(content).not.toContain(secret);
      }
      for (const raw of ['_sessidx', '_logout-request', IDP, 'idp.test']) {
        expect(key).not.toContain(raw);
      }
    }
  });
});

describe('RedisSessionIndex round trips', () => {
  const index = () => new RedisSessionIndex({ client, prefix: 'rt:' });
  const cache = () => new RedisReplayCache({ client, prefix: 'rt:' });

  /** Runs every operation once, so each script is in Redis' script cache. */
  async function warmUp(): Promise<void> {
    const i = index();
    await i.add('warm', bob, Date.now() + HOUR);
    await i.find(userOf(bob));
    await i.touch('warm', bob, Date.now() + HOUR);
    await i.claimForLogout({ ...userOf(bob), issuedAt: 1 });
    await i.remove('warm', bob);
    await cache().remember(IDP, '_warm', Date.now() + HOUR);
  }

  beforeEach(warmUp);

  it.each([
    ['add', () => index().add('sid-1', alice, Date.now() + HOUR)],
    ['add without expiry', () => index().add('sid-1', alice)],
    ['find', () => index().find(userOf(alice))],
    ['find by SessionIndex', () => index().find({ ...userOf(alice), sessionIndexes: ['_x'] })],
    ['claimForLogout', () => index().claimForLogout({ ...userOf(alice), issuedAt: Date.now() })],
    [
      'claimForLogoutRequest',
      () => index().claimForLogoutRequest({ ...userOf(alice), issuedAt: Date.now() }, fresh()),
    ],
    [
      'rememberLogoutRequest',
      () => index().rememberLogoutRequest({ ...userOf(alice), issuedAt: Date.now() }, fresh()),
    ],
    ['touch', () => index().touch('sid-1', alice, Date.now() + HOUR)],
    ['remove', () => index().remove('sid-1', alice)],
    ['remember', () => cache().remember(IDP, '_id-1', Date.now() + HOUR)],
  ] as const)('%s is exactly one script call', async (_name, operation) => {
    const i = index();
    await i.add('sid-1', alice, Date.now() + HOUR);
    await i.add('sid-2', { ...alice, sessionIndexes: ['_x'] }, Date.now() + HOUR);
    await resetStats();
    await operation();
    expect(await scriptCalls()).toBe(1);
  });

  it('a claim refused as a replayed request is one script call too', async () => {
    const request = fresh();
    await index().claimForLogoutRequest({ ...userOf(alice), issuedAt: Date.now() }, request);
    await resetStats();
    await expect(
      index().claimForLogoutRequest({ ...userOf(alice), issuedAt: Date.now() }, request),
    ).rejects.toMatchObject({ code: 'SLO_MESSAGE_REPLAYED' });
    expect(await scriptCalls()).toBe(1);
  });

  it('a refused late login is one script call too', async () => {
    await index().claimForLogout({ ...userOf(alice), sessionIndexes: ['_x'], issuedAt: 1 });
    await resetStats();
    await expect(
      index().add('sid-1', { ...alice, sessionIndexes: ['_x'] }, Date.now() + HOUR),
    ).rejects.toMatchObject({ code: 'SLO_LOGIN_ALREADY_LOGGED_OUT' });
    expect(await scriptCalls()).toBe(1);
  });

  it('a Redis that lost its script cache costs one extra call (EVALSHA, then EVAL), once', async () => {
    await client.sendCommand(['SCRIPT', 'FLUSH']);
    await resetStats();
    await index().add('sid-1', alice, Date.now() + HOUR);
    expect(await scriptCalls()).toBe(2);
    await resetStats();
    await index().add('sid-2', alice, Date.now() + HOUR);
    expect(await scriptCalls()).toBe(1);
  });
});

describe('RedisSessionIndex remembers LogoutRequest IDs', () => {
  const index = () => new RedisSessionIndex({ client, prefix: 'rq:' });
  const claimOf = (login: LoginRecord, sessionIndexes?: readonly string[]) => ({
    ...userOf(login),
    ...(sessionIndexes ? { sessionIndexes } : {}),
    issuedAt: Date.now(),
  });

  it('has both methods, so the responder leaves LogoutRequests to it, not to the replay cache', () => {
    expect(remembersLogoutRequests(index())).toBe(true);
  });

  it('refuses a second claim of the same request, and changes nothing in Redis', async () => {
    const request = fresh();
    const one = index();
    await one.add('sid-1', alice, Date.now() + HOUR);
    expect(await one.claimForLogoutRequest(claimOf(alice, alice.sessionIndexes), request)).toEqual([
      'sid-1',
    ]);
    // A new login of another SessionIndex, which the replayed request would also have named
    // had it been by NameID alone.
    await one.add('sid-2', { ...alice, sessionIndexes: ['_sessidx-a2'] }, Date.now() + HOUR);
    const before = await dump();

    await expect(one.claimForLogoutRequest(claimOf(alice), request)).rejects.toMatchObject({
      code: 'SLO_MESSAGE_REPLAYED',
    });

    expect(await dump()).toEqual(before);
    expect(one.isLoggedOut('sid-1')).toBe(true); // this instance saw the first claim
    expect(one.isLoggedOut('sid-2')).toBe(false);
  });

  it('keeps one record per IdP, user and ID: the same ID naming another user is its own request', async () => {
    const request = fresh();
    await index().claimForLogoutRequest(claimOf(alice), request);
    await index().add('sid-b', bob, Date.now() + HOUR);
    expect(await index().claimForLogoutRequest(claimOf(bob), request)).toEqual(['sid-b']);
  });

  it('shares one record between rememberLogoutRequest and claimForLogoutRequest, either way round', async () => {
    const first = fresh();
    expect(await index().rememberLogoutRequest(claimOf(alice), first)).toBe(true);
    expect(await index().rememberLogoutRequest(claimOf(alice), first)).toBe(false);
    const before = await dump();
    await expect(index().claimForLogoutRequest(claimOf(alice), first)).rejects.toMatchObject({
      code: 'SLO_MESSAGE_REPLAYED',
    });
    expect(await dump()).toEqual(before);

    const second = fresh();
    await index().claimForLogoutRequest(claimOf(alice), second);
    expect(await index().rememberLogoutRequest(claimOf(alice), second)).toBe(false);
  });

  it('a claim without a request remembers none', async () => {
    const request = fresh();
    await index().claimForLogout(claimOf(alice));
    expect(await client.keys('rq:*:r:*')).toEqual([]);
    expect(await index().rememberLogoutRequest(claimOf(alice), request)).toBe(true);
  });

  it('keeps the ID until keepUntil, and no longer: then the same ID is claimed again', async () => {
    const request = { id: '_short-lived', keepUntil: Date.now() + 300 };
    await index().claimForLogoutRequest(claimOf(alice), request);
    const [key] = await client.keys('rq:*:r:*');
    expect(key).toBeDefined();
    const pttl = await client.pTTL(key!);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(300);

    expect(await eventually(async () => (await client.exists(key!)) === 0)).toBe(true);
    await expect(index().claimForLogoutRequest(claimOf(alice), request)).resolves.toEqual([]);
  });
});

describe('RedisSessionIndex ends connect-redis sessions inside the claim', () => {
  const index = () => new RedisSessionIndex({ client, prefix: 'end:' });
  const store = () => new RedisStore({ client, prefix: 'end-sess:' });
  const claimOf = (login: LoginRecord, sessionIndexes?: readonly string[]) => ({
    ...userOf(login),
    ...(sessionIndexes ? { sessionIndexes } : {}),
    issuedAt: Date.now(),
  });
  /** Logged-in sessions as the app has them: a connect-redis key and an index entry each. */
  async function loggedIn(one: RedisSessionIndex, sid: string, login: LoginRecord, ms = HOUR) {
    await client.set(`end-sess:${sid}`, JSON.stringify({ samlSlo: login }), { PX: ms });
    await one.add(sid, login, Date.now() + ms);
  }

  it('deletes the claimed sessions’ store keys and index entries, after tombstoning them', async () => {
    const one = index();
    const claimAndEnd = one.endsSessionsOf(store())!;
    const a2 = { ...alice, sessionIndexes: ['_sessidx-a2'] };
    await loggedIn(one, 'sid-a1', alice, 3 * HOUR);
    await loggedIn(one, 'sid-a2', a2);
    await loggedIn(one, 'sid-b1', bob);
    const sessions = one.sessionsKeyOf(userOf(alice));
    const latest = (await client.pExpireTime(sessions)) as number;

    expect(await claimAndEnd(claimOf(alice, alice.sessionIndexes))).toEqual({
      ended: ['sid-a1'],
      notEnded: [],
    });

    // Gone: a1's store key and entry. Kept: a2 (another SessionIndex) and bob, untouched.
    expect(await client.exists('end-sess:sid-a1')).toBe(0);
    expect(await client.exists(['end-sess:sid-a2', 'end-sess:sid-b1'])).toBe(2);
    expect(await client.hKeys(sessions)).toEqual(['sid-a2']);
    // The user's hash expired with a1, the latest; now with a2, two hours earlier.
    const expiresAt = (await client.pExpireTime(sessions)) as number;
    expect(latest - expiresAt).toBeGreaterThan(2 * HOUR - MINUTE);
    expect(expiresAt).toBeGreaterThan(Date.now() + HOUR - MINUTE);
    // The tombstone stays, so an in-flight request cannot save a1 back (design §5).
    expect(await client.keys('end:{*}:t:sid-a1')).toHaveLength(1);
    expect(one.isLoggedOut('sid-a1')).toBe(true);
    // And the logout record, so a late login of a1 is refused.
    await expect(one.add('sid-late', alice, Date.now() + HOUR)).rejects.toMatchObject({
      code: 'SLO_LOGIN_ALREADY_LOGGED_OUT',
    });
  });

  it('re-derives the user’s hash expiry from what is left: expired entries pruned, none without expiry kept', async () => {
    const one = index();
    const sessions = one.sessionsKeyOf(userOf(alice));
    await loggedIn(one, 'sid-a1', alice);
    await loggedIn(one, 'sid-a2', { ...alice, sessionIndexes: ['_sessidx-a2'] });
    // An entry whose session expired, as a crashed instance could leave (no add pruned it yet).
    await client.hSet(sessions, 'sid-gone', `${Date.now() - MINUTE}|{"s":["_old"]}`);
    // An entry without expiry: the hash must then not expire at all.
    await client.hSet(sessions, 'sid-forever', '0|{"s":["_kept"]}');
    await client.pExpireAt(sessions, Date.now() + HOUR);

    await one.endsSessionsOf(store())!(claimOf(alice, alice.sessionIndexes));

    expect((await client.hKeys(sessions)).sort()).toEqual(['sid-a2', 'sid-forever']);
    expect(await client.pExpireTime(sessions)).toBe(-1);
  });

  it('ends every session of the user for a logout by NameID, and the user’s hash with them', async () => {
    const one = index();
    await loggedIn(one, 'sid-a1', alice);
    await loggedIn(one, 'sid-a2', { ...alice, sessionIndexes: ['_sessidx-a2'] });
    const { ended, notEnded } = await one.endsSessionsOf(store())!(claimOf(alice));
    expect(ended.sort()).toEqual(['sid-a1', 'sid-a2']);
    expect(notEnded).toEqual([]);
    expect(await client.keys('end-sess:*')).toEqual([]);
    expect(await client.exists(one.sessionsKeyOf(userOf(alice)))).toBe(0);
  });

  it('leaves a session whose store key it did not find to the store, entry and all', async () => {
    const one = index();
    await loggedIn(one, 'sid-a1', alice);
    await loggedIn(one, 'sid-a2', { ...alice, sessionIndexes: ['_sessidx-a2'] });
    // Where the script cannot see the key (a proxy's other shard), or it is already gone.
    await client.del('end-sess:sid-a2');

    expect(await one.endsSessionsOf(store())!(claimOf(alice))).toEqual({
      ended: ['sid-a1'],
      notEnded: ['sid-a2'],
    });
    // a2 keeps its entry (the store's destroy removes it) and is tombstoned like a1.
    expect(await client.hKeys(one.sessionsKeyOf(userOf(alice)))).toEqual(['sid-a2']);
    expect(one.isLoggedOut('sid-a2')).toBe(true);
    expect(await client.keys('end:{*}:t:sid-a2')).toHaveLength(1);
  });

  it('claims without ending once the store no longer holds the same client, and says so through onFallBack', async () => {
    const one = index();
    const appStore = store();
    const fellBack = jest.fn();
    const claimAndEnd = one.endsSessionsOf(appStore, fellBack)!;
    await loggedIn(one, 'sid-a1', alice);
    await loggedIn(one, 'sid-b1', bob);
    expect(await claimAndEnd(claimOf(bob))).toEqual({ ended: ['sid-b1'], notEnded: [] });
    expect(fellBack).not.toHaveBeenCalled();
    (appStore as unknown as { client: unknown }).client = await connectRedis(redis.url);
    try {
      expect(await claimAndEnd(claimOf(alice))).toEqual({ ended: [], notEnded: ['sid-a1'] });
      expect(fellBack).toHaveBeenCalledTimes(1);
      expect(await client.exists('end-sess:sid-a1')).toBe(1);
      expect(one.isLoggedOut('sid-a1')).toBe(true);
    } finally {
      (appStore.client as RedisClientType).destroy();
    }
  });

  it('refuses a replayed request and ends nothing: Redis is left as it was', async () => {
    const one = index();
    const claimAndEnd = one.endsSessionsOf(store())!;
    const request = fresh();
    await loggedIn(one, 'sid-a1', alice);
    expect(await claimAndEnd(claimOf(alice, alice.sessionIndexes), request)).toEqual({
      ended: ['sid-a1'],
      notEnded: [],
    });
    await loggedIn(one, 'sid-a2', { ...alice, sessionIndexes: ['_sessidx-a2'] });
    const before = await dump();

    await expect(claimAndEnd(claimOf(alice), request)).rejects.toMatchObject({
      code: 'SLO_MESSAGE_REPLAYED',
    });

    expect(await dump()).toEqual(before);
    expect(await client.exists('end-sess:sid-a2')).toBe(1);
  });

  it('shares the request record with the other claims and rememberLogoutRequest', async () => {
    const one = index();
    const request = fresh();
    expect(await one.rememberLogoutRequest(claimOf(alice), request)).toBe(true);
    await loggedIn(one, 'sid-a1', alice);
    await expect(one.endsSessionsOf(store())!(claimOf(alice), request)).rejects.toMatchObject({
      code: 'SLO_MESSAGE_REPLAYED',
    });
    expect(await client.exists('end-sess:sid-a1')).toBe(1);
  });

  it('fails closed while Redis is unreachable: nothing ended, and nothing runs once it is back', async () => {
    const own = await startRedisServer();
    const ownClient = await connectRedis(own.url);
    try {
      const one = new RedisSessionIndex({ client: ownClient, prefix: 'end:', timeoutMs: 300 });
      const claimAndEnd = one.endsSessionsOf(new RedisStore({ client: ownClient, prefix: 's:' }))!;
      await ownClient.set('s:sid-a1', '{}');
      await one.add('sid-a1', alice, Date.now() + HOUR);
      await ownClient.sendCommand(['SAVE']);
      await own.stop();

      await expect(claimAndEnd(claimOf(alice))).rejects.toMatchObject(UNAVAILABLE);
      expect(one.isLoggedOut('sid-a1')).toBe(false);

      await own.start();
      // Commands queue in order: this read runs after anything left queued from the claim.
      expect(await ownClient.exists('s:sid-a1')).toBe(1);
      expect(await ownClient.hKeys(one.sessionsKeyOf(userOf(alice)))).toEqual(['sid-a1']);
      expect(await ownClient.keys('end:{*}:t:*')).toEqual([]);
      expect(await claimAndEnd(claimOf(alice))).toEqual({ ended: ['sid-a1'], notEnded: [] });
    } finally {
      ownClient.destroy();
      await own.stop();
    }
  });
});

describe('RedisSessionIndex expiry in Redis', () => {
  const pttlOf = (key: string) => client.pTTL(key);
  const near = (pttl: number, ms: number) => {
    expect(pttl).toBeGreaterThan(ms - 5_000);
    expect(pttl).toBeLessThanOrEqual(ms);
  };

  it('the user’s sessions hash expires with its latest session', async () => {
    const index = new RedisSessionIndex({ client });
    const key = index.sessionsKeyOf(userOf(alice));
    await index.add('sid-1', alice, Date.now() + MINUTE);
    near(await pttlOf(key), MINUTE);
    await index.add('sid-2', alice, Date.now() + 2 * MINUTE);
    near(await pttlOf(key), 2 * MINUTE);
    await index.add('sid-3', alice, Date.now() + 30_000);
    near(await pttlOf(key), 2 * MINUTE);
  });

  it('follows a touch that moves the latest expiry later, never one that would move it earlier', async () => {
    const index = new RedisSessionIndex({ client });
    const key = index.sessionsKeyOf(userOf(alice));
    await index.add('sid-1', alice, Date.now() + MINUTE);
    await index.add('sid-2', alice, Date.now() + 2 * MINUTE);
    await index.touch('sid-2', alice, Date.now() + 5 * MINUTE);
    near(await pttlOf(key), 5 * MINUTE);
    await index.touch('sid-2', alice, Date.now() + 30_000);
    near(await pttlOf(key), 5 * MINUTE);
    expect(await client.hGet(key, 'sid-2')).toMatch(/^\d+\|/);
  });

  it('is persisted while one entry has no expiry, even when a touch offers that entry one', async () => {
    const index = new RedisSessionIndex({ client });
    const key = index.sessionsKeyOf(userOf(alice));
    await index.add('sid-1', alice, Date.now() + MINUTE);
    await index.add('sid-2', alice);
    expect(await pttlOf(key)).toBe(-1);
    await index.add('sid-3', alice, Date.now() + 2 * MINUTE);
    expect(await pttlOf(key)).toBe(-1);
    await index.touch('sid-2', alice, Date.now() + 3 * MINUTE);
    expect(await pttlOf(key)).toBe(-1);
    expect(await client.hGet(key, 'sid-2')).toMatch(/^0\|/);
  });

  it('expires again when the only entry without expiry is removed', async () => {
    const index = new RedisSessionIndex({ client });
    const key = index.sessionsKeyOf(userOf(alice));
    await index.add('sid-1', alice, Date.now() + MINUTE);
    await index.add('sid-2', alice);
    expect(await pttlOf(key)).toBe(-1);
    await index.remove('sid-2', alice);
    // Otherwise sid-1's entry, once expired, stays in Redis for ever if alice never returns.
    near(await pttlOf(key), MINUTE);
  });

  it('is gone from Redis on its own once its sessions expired', async () => {
    const index = new RedisSessionIndex({ client });
    const key = index.sessionsKeyOf(userOf(alice));
    await index.add('sid-1', alice, Date.now() + 200);
    expect(await client.exists(key)).toBe(1);
    expect(await eventually(async () => (await client.exists(key)) === 0)).toBe(true);
  });
});

describe('RedisSessionIndex leaves nothing behind', () => {
  it('the sessions hash is gone once every session of the user is removed', async () => {
    const index = new RedisSessionIndex({ client });
    const key = index.sessionsKeyOf(userOf(alice));
    await index.add('sid-1', alice, Date.now() + HOUR);
    await index.add('sid-2', alice);
    await index.add('sid-3', bob, Date.now() + HOUR);
    await index.remove('sid-1', alice);
    expect(Object.keys(await client.hGetAll(key))).toEqual(['sid-2']);
    await index.remove('sid-2', alice);
    expect(await client.hGetAll(key)).toEqual({});
    expect(await client.exists(key)).toBe(0);
    expect(await allKeys()).toEqual([index.sessionsKeyOf(userOf(bob))]);
  });

  it('a session re-added or touched is stored once', async () => {
    const index = new RedisSessionIndex({ client });
    await index.add('sid-1', alice, Date.now() + HOUR);
    await index.add('sid-1', alice, Date.now() + HOUR);
    await index.touch('sid-1', alice, Date.now() + 2 * HOUR);
    expect(Object.keys(await client.hGetAll(index.sessionsKeyOf(userOf(alice))))).toEqual([
      'sid-1',
    ]);
  });

  it.each([
    ['add', (index: RedisSessionIndex) => index.add('sid-new', alice, Date.now() + 2 * HOUR)],
    ['touch', (index: RedisSessionIndex) => index.touch('sid-keep', alice, Date.now() + 2 * HOUR)],
  ] as const)(
    'entries whose expiry passed are pruned by the next %s for that user',
    async (name, write) => {
      let now = Date.now();
      const index = new RedisSessionIndex({ client, now: () => now });
      const key = index.sessionsKeyOf(userOf(alice));
      await index.add('sid-old-1', alice, now + MINUTE);
      await index.add('sid-old-2', alice, now + MINUTE);
      await index.add('sid-keep', alice, now + HOUR);
      await index.add('sid-bob', bob, now + MINUTE);
      now += MINUTE + 1; // on the index's clock; Redis' real-time TTLs are far off
      await write(index);
      const left = Object.keys(await client.hGetAll(key)).sort();
      expect(left).toEqual(name === 'add' ? ['sid-keep', 'sid-new'] : ['sid-keep']);
      // Another user's entries wait for that user's next write.
      expect(Object.keys(await client.hGetAll(index.sessionsKeyOf(userOf(bob))))).toEqual([
        'sid-bob',
      ]);
    },
  );

  it('tombstones and logout records carry PTTLs within their configured TTLs', async () => {
    const index = new RedisSessionIndex({
      client,
      prefix: 'g:',
      tombstoneTtlMs: 5_000,
      logoutRecordTtlMs: 7_000,
    });
    await index.add('sid-1', alice, Date.now() + HOUR);
    await index.claimForLogout({
      ...userOf(alice),
      sessionIndexes: alice.sessionIndexes,
      issuedAt: Date.now(),
    });
    const tag = hashTagOf(index.sessionsKeyOf(userOf(alice)));
    const tombstone = await client.pTTL(`g:${tag}:t:sid-1`);
    const records = await client.pTTL(`g:${tag}:o`);
    expect(tombstone).toBeGreaterThan(0);
    expect(tombstone).toBeLessThanOrEqual(5_000);
    expect(records).toBeGreaterThan(0);
    expect(records).toBeLessThanOrEqual(7_000);
    // A later claim extends the records' key to the TTL again, never beyond it.
    await index.claimForLogout({ ...userOf(alice), issuedAt: Date.now() });
    expect(await client.pTTL(`g:${tag}:o`)).toBeLessThanOrEqual(7_000);
  });

  it('with default TTLs, tombstones and logout records last at most one hour', async () => {
    const index = new RedisSessionIndex({ client });
    await index.add('sid-1', alice, Date.now() + 2 * HOUR);
    await index.claimForLogout({ ...userOf(alice), issuedAt: Date.now() });
    const guards = (await allKeys()).filter((key) => key !== index.sessionsKeyOf(userOf(alice)));
    expect(guards).toHaveLength(2);
    for (const key of guards) {
      const pttl = await client.pTTL(key);
      expect(pttl).toBeGreaterThan(HOUR - 5_000);
      expect(pttl).toBeLessThanOrEqual(HOUR);
    }
  });

  it('tombstones and logout records are gone from Redis once their TTLs passed', async () => {
    const index = new RedisSessionIndex({
      client,
      tombstoneTtlMs: 100,
      logoutRecordTtlMs: 150,
    });
    await index.add('sid-1', alice, Date.now() + HOUR);
    await index.claimForLogout({
      ...userOf(alice),
      sessionIndexes: alice.sessionIndexes,
      issuedAt: Date.now(),
    });
    await index.remove('sid-1', alice);
    expect((await allKeys()).length).toBe(2);
    expect(await eventually(async () => (await allKeys()).length === 0)).toBe(true);
  });

  it('logout records whose time passed are pruned by the next claim for that user (a kiosk account logged out again and again)', async () => {
    let now = Date.now();
    const index = new RedisSessionIndex({ client, now: () => now });
    const key = index.sessionsKeyOf(userOf(alice)).replace(/:s$/, ':o');
    for (let i = 0; i < 5; i++) {
      await index.claimForLogout({ ...userOf(alice), sessionIndexes: [`_k${i}`], issuedAt: now });
      now += 2 * HOUR; // on the index's clock: each record's time has passed by the next claim
    }
    await index.claimForLogout({ ...userOf(alice), issuedAt: now });
    expect(Object.keys(await client.hGetAll(key)).sort()).toEqual(['*']);
    // A record still live is kept.
    await index.claimForLogout({ ...userOf(alice), sessionIndexes: ['_live'], issuedAt: now });
    expect(Object.keys(await client.hGetAll(key)).sort()).toEqual(['*', 'si:_live']);
  });

  it.each([
    ['*', 'garbage'],
    ['si:_x', 'not-a-time'],
  ])(
    'an unreadable logout record (%s = %s) is dropped by the next claim, which succeeds',
    async (field, value) => {
      const index = new RedisSessionIndex({ client });
      const key = index.sessionsKeyOf(userOf(alice)).replace(/:s$/, ':o');
      await client.hSet(key, field, value);
      await index.add('sid-1', alice, Date.now() + HOUR);
      expect(await index.claimForLogout({ ...userOf(alice), issuedAt: Date.now() })).toEqual([
        'sid-1',
      ]);
      // The claim's own NameID-wide record replaces a garbled '*'; a garbled si: is gone.
      const left = await client.hGet(key, field);
      if (field === '*') expect(left).toMatch(/^\d+\|\d+$/);
      else expect(left).toBeNull();
    },
  );

  it('a claim that matched nothing writes only the logout record', async () => {
    const index = new RedisSessionIndex({ client, logoutRecordTtlMs: 7_000 });
    await index.claimForLogout({ ...userOf(alice), issuedAt: Date.now() });
    const keys = await allKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0]!.endsWith(':o')).toBe(true);
    expect(await client.pTTL(keys[0]!)).toBeLessThanOrEqual(7_000);
  });
});

describe('RedisSessionIndex when Redis is down', () => {
  let own: RedisClientType | undefined;
  afterAll(() => own?.destroy());

  it('every operation fails with SLO_SESSION_INDEX_UNAVAILABLE, and works again after Redis returns', async () => {
    own = await connectRedis(redis.url);
    const index = new RedisSessionIndex({ client: own, timeoutMs: 300 });
    const cache = new RedisReplayCache({ client: own, timeoutMs: 300 });
    const user = userOf(alice);
    await index.add('sid-1', alice, Date.now() + HOUR);
    try {
      await redis.stop();
      await expect(index.add('sid-2', alice, Date.now() + HOUR)).rejects.toMatchObject(UNAVAILABLE);
      await expect(index.find(user)).rejects.toMatchObject(UNAVAILABLE);
      await expect(index.claimForLogout({ ...user, issuedAt: Date.now() })).rejects.toMatchObject(
        UNAVAILABLE,
      );
      await expect(
        index.claimForLogoutRequest({ ...user, issuedAt: Date.now() }, fresh()),
      ).rejects.toMatchObject(UNAVAILABLE);
      await expect(
        index.rememberLogoutRequest({ ...user, issuedAt: Date.now() }, fresh()),
      ).rejects.toMatchObject(UNAVAILABLE);
      await expect(index.touch('sid-1', alice, Date.now() + HOUR)).rejects.toMatchObject(
        UNAVAILABLE,
      );
      await expect(index.remove('sid-1', alice)).rejects.toMatchObject(UNAVAILABLE);
      await expect(cache.remember(IDP, '_id-1', Date.now() + HOUR)).rejects.toMatchObject(
        UNAVAILABLE,
      );
    } finally {
      await redis.start();
    }

    // The same objects recover once the client has reconnected.
    const recovered = await eventually(
      () =>
        index.find(user).then(
          () => true,
          () => false,
        ),
      10_000,
    );
    expect(recovered).toBe(true);
    await client.flushDb(); // drop what the offline queue may have replayed
    await index.add('sid-3', alice, Date.now() + HOUR);
    expect(await index.find(user)).toEqual(['sid-3']);
    expect(await index.touch('sid-3', alice, Date.now() + HOUR)).toBe('live');
    expect(await index.claimForLogoutRequest({ ...user, issuedAt: Date.now() }, fresh())).toEqual([
      'sid-3',
    ]);
    await index.remove('sid-3', alice);
    expect(await cache.remember(IDP, '_id-2', Date.now() + HOUR)).toBe(true);
  });
});
