import type { RedisClientType } from 'redis';
import {
  MemoryReplayCache,
  SamlStatus,
  SloErrorCode,
  type BeforeLogoutEvent,
  type SessionIndex,
} from '../../lib';
import { RedisSessionIndex } from '../../lib/redis';
import { createTestIdp, type TestIdp } from '../../lib/testing';
import { keys } from '../support/keys';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { connectRedis, startSp, type SpHarness, type SpHarnessOptions } from '../support/sp-app';

/**
 * Two instances of one app behind a load balancer: the same public entityID and logout URL,
 * one Redis. A LogoutRequest by NameID alone (every session of the user) is accepted by
 * instance A; the user logs in again; the same signed request, captured and replayed to
 * instance B within its validity window, must not log the new session out.
 *
 * RedisSessionIndex remembers the request's ID itself, beside the user's keys: in the script
 * that claims the sessions when no beforeLogout hook is configured (one round trip saved),
 * just before the hook otherwise (so the hook never sees a replay). Both use one record, so
 * instances configured either way refuse each other's replays, vetoed requests included.
 */
describe('a LogoutRequest replayed to another instance of the app', () => {
  const PUBLIC_BASE = 'https://app.example';
  const LOGOUT_URL = `${PUBLIC_BASE}/saml/logout`;
  let redis: RedisServer;
  let idp: TestIdp;
  let apps = 0;
  const started: SpHarness[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    idp = await createTestIdp({ ...keys.idp, entityID: 'https://idp.test/metadata' });
  });
  const clients: RedisClientType[] = [];
  afterAll(async () => {
    clients.forEach((client) => client.destroy());
    await redis.stop();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sp) => sp.close()));
  });

  /**
   * Instances A and B of one app: same public URLs, same Redis prefix, own clients; `slo`
   * gives each instance its own extra options (called once per instance).
   */
  async function twoInstances(
    slo: (
      prefix: string,
      instance: 'a' | 'b',
    ) => SpHarnessOptions['slo'] | Promise<SpHarnessOptions['slo']> = () => ({}),
  ) {
    const prefix = `replay${++apps}`;
    const instance = async (name: 'a' | 'b') => {
      const sp = await startSp({
        idp,
        redis: { url: redis.url, prefix },
        slo: {
          ...(await slo(prefix, name)),
          sp: { entityID: `${PUBLIC_BASE}/saml/metadata`, baseUrl: PUBLIC_BASE },
        },
      });
      started.push(sp);
      return sp;
    };
    return { a: await instance('a'), b: await instance('b'), prefix };
  }

  /** The requests a beforeLogout hook was shown, per instance. */
  function hookSeeing(seen: { a: string[]; b: string[] }) {
    return (_prefix: string, name: 'a' | 'b') => ({
      hooks: {
        beforeLogout: (event: BeforeLogoutEvent) => void seen[name].push(event.request.id),
      },
    });
  }

  /** B answered the replay as a replay, and the session made since lives on both instances. */
  async function expectRefusedAsReplay(
    a: SpHarness,
    b: SpHarness,
    captured: { id: string; envelope: string },
    again: string,
  ) {
    const replayed = await b.postSoap(captured.envelope);
    expect(idp.readLogoutResponse(replayed.body, keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      inResponseTo: captured.id,
      status: SamlStatus.Requester,
      subStatus: SamlStatus.RequestDenied,
      statusMessage: SloErrorCode.MessageReplayed,
    });
    expect(await b.me(again)).not.toBeNull();
    expect(await a.me(again)).not.toBeNull();
  }

  /** Alice logged out of A by NameID, logged in again on A; returns the captured request. */
  async function logoutThenLoginAgain(a: SpHarness) {
    await a.login('alice@example.com', ['_alice-first']);
    const captured = idp.buildSoapLogoutRequest({
      destination: LOGOUT_URL,
      nameID: 'alice@example.com',
      issueInstant: new Date(Date.now() - 2_000),
    });
    const first = await a.postSoap(captured.envelope);
    expect(idp.readLogoutResponse(first.body, keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      status: SamlStatus.Success,
    });
    const again = await a.login('alice@example.com', ['_alice-second']);
    expect(await a.me(again)).not.toBeNull();
    return { captured, again };
  }

  /** The keys recording LogoutRequest IDs: the index's (beside the user) and the replay cache's. */
  async function requestRecords(sp: SpHarness, prefix: string) {
    const keys = await sp.redis!.keys(`${prefix}:slo:*`);
    return {
      index: keys.filter((k) => /:slo:\{[0-9a-f]{32}\}:r:[0-9a-f]{40}$/.test(k)).length,
      replayCache: keys.filter((k) => k.startsWith(`${prefix}:slo:replay:`)).length,
    };
  }

  it('is refused as a replay by the claim, which recorded its ID beside the user, and the new session lives on', async () => {
    const { a, b, prefix } = await twoInstances();
    const { captured, again } = await logoutThenLoginAgain(a);

    await expectRefusedAsReplay(a, b, captured, again);
    expect(await requestRecords(a, prefix)).toEqual({ index: 1, replayCache: 0 });
  });

  it('with a beforeLogout hook: refused by the index before the hook, which never sees it', async () => {
    const seen = { a: [] as string[], b: [] as string[] };
    const { a, b, prefix } = await twoInstances(hookSeeing(seen));
    const { captured, again } = await logoutThenLoginAgain(a);

    await expectRefusedAsReplay(a, b, captured, again);
    expect(seen).toEqual({ a: [captured.id], b: [] });
    expect(await requestRecords(a, prefix)).toEqual({ index: 1, replayCache: 0 });
  });

  it.each([
    ['A without a hook, B with one', 'b' as const],
    ['A with a hook, B without', 'a' as const],
  ])('%s: refused all the same, and no hook sees the replay', async (_case, withHook) => {
    const seen = { a: [] as string[], b: [] as string[] };
    const hooked = hookSeeing(seen);
    const { a, b } = await twoInstances((prefix, name) =>
      name === withHook ? hooked(prefix, name) : {},
    );
    const { captured, again } = await logoutThenLoginAgain(a);

    await expectRefusedAsReplay(a, b, captured, again);
    // Only A's hook, if A has one, saw the request: when A handled it the first time.
    expect(seen).toEqual({ a: withHook === 'a' ? [captured.id] : [], b: [] });
  });

  it.each([
    ['to an instance without a hook', 'b' as const],
    ['to the same instance', 'a' as const],
  ])(
    'a request the hook vetoed, replayed %s, is refused and the session lives on',
    async (_case, replayTo) => {
      const hookCalls: string[] = [];
      const { a, b } = await twoInstances((_prefix, name) =>
        name === 'a'
          ? {
              hooks: {
                beforeLogout: ({ request }: BeforeLogoutEvent) => {
                  hookCalls.push(request.id);
                  return { deny: 'requester' as const };
                },
              },
            }
          : {},
      );
      const cookie = await a.login('alice@example.com', ['_alice-first']);
      const captured = idp.buildSoapLogoutRequest({
        destination: LOGOUT_URL,
        nameID: 'alice@example.com',
      });
      const vetoed = await a.postSoap(captured.envelope);
      expect(idp.readLogoutResponse(vetoed.body, keys.sp.certificate)).toMatchObject({
        statusMessage: SloErrorCode.LogoutVetoed,
      });

      const replayed = await { a, b }[replayTo].postSoap(captured.envelope);

      expect(idp.readLogoutResponse(replayed.body, keys.sp.certificate)).toMatchObject({
        signatureValid: true,
        inResponseTo: captured.id,
        status: SamlStatus.Requester,
        statusMessage: SloErrorCode.MessageReplayed,
      });
      expect(await a.me(cookie)).not.toBeNull();
      expect(hookCalls).toEqual([captured.id]); // shown the request once, never its replay
    },
  );

  it('CONTROL: with an index that does not remember requests and a replay cache per process, B acts on it and logs the new session out', async () => {
    // Each instance builds its own MemoryReplayCache (what the in-memory default would do,
    // which createSlo refuses unless a replayCache is named), over an index that leaves
    // replay checks to the replay cache: the attack the index's record prevents.
    const { a, b } = await twoInstances(async (prefix) => {
      const client = await connectRedis(redis.url);
      clients.push(client);
      const index = new RedisSessionIndex({ client, prefix: `${prefix}:slo:` });
      return { replayCache: new MemoryReplayCache(), sessionIndex: forgetsRequests(index) };
    });
    const { captured, again } = await logoutThenLoginAgain(a);

    const replayed = await b.postSoap(captured.envelope);

    expect(idp.readLogoutResponse(replayed.body, keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      status: SamlStatus.Success,
    });
    expect(await a.me(again)).toBeNull();
  });
});

/**
 * `index` without `rememberLogoutRequest` and `claimForLogoutRequest` (as a wrapper that
 * forwards only the required methods would be): the replay cache checks LogoutRequests.
 */
function forgetsRequests(index: SessionIndex): SessionIndex {
  return {
    shared: index.shared,
    add: (...args) => index.add(...args),
    find: (query) => index.find(query),
    claimForLogout: (claim) => index.claimForLogout(claim),
    touch: (...args) => index.touch(...args),
    tombstone: (...args) => index.tombstone(...args),
    remove: (...args) => index.remove(...args),
    isLoggedOut: (sessionId) => index.isLoggedOut(sessionId),
  };
}
