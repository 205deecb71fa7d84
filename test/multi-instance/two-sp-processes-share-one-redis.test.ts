import { SamlStatus } from '../../lib';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { connectRedis } from '../support/sp-app';
import { login, me, signedAnswer, soapLogout } from './support/http';
import { spawnSpProcess, type SpProcess } from './support/spawn-sp-process';
import { fixtureIdp } from './support/test-sp';

describe('two SP processes sharing one Redis: a logout received by one ends the session on the other', () => {
  let redis: RedisServer;
  let a: SpProcess | undefined;
  let b: SpProcess | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
    const idp = await fixtureIdp();
    [a, b] = await Promise.all([spawnSpProcess(redis.url, idp), spawnSpProcess(redis.url, idp)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis.stop();
  });

  it('logs alice in on A, takes the SOAP LogoutRequest on B, and A then serves her as anonymous', async () => {
    const [spA, spB] = [a!, b!];
    expect(spA.pid).not.toBe(spB.pid);
    expect(spA.baseUrl).not.toBe(spB.baseUrl);

    const cookie = await login(spA, 'alice', ['_proc-1']);
    const session = await me(spA, cookie);
    expect(session?.user.nameID).toBe('alice');
    expect((await me(spB, cookie))?.sessionID).toBe(session!.sessionID); // one app, two processes

    const logout = await soapLogout(spB, { nameID: 'alice', sessionIndexes: ['_proc-1'] });

    expect(logout.status).toBe(200);
    expect(logout.response).toMatchObject({
      ...signedAnswer(spB, logout),
      status: SamlStatus.Success,
    });
    expect(await me(spA, cookie)).toBeNull();
    expect(await me(spB, cookie)).toBeNull();
    const client = await connectRedis(redis.url);
    try {
      expect(await client.exists(`test:sess:${session!.sessionID}`)).toBe(0);
    } finally {
      await client.quit();
    }
  });
});
