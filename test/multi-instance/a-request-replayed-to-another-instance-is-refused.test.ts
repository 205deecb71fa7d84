import { MemoryReplayCache, SamlStatus, SloErrorCode } from '../../lib';
import { createTestIdp, type TestIdp } from '../../lib/testing';
import { keys } from '../support/keys';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startSp, type SpHarness, type SpHarnessOptions } from '../support/sp-app';

/**
 * Two instances of one app behind a load balancer: the same public entityID and logout URL,
 * one Redis. A LogoutRequest by NameID alone (every session of the user) is accepted by
 * instance A; the user logs in again; the same signed request, captured and replayed to
 * instance B within its validity window, must not log the new session out.
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
  afterAll(() => redis.stop());
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sp) => sp.close()));
  });

  /**
   * Instances A and B of one app: same public URLs, same Redis prefix, own clients; `slo`
   * gives each instance its own extra options (called once per instance).
   */
  async function twoInstances(slo: () => SpHarnessOptions['slo'] = () => ({})) {
    const prefix = `replay${++apps}`;
    const instance = async () => {
      const sp = await startSp({
        idp,
        redis: { url: redis.url, prefix },
        slo: { ...slo(), sp: { entityID: `${PUBLIC_BASE}/saml/metadata`, baseUrl: PUBLIC_BASE } },
      });
      started.push(sp);
      return sp;
    };
    return { a: await instance(), b: await instance() };
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

  it('is refused as a replay by the shared RedisReplayCache, and the new session lives on', async () => {
    const { a, b } = await twoInstances();
    const { captured, again } = await logoutThenLoginAgain(a);

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
  });

  it('CONTROL: with a replay cache per process, B acts on it and logs the new session out', async () => {
    // Each instance builds its own MemoryReplayCache: what the in-memory default would do,
    // which createSlo now refuses unless a replayCache is named (see the options test).
    const { a, b } = await twoInstances(() => ({ replayCache: new MemoryReplayCache() }));
    const { captured, again } = await logoutThenLoginAgain(a);

    const replayed = await b.postSoap(captured.envelope);

    expect(idp.readLogoutResponse(replayed.body, keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      status: SamlStatus.Success,
    });
    expect(await a.me(again)).toBeNull();
  });
});
