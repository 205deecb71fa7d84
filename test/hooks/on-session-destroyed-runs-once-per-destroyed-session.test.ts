import { SamlStatus, type AfterLogoutEvent, type SessionDestroyedEvent } from '../../lib';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startSp, type SpHarness, type SpHarnessOptions } from '../support/sp-app';
import { soapLogout } from './support/soap-logout';

// The same for sessions destroyed through the store, and for sessions the Redis index ends
// itself inside its claim (connect-redis on the index's own client).
describe.each([
  ['MemoryStore', undefined],
  ['connect-redis, sessions ended in the claim', true],
  ['connect-redis, sessions ended through the store', false],
] as const)('hooks.onSessionDestroyed (%s)', (_backend, inClaim) => {
  let sp: SpHarness | undefined;
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    if (inClaim !== undefined) redis = await startRedisServer();
  });
  afterEach(() => sp?.close());
  afterAll(() => redis?.stop());

  const backend = (): Partial<SpHarnessOptions> =>
    redis ? { redis: { url: redis.url, endSessionsInClaim: inClaim !== false } } : {};

  it('is called once per destroyed session, with its express-session id, and never for a session the logout does not name', async () => {
    const destroyed: SessionDestroyedEvent[] = [];
    const after: AfterLogoutEvent[] = [];
    const ending: unknown[] = [];
    const capture = (fields: Record<string, unknown>) =>
      void (fields.event === 'saml_slo.session_ending' && ending.push(fields.sessionsEnded));
    sp = await startSp({
      ...backend(),
      slo: {
        logger: { debug: capture, info: capture, warn: capture, error: capture },
        hooks: {
          onSessionDestroyed: (event) => {
            destroyed.push(event);
          },
          afterLogout: (event) => {
            after.push(event);
          },
        },
      },
    });
    expect(ending).toEqual([inClaim ? 'in-claim' : 'through-store']);
    const first = await sp.login('alice', ['_alice-1']);
    const second = await sp.login('alice', ['_alice-2']);
    const bob = await sp.login('bob', ['_bob-1']);
    const firstId = (await sp.me(first))!.sessionID;
    const secondId = (await sp.me(second))!.sessionID;

    const result = await soapLogout(sp, { nameID: 'alice' });

    expect(result.response.status).toBe(SamlStatus.Success);
    expect(destroyed).toHaveLength(2);
    expect(destroyed.map((e) => e.sessionId).sort()).toEqual([firstId, secondId].sort());
    for (const event of destroyed) {
      expect(event).toEqual({
        trigger: 'soap',
        sessionId: expect.any(String),
        issuer: sp.idp.entityID,
        nameID: 'alice',
      });
    }
    expect(after).toEqual([
      expect.objectContaining({ trigger: 'soap', sessionsFound: 2, sessionsDestroyed: 2 }),
    ]);
    expect(await sp.me(first)).toBeNull();
    expect(await sp.me(second)).toBeNull();
    expect((await sp.me(bob))?.user.nameID).toBe('bob');
  });
});
