import type { RedisSessionIndex } from '../../lib/redis';
import { SamlStatus } from '../../lib';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startSp, type SpHarness } from '../support/sp-app';
import { signedAnswer, soapLogout } from './support/http';
import { waitUntil } from './support/wait-until';

describe('the Redis index keeps no entry of a session that is gone', () => {
  let redis: RedisServer;
  let sp: SpHarness;
  let shortLived: SpHarness;
  beforeAll(async () => {
    redis = await startRedisServer();
    sp = await startSp({ redis: { url: redis.url } });
    shortLived = await startSp({
      redis: { url: redis.url, prefix: 'short' },
      cookie: { maxAge: 1500 },
    });
  });
  afterAll(async () => {
    await Promise.all([sp.close(), shortLived.close()]);
    await redis.stop();
  });

  /** Logs `nameID` in and checks Redis holds both the session and its index entry. */
  async function loginOn(app: SpHarness, nameID: string, sessionIndex: string, prefix = 'test') {
    const cookie = await app.login(nameID, [sessionIndex]);
    const { sessionID } = (await app.me(cookie))!;
    const keys = {
      session: `${prefix}:sess:${sessionID}`,
      index: (app.slo.sessionIndex as RedisSessionIndex).sessionsKeyOf({
        issuer: app.idp.entityID,
        nameID,
      }),
    };
    expect(await app.redis!.exists(keys.session)).toBe(1);
    expect(await app.redis!.hKeys(keys.index)).toEqual([sessionID]);
    return { cookie, sessionID, keys };
  }

  async function expectGone(app: SpHarness, keys: { session: string; index: string }) {
    expect(await app.redis!.exists(keys.session)).toBe(0);
    expect(await app.redis!.exists(keys.index)).toBe(0);
  }

  it('after a SOAP logout', async () => {
    const { cookie, keys } = await loginOn(sp, 'alice', '_leak-1');

    const logout = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_leak-1'] });

    expect(logout.response).toMatchObject({
      ...signedAnswer(sp, logout),
      status: SamlStatus.Success,
    });
    expect(await sp.me(cookie)).toBeNull();
    await expectGone(sp, keys);
  });

  it('after req.logout() (POST /logout)', async () => {
    const { cookie, keys } = await loginOn(sp, 'bob', '_leak-2');

    const reply = await fetch(`${sp.baseUrl}/logout`, { method: 'POST', headers: { cookie } });

    expect(reply.status).toBe(200);
    expect(await sp.me(cookie)).toBeNull();
    await expectGone(sp, keys);
  });

  it('after the session expires (cookie maxAge 1.5 s)', async () => {
    const { sessionID, keys } = await loginOn(shortLived, 'carol', '_leak-3', 'short');

    await waitUntil(
      'the session key to expire',
      async () => (await shortLived.redis!.exists(keys.session)) === 0,
    );
    // The index entry outlives its session by design (one more lifetime), then goes too:
    // the hash expires with its last entry, or a later write prunes the entry.
    await waitUntil(
      'the index entry to be gone',
      async () => !(await shortLived.redis!.hKeys(keys.index)).includes(sessionID),
    );
    const later = await loginOn(shortLived, 'carol', '_leak-4', 'short');
    expect(await shortLived.redis!.hKeys(keys.index)).toEqual([later.sessionID]);
  });
});
