import { SamlStatus } from '../../lib';
import {
  CLAIM_SCRIPT,
  REMOVE_SCRIPT,
  REPLAY_SCRIPT,
} from '../../lib/session-index/redis/redis-scripts';
import { keys } from '../support/keys';
import { monitorRedis } from '../support/redis-monitor';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startSp, type SpHarness, type SpHarnessOptions } from '../support/sp-app';

/**
 * What one back-channel (SOAP) logout of one session costs in Redis round trips, counted
 * with MONITOR in the order Redis received them (commands a Lua script runs inside Redis are
 * not round trips): the claim (which also records the request's ID against replay, and
 * tombstones the session), the store's DEL of the session, and the removal of its index
 * entry, which must come after the DEL (a session the store could not destroy keeps its
 * entry). With a `beforeLogout` hook the index records the ID first, so that the hook never
 * sees a replay: one more.
 */
describe('a back-channel logout through saml-slo on Redis', () => {
  let redis: RedisServer;
  let monitor: Awaited<ReturnType<typeof monitorRedis>>;
  const started: SpHarness[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    monitor = await monitorRedis(redis.url, {
      claim: CLAIM_SCRIPT,
      remove: REMOVE_SCRIPT,
      'set-nx': REPLAY_SCRIPT, // the replay cache's script, and the index's record of an ID
    });
  });
  afterAll(async () => {
    await Promise.all(started.map((sp) => sp.close()));
    monitor?.stop();
    await redis?.stop();
  });

  /** The commands the SP sent for a SOAP logout of one logged-in session, after a warm-up. */
  async function commandsOfLogout(sp: SpHarness): Promise<string[]> {
    const logOut = async (nameID: string) => {
      const cookie = await sp.login(nameID, [`_${nameID}-1`]);
      const { envelope } = sp.idp.buildSoapLogoutRequest({ destination: sp.logoutUrl, nameID });
      return { cookie, answer: () => sp.postSoap(envelope) };
    };
    const warm = await logOut('warm'); // scripts loaded, connections open: the steady state
    await warm.answer();

    const alice = await logOut('alice');
    let status: string | undefined;
    const sent = await monitor.commandsOf(async () => {
      const reply = await alice.answer();
      status = sp.idp.readLogoutResponse(reply.body, keys.sp.certificate).status;
    });
    expect(status).toBe(SamlStatus.Success);
    expect(await sp.me(alice.cookie)).toBeNull();
    return sent;
  }

  async function app(prefix: string, slo: SpHarnessOptions['slo'] = {}) {
    const sp = await startSp({ redis: { url: redis.url, prefix }, slo });
    started.push(sp);
    return sp;
  }

  it('costs three: the claim (with the replay check), the DEL, the index removal', async () => {
    const sp = await app('plain');
    const sent = await commandsOfLogout(sp);
    expect(sent).toEqual(['evalsha claim', 'del', 'evalsha remove']);
    // The claim did record both requests' IDs (the warm-up's and alice's), beside each user.
    expect(await sp.redis!.keys('plain:slo:{*}:r:*')).toHaveLength(2);
    expect(await sp.redis!.keys('plain:slo:replay:*')).toEqual([]);
  });

  it('with a beforeLogout hook, four: the request ID is recorded before the hook runs', async () => {
    const seen: string[] = [];
    const sp = await app('hooked', {
      hooks: {
        beforeLogout: ({ request }) => {
          seen.push(request.nameID);
          hookSawRecord.push(sp.redis!.keys('hooked:slo:{*}:r:*').then((keys) => keys.length));
        },
      },
    });
    const hookSawRecord: Promise<number>[] = [];
    const sent = await commandsOfLogout(sp);
    // (KEYS is the test's own look from inside the hook.)
    expect(sent.filter((c) => c !== 'keys')).toEqual([
      'evalsha set-nx',
      'evalsha claim',
      'del',
      'evalsha remove',
    ]);
    expect(seen).toEqual(['warm', 'alice']);
    expect(await Promise.all(hookSawRecord)).toEqual([1, 2]);
  });
});
