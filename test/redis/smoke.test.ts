import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startSp, type SpHarness } from '../support/sp-app';
import { keys } from '../support/keys';

describe('smoke: SOAP logout with connect-redis and the Redis index', () => {
  let redis: RedisServer;
  let sp: SpHarness;
  beforeAll(async () => {
    redis = await startRedisServer();
    sp = await startSp({ redis: { url: redis.url } });
  });
  afterAll(async () => {
    await sp.close();
    await redis.stop();
  });

  it('logs in, logs out over SOAP', async () => {
    const cookie = await sp.login('alice@example.com', ['_s1']);
    expect((await sp.me(cookie))?.user.nameID).toBe('alice@example.com');
    const req = sp.idp.buildSoapLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice@example.com',
      sessionIndexes: ['_s1'],
    });
    const reply = await sp.postSoap(req.envelope, req.contentType);
    expect(sp.idp.readLogoutResponse(reply.body, keys.sp.certificate).status).toBe(
      'urn:oasis:names:tc:SAML:2.0:status:Success',
    );
    expect(await sp.me(cookie)).toBeNull();
  });
});
