import { SamlStatus, SloErrorCode } from '../../lib';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startSp, type SpHarness } from '../support/sp-app';
import { me, signedAnswer, soapLogout } from './support/http';
import { waitUntil } from './support/wait-until';

describe('a Redis outage during a back-channel logout is reported honestly', () => {
  let redis: RedisServer;
  let sp: SpHarness;
  beforeAll(async () => {
    redis = await startRedisServer();
    sp = await startSp({ redis: { url: redis.url, timeoutMs: 500 } });
  });
  afterAll(async () => {
    await sp.close();
    await redis.stop();
  });

  it('answers Responder/PartialLogout while Redis is down, and logs out again once it is back', async () => {
    const cookie = await sp.login('alice', ['_outage-1']);
    const { sessionID } = (await sp.me(cookie))!;
    const sessionKey = `test:sess:${sessionID}`;
    // Snapshot to the data dir, so the restarted Redis still holds alice's session (a failover).
    await sp.redis!.sendCommand(['SAVE']);
    await redis.stop();

    const started = Date.now();
    const duringOutage = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_outage-1'] });

    expect(Date.now() - started).toBeLessThan(5000); // bounded by timeoutMs, not hanging
    expect(duringOutage.status).toBe(200);
    expect(duringOutage.response).toMatchObject({
      ...signedAnswer(sp, duringOutage),
      status: SamlStatus.Responder,
      subStatus: SamlStatus.PartialLogout,
      statusMessage: SloErrorCode.SessionIndexUnavailable,
    });
    expect(await me(sp)).toBeNull(); // the server still answers (a request that needs no Redis)

    await redis.start();
    expect(await sp.redis!.exists(sessionKey)).toBe(1);
    expect((await sp.me(cookie))?.user.nameID).toBe('alice'); // the failed logout ended nothing

    const recovered = await waitUntil('a SOAP logout to succeed again', async () => {
      const reply = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_outage-1'] });
      return reply.response.status === SamlStatus.Success && reply;
    });
    expect(recovered.response).toMatchObject(signedAnswer(sp, recovered));
    expect(await sp.me(cookie)).toBeNull();
    expect(await sp.redis!.exists(sessionKey)).toBe(0);
  });
});
