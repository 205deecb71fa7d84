import { RedisStore } from 'connect-redis';
import { SamlStatus, SloErrorCode } from '../../lib';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { login, me, postLogin } from './support/http';
import {
  sessionEndingOf,
  sessionPrefix,
  startTestSp,
  type TestSp,
  type TestSpOptions,
} from './support/test-sp';

/** connect-redis whose destroy fails for one chosen session id, as a store outage would. */
class StoreFailingFor extends RedisStore {
  failingSessionId: string | undefined;

  override async destroy(sid: string, cb?: (err?: unknown, data?: unknown) => unknown) {
    if (sid !== this.failingSessionId) return super.destroy(sid, cb);
    cb?.(new Error(`store refused to destroy ${sid}`));
  }
}

describe("slo.logoutUser on instance B ends the user's sessions made on instance A", () => {
  let redis: RedisServer;
  let a: TestSp;
  let b: TestSp;
  let failing: StoreFailingFor;
  beforeAll(async () => {
    redis = await startRedisServer();
    const shared: TestSpOptions = { redis: { url: redis.url, prefix: 'everywhere' } };
    a = await startTestSp(shared);
    b = await startTestSp({
      ...shared,
      store: (client) =>
        (failing = new StoreFailingFor({ client, prefix: sessionPrefix('everywhere') })),
    });
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    await redis.stop();
  });

  const user = (nameID: string, sessionIndexes?: string[]) => ({
    issuer: a.idp.entityID,
    nameID,
    ...(sessionIndexes ? { sessionIndexes } : {}),
  });
  const sessionOf = async (cookie: string) => (await me(a, cookie))!.sessionID;

  it('ends every session of alice, and leaves bob logged in', async () => {
    const alice1 = await login(a, 'alice', ['_ev-a1']);
    const alice2 = await login(a, 'alice', ['_ev-a2']);
    const bob = await login(a, 'bob', ['_ev-b1']);
    const aliceSessions = [await sessionOf(alice1), await sessionOf(alice2)];

    const result = await b.slo.logoutUser(user('alice'));

    expect(result).toMatchObject({
      status: SamlStatus.Success,
      sessionsFound: 2,
      sessionsDestroyed: 2,
      failedSessionIds: [],
    });
    expect(result.error).toBeUndefined();
    expect(await me(a, alice1)).toBeNull();
    expect(await me(a, alice2)).toBeNull();
    for (const sid of aliceSessions) expect(await a.stored(sid)).toBeNull();
    expect((await me(a, bob))?.user.nameID).toBe('bob');
  });

  it('ends them in the index’s claim on A (connect-redis’s own store), through the store on B', async () => {
    expect(sessionEndingOf(a)).toBe('in-claim');
    expect(sessionEndingOf(b)).toBe('through-store'); // its store overrides destroy
    const carol = await login(b, 'carol', ['_ev-c1']);
    const sid = await sessionOf(carol);

    const result = await a.slo.logoutUser(user('carol'));

    expect(result).toMatchObject({
      status: SamlStatus.Success,
      sessionsFound: 1,
      sessionsDestroyed: 1,
      failedSessionIds: [],
    });
    expect(await a.stored(sid)).toBeNull();
    expect(await me(b, carol)).toBeNull();
    expect(await a.slo.sessionIndex.find(user('carol'))).toEqual([]);
  });

  it('records the logout: an assertion made before it, posted to A afterwards, is refused', async () => {
    const authnInstant = new Date();
    const result = await b.slo.logoutUser(user('erin'));
    expect(result).toMatchObject({ status: SamlStatus.Success, sessionsFound: 0 });

    const inFlight = await postLogin(a, {
      nameID: 'erin',
      sessionIndexes: ['_ev-e1'],
      authnInstant,
    });

    expect(inFlight.status).toBe(500);
    expect(JSON.parse(inFlight.body)).toEqual({ code: SloErrorCode.LoginAlreadyLoggedOut });
    if (inFlight.cookie) expect(await me(a, inFlight.cookie)).toBeNull();
  });

  it('an SSO login riding the IdP session the user still has is refused too; one the IdP authenticated afresh logs in', async () => {
    const authenticatedEarlier = new Date(Date.now() - 10 * 60_000);
    await login(a, 'frank', ['_ev-f1'], { authnInstant: authenticatedEarlier });
    expect(await b.slo.logoutUser(user('frank'))).toMatchObject({
      status: SamlStatus.Success,
      sessionsFound: 1,
    });

    // The app sends frank back to the IdP, which still has his session: same SessionIndex,
    // same AuthnInstant.
    const riding = await postLogin(a, {
      nameID: 'frank',
      sessionIndexes: ['_ev-f1'],
      authnInstant: authenticatedEarlier,
    });
    expect(riding.status).toBe(500);
    expect(JSON.parse(riding.body)).toEqual({ code: SloErrorCode.LoginAlreadyLoggedOut });

    // forceAuthn: the IdP authenticates him again, in a new IdP session (a second on).
    const fresh = await login(a, 'frank', ['_ev-f2'], {
      authnInstant: new Date(Date.now() + 1000),
    });
    expect((await me(a, fresh))?.user.nameID).toBe('frank');
  });

  it('with SessionIndexes, ends only the sessions of those', async () => {
    const first = await login(a, 'carol', ['_ev-c1']);
    const second = await login(a, 'carol', ['_ev-c2']);

    const result = await b.slo.logoutUser(user('carol', ['_ev-c1']));

    expect(result).toMatchObject({
      status: SamlStatus.Success,
      sessionsFound: 1,
      sessionsDestroyed: 1,
    });
    expect(await me(a, first)).toBeNull();
    expect((await me(a, second))?.user.nameID).toBe('carol');
  });

  it('reports PartialLogout when the store fails to destroy one of the sessions', async () => {
    const ok = await login(a, 'dave', ['_ev-d1']);
    const stuck = await login(a, 'dave', ['_ev-d2']);
    failing.failingSessionId = await sessionOf(stuck);

    const result = await b.slo.logoutUser(user('dave'));

    expect(result).toMatchObject({
      status: SamlStatus.Responder,
      subStatus: SamlStatus.PartialLogout,
      sessionsFound: 2,
      sessionsDestroyed: 1,
      failedSessionIds: [failing.failingSessionId],
      error: expect.objectContaining({ code: SloErrorCode.SessionDestroyFailed }),
    });
    expect(await me(a, ok)).toBeNull();
    // Still in the store, but tombstoned: B, which carried out the logout, no longer serves it.
    expect(await b.stored(failing.failingSessionId)).toBeTruthy();
    expect(await me(b, stuck)).toBeNull();
  });
});
