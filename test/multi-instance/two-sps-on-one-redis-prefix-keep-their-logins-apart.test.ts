import { RedisStore } from 'connect-redis';
import { SamlStatus } from '../../lib';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { login, me, signedAnswer, soapLogout } from './support/http';
import { fixtureIdp, startTestSp, type TestSp } from './support/test-sp';

// Two different SPs (two entityIDs, each with its own connect-redis prefix) on one Redis,
// with one saml-slo prefix (as two apps keeping the default 'saml-slo:' get). The IdP logs
// alice out of one of them: the other SP's session and index entry must be untouched, and
// its own logout later must still end its session.
describe('two SPs on one Redis and one index prefix keep their logins apart', () => {
  let redis: RedisServer;
  const started: TestSp[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(started.map((sp) => sp.close()));
    await redis.stop();
  });

  it('a logout sent to one SP ends only its session; the other SP’s logout then ends its own', async () => {
    const idp = await fixtureIdp();
    const one = await startTestSp({
      redis: { url: redis.url, prefix: 'shared' },
      entityID: 'https://one.example/saml/metadata',
      idp,
    });
    const two = await startTestSp({
      redis: { url: redis.url, prefix: 'shared' },
      entityID: 'https://two.example/saml/metadata',
      store: (client) => new RedisStore({ client: client!, prefix: 'two:sess:' }),
      idp,
    });
    started.push(one, two);

    const atOne = await login(one, 'alice', ['_idp-session']);
    const atTwo = await login(two, 'alice', ['_idp-session']);
    const sessionAtTwo = (await me(two, atTwo))!.sessionID;

    const first = await soapLogout(one, { nameID: 'alice', sessionIndexes: ['_idp-session'] });
    expect(first.response).toMatchObject({
      ...signedAnswer(one, first),
      status: SamlStatus.Success,
    });
    expect(await me(one, atOne)).toBeNull();
    expect((await me(two, atTwo))?.sessionID).toBe(sessionAtTwo);
    expect(await two.slo.sessionIndex.find({ issuer: idp.entityID, nameID: 'alice' })).toEqual([
      sessionAtTwo,
    ]);

    const second = await soapLogout(two, { nameID: 'alice', sessionIndexes: ['_idp-session'] });
    expect(second.response).toMatchObject({
      ...signedAnswer(two, second),
      status: SamlStatus.Success,
    });
    expect(await me(two, atTwo)).toBeNull();
    expect(await two.stored(sessionAtTwo)).toBeNull();
  });
});
