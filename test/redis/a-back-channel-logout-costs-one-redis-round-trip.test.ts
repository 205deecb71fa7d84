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
 * not round trips).
 *
 * Beside connect-redis on the same client (the README's setup), one: the claim, which also
 * records the request's ID against replay, tombstones the session, deletes its store key and
 * removes its index entry, all in one atomic script. Through the store (another store, or
 * `endSessionsInClaim: false`), three: the claim, the store's DEL, and the removal of the
 * index entry, which must come after the DEL (a session the store could not destroy keeps
 * its entry). With a `beforeLogout` hook the index records the ID first, so that the hook
 * never sees a replay: one more either way.
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

  async function app(prefix: string, slo: SpHarnessOptions['slo'] = {}, inClaim = true) {
    const sp = await startSp({
      redis: { url: redis.url, prefix, ...(inClaim ? {} : { endSessionsInClaim: false }) },
      slo,
    });
    started.push(sp);
    return sp;
  }

  /** A beforeLogout hook that records what it saw: the users, and the ID records then. */
  function watchingHook(prefix: string) {
    const seen: string[] = [];
    const recordsSeen: Promise<number>[] = [];
    let redisOf: () => SpHarness['redis'] = () => undefined;
    const hooks: SpHarnessOptions['slo'] = {
      hooks: {
        beforeLogout: ({ request }) => {
          seen.push(request.nameID);
          recordsSeen.push(
            redisOf()!
              .keys(`${prefix}:slo:{*}:r:*`)
              .then((k) => k.length),
          );
        },
      },
    };
    return {
      seen,
      recordsSeen,
      hooks,
      watch: (sp: SpHarness) => {
        redisOf = () => sp.redis;
        return sp;
      },
    };
  }

  it('costs one beside connect-redis on the same client: the claim ends the session', async () => {
    const sp = await app('one');
    const sent = await commandsOfLogout(sp);
    expect(sent).toEqual(['evalsha claim']);
    // The claim did record both requests' IDs (the warm-up's and alice's), beside each user.
    expect(await sp.redis!.keys('one:slo:{*}:r:*')).toHaveLength(2);
    expect(await sp.redis!.keys('one:slo:replay:*')).toEqual([]);
    // Nothing of the two logged-out sessions is left but their tombstones and the records.
    expect(await sp.redis!.keys('one:sess:*')).toEqual([]);
    expect(await sp.redis!.keys('one:slo:{*}:s')).toEqual([]);
    expect(await sp.redis!.keys('one:slo:{*}:t:*')).toHaveLength(2);
  });

  it('with a beforeLogout hook, two: the request ID is recorded before the hook runs', async () => {
    const hook = watchingHook('hooked-one');
    const sp = hook.watch(await app('hooked-one', hook.hooks));
    const sent = await commandsOfLogout(sp);
    // (KEYS is the test's own look from inside the hook.)
    expect(sent.filter((c) => c !== 'keys')).toEqual(['evalsha set-nx', 'evalsha claim']);
    expect(hook.seen).toEqual(['warm', 'alice']);
    expect(await Promise.all(hook.recordsSeen)).toEqual([1, 2]);
  });

  it('costs three through the store: the claim (with the replay check), the DEL, the index removal', async () => {
    const sp = await app('three', {}, false);
    const sent = await commandsOfLogout(sp);
    expect(sent).toEqual(['evalsha claim', 'del', 'evalsha remove']);
    expect(await sp.redis!.keys('three:slo:{*}:r:*')).toHaveLength(2);
    expect(await sp.redis!.keys('three:sess:*')).toEqual([]);
    expect(await sp.redis!.keys('three:slo:{*}:s')).toEqual([]);
  });

  it('through the store with a beforeLogout hook, four', async () => {
    const hook = watchingHook('hooked-three');
    const sp = hook.watch(await app('hooked-three', hook.hooks, false));
    const sent = await commandsOfLogout(sp);
    expect(sent.filter((c) => c !== 'keys')).toEqual([
      'evalsha set-nx',
      'evalsha claim',
      'del',
      'evalsha remove',
    ]);
    expect(hook.seen).toEqual(['warm', 'alice']);
    expect(await Promise.all(hook.recordsSeen)).toEqual([1, 2]);
  });
});
