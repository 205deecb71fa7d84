import { RedisStore } from 'connect-redis';
import { SamlStatus } from '../../lib';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { login, me, soapLogout } from './support/http';
import { sessionPrefix, startTestSp, type TestSp } from './support/test-sp';

const MINUTE = 60_000;

/**
 * Design §4: an index entry never expires before its session, or a logout arriving later
 * would find nothing, answer Success, and leave the session alive. connect-redis decides a
 * session key's TTL three ways, and the entry follows each: the cookie's expiry else `ttl`
 * seconds; `ttl(session)` seconds when `ttl` is a function (the cookie is ignored then); no
 * TTL at all with `disableTTL`.
 */
describe('index entries never expire before the connect-redis sessions they index', () => {
  let redis: RedisServer;
  const started: TestSp[] = [];
  let apps = 0;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(started.map((sp) => sp.close()));
    await redis.stop();
  });

  /** An app whose connect-redis store has `storeOptions`; a cookie of one minute. */
  async function app(storeOptions: Partial<ConstructorParameters<typeof RedisStore>[0]>) {
    const prefix = `ttl${++apps}`;
    const sp = await startTestSp({
      redis: { url: redis.url, prefix },
      cookie: { maxAge: MINUTE },
      store: (client) =>
        new RedisStore({ client: client!, prefix: sessionPrefix(prefix), ...storeOptions }),
    });
    started.push(sp);
    return { sp, prefix };
  }

  /** When alice's session key and her index hash expire (ms since epoch; -1: never). */
  async function expiriesAfterLogin(sp: TestSp, prefix: string) {
    const cookie = await login(sp, 'alice', ['_ttl-1']);
    const { sessionID } = (await me(sp, cookie))!;
    const [indexKey] = await sp.redis!.keys(`${prefix}:slo:{*}:s`);
    return {
      cookie,
      session: (await sp.redis!.pExpireTime(`${sessionPrefix(prefix)}${sessionID}`)) as number,
      entry: (await sp.redis!.pExpireTime(indexKey!)) as number,
    };
  }

  it('with disableTTL the session never expires, and neither does its entry', async () => {
    const { sp, prefix } = await app({ disableTTL: true });
    const { session, entry, cookie } = await expiriesAfterLogin(sp, prefix);
    expect(session).toBe(-1);
    expect(entry).toBe(-1);
    const logout = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_ttl-1'] });
    expect(logout.response.status).toBe(SamlStatus.Success);
    expect(await me(sp, cookie)).toBeNull();
  });

  it('with a ttl function the session lasts ttl(session), and the entry at least as long', async () => {
    const { sp, prefix } = await app({ ttl: () => 7200 });
    const { session, entry } = await expiriesAfterLogin(sp, prefix);
    expect(session).toBeGreaterThan(Date.now() + 119 * MINUTE); // the cookie's minute ignored
    expect(entry).toBeGreaterThanOrEqual(session);
  });

  it('with a numeric ttl and a cookie maxAge the session ends with the cookie, the entry after it', async () => {
    const { sp, prefix } = await app({ ttl: 7200 });
    const { session, entry } = await expiriesAfterLogin(sp, prefix);
    expect(session).toBeLessThanOrEqual(Date.now() + MINUTE);
    expect(entry).toBeGreaterThanOrEqual(session);
  });
});
