import { ADD_SCRIPT, TOUCH_SCRIPT } from '../../lib/session-index/redis/redis-scripts';
import { monitorRedis } from '../support/redis-monitor';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startSp, type SpHarness } from '../support/sp-app';

/**
 * What a SAML login costs in Redis round trips, beside the same login without saml-slo
 * (target: at most one more). Counted with MONITOR, which shows each command a client
 * sent; commands a Lua script runs inside Redis are marked "lua" and are not round trips.
 * Passport and express-session save a new login's session twice (Passport's explicit save,
 * then express-session's at the end of the response, with the same data). saml-slo writes
 * the index entry (one script, which also refuses a login already logged out); the first
 * save needs no resurrection guard (the id is new: nothing can have claimed it) and the
 * second is not written at all (test/multi-instance/resurrection-race.test.ts shows a
 * logout in between still holds).
 */
describe('a SAML login through saml-slo on Redis', () => {
  let redis: RedisServer;
  let monitor: Awaited<ReturnType<typeof monitorRedis>>;
  let withSlo: SpHarness;
  let control: SpHarness;
  /** The same two apps with a cookie maxAge (express-session moves its expiry before each save). */
  let withSloMaxAge: SpHarness;
  let controlMaxAge: SpHarness;

  beforeAll(async () => {
    redis = await startRedisServer();
    monitor = await monitorRedis(redis.url, { add: ADD_SCRIPT, touch: TOUCH_SCRIPT });
    withSlo = await startSp({ redis: { url: redis.url, prefix: 'slo' } });
    control = await startSp({ redis: { url: redis.url, prefix: 'plain' }, withoutSlo: true });
    const cookie = { maxAge: 3_600_000 };
    withSloMaxAge = await startSp({ redis: { url: redis.url, prefix: 'slo-age' }, cookie });
    controlMaxAge = await startSp({
      redis: { url: redis.url, prefix: 'plain-age' },
      cookie,
      withoutSlo: true,
    });
  });
  afterAll(async () => {
    await withSlo?.close();
    await control?.close();
    await withSloMaxAge?.close();
    await controlMaxAge?.close();
    monitor?.stop();
    await redis?.stop();
  });

  /** The commands the SP sent to Redis for one login, sorted. */
  const commandsOfLogin = async (sp: SpHarness, nameID: string) =>
    (await monitor.commandsOf(() => sp.login(nameID, [`_${nameID}-1`]))).sort();

  it.each([
    ['a browser-session cookie', () => [withSlo, control] as const],
    ['a cookie with maxAge', () => [withSloMaxAge, controlMaxAge] as const],
  ])(
    'with %s: costs at most one round trip more than the same login without saml-slo: the index entry',
    async (_cookie, apps) => {
      const [tracked, untracked] = apps();
      // Warm both apps (scripts loaded, connections open) so the counts are the steady state.
      await untracked.login('warm-control', ['_w1']);
      await tracked.login('warm-slo', ['_w2']);

      const plain = await commandsOfLogin(untracked, 'alice');
      const sent = await commandsOfLogin(tracked, 'bob');

      expect(plain.length).toBeGreaterThan(0); // the control's express-session did talk to Redis
      expect(plain.filter((c) => c === 'set')).toHaveLength(2); // the two saves of a login
      // saml-slo: the same commands, with the second (unchanged) save not written and the
      // index entry added; no read and no guard check.
      const expected = [...plain];
      expected.splice(expected.indexOf('set'), 1, 'evalsha add');
      expect(sent).toEqual(expected.sort());
      expect(sent.length).toBeLessThanOrEqual(plain.length + 1);
    },
  );

  it('records the login in the index all the same', async () => {
    const cookie = await withSlo.login('carol', ['_carol-1']);
    const me = await withSlo.me(cookie);
    expect(me?.samlSlo).toMatchObject({ nameID: 'carol', sessionIndexes: ['_carol-1'] });
    expect(
      await withSlo.slo.sessionIndex.find({ issuer: withSlo.idp.entityID, nameID: 'carol' }),
    ).toEqual([me!.sessionID]);
  });
});
