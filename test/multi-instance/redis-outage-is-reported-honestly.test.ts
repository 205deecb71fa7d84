import { SamlStatus, SloErrorCode } from '../../lib';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startSp, type SpHarness } from '../support/sp-app';
import { me, signedAnswer, soapLogout } from './support/http';
import { waitUntil } from './support/wait-until';

// Without a beforeLogout hook the claim (which also checks the request's ID) fails; with one,
// the index's record of the ID just before the hook fails: the same answer and log line,
// and the hook is not run for a logout that cannot be carried out.
describe.each([
  ['without a beforeLogout hook', false],
  ['with a beforeLogout hook', true],
])('a Redis outage during a back-channel logout is reported honestly (%s)', (_case, withHook) => {
  let redis: RedisServer;
  let sp: SpHarness;
  const hookCalls: string[] = [];
  const logged: Record<string, unknown>[] = [];
  const capture = (fields: Record<string, unknown>) => void logged.push(fields);
  beforeAll(async () => {
    redis = await startRedisServer();
    sp = await startSp({
      redis: { url: redis.url, timeoutMs: 500 },
      slo: {
        logger: { debug: capture, info: capture, warn: capture, error: capture },
        ...(withHook
          ? { hooks: { beforeLogout: ({ request }) => void hookCalls.push(request.id) } }
          : {}),
      },
    });
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

    // redis.timeoutMs bounds the call: it answers (a hang would fail on jest's timeout)
    // with the outage code. How long it took is a benchmark's figure, not a test's.
    logged.length = 0;
    const duringOutage = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_outage-1'] });

    expect(duringOutage.status).toBe(200);
    expect(duringOutage.response).toMatchObject({
      ...signedAnswer(sp, duringOutage),
      status: SamlStatus.Responder,
      subStatus: SamlStatus.PartialLogout,
      statusMessage: SloErrorCode.SessionIndexUnavailable,
    });
    expect(await me(sp)).toBeNull(); // the server still answers (a request that needs no Redis)
    expect(logged.filter((l) => l.event === 'saml_slo.logout_request')).toEqual([
      expect.objectContaining({
        outcome: SamlStatus.PartialLogout,
        code: SloErrorCode.SessionIndexUnavailable,
        requestId: duringOutage.requestId,
        sessionsFound: 0,
        sessionsDestroyed: 0,
      }),
    ]);
    expect(hookCalls).toEqual([]);

    await redis.start();
    expect(await sp.redis!.exists(sessionKey)).toBe(1);
    expect((await sp.me(cookie))?.user.nameID).toBe('alice'); // the failed logout ended nothing

    const recovered = await waitUntil('a SOAP logout to succeed again', async () => {
      const reply = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_outage-1'] });
      return reply.response.status === SamlStatus.Success && reply;
    });
    expect(recovered.response).toMatchObject(signedAnswer(sp, recovered));
    expect(await sp.me(cookie)).toBeNull();
    if (withHook) expect(hookCalls).toContain(recovered.requestId);
    expect(await sp.redis!.exists(sessionKey)).toBe(0);
  });
});
