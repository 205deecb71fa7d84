import { buildSpMetadata } from '../../lib/protocol/metadata/build-sp-metadata';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { startSp, type SpHarness, type SpHarnessOptions } from '../support/sp-app';
import { BINDING, fetchMetadata, singleLogoutServices } from './support/metadata';

/** Starts an SP, returns its SingleLogoutService list, closes it. */
async function servicesOf(options: SpHarnessOptions) {
  const sp: SpHarness = await startSp(options);
  try {
    const services = singleLogoutServices((await fetchMetadata(sp)).xml);
    for (const service of services) expect(service.location).toBe(sp.logoutUrl);
    return services.map((s) => s.binding);
  } finally {
    await sp.close();
  }
}

describe('metadata lists a SingleLogoutService per binding; SOAP only when any instance can answer it', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());

  it('in-memory session index (one instance): HTTP-Redirect and HTTP-POST, no SOAP', async () => {
    expect(await servicesOf({})).toEqual([BINDING.redirect, BINDING.post]);
  });

  it('RedisSessionIndex on a real redis-server (shared): SOAP, HTTP-Redirect and HTTP-POST', async () => {
    expect(await servicesOf({ redis: { url: redis.url, prefix: 'md1' } })).toEqual([
      BINDING.soap,
      BINDING.redirect,
      BINDING.post,
    ]);
  });

  it('metadata.soap: true advertises SOAP even with the in-memory index', async () => {
    expect(await servicesOf({ slo: { metadata: { soap: true } } })).toEqual([
      BINDING.soap,
      BINDING.redirect,
      BINDING.post,
    ]);
  });

  it('metadata.soap: false never advertises SOAP, even with the shared Redis index', async () => {
    expect(
      await servicesOf({
        redis: { url: redis.url, prefix: 'md2' },
        slo: { metadata: { soap: false } },
      }),
    ).toEqual([BINDING.redirect, BINDING.post]);
  });

  it('no ResponseLocation: createSlo has no option for a separate response URL, so it never differs', async () => {
    const sp = await startSp({ slo: { metadata: { soap: true } } });
    try {
      const services = singleLogoutServices((await fetchMetadata(sp)).xml);
      expect(services.map((s) => s.responseLocation)).toEqual([null, null, null]);
    } finally {
      await sp.close();
    }
  });

  it('the builder writes ResponseLocation only when it differs from Location, and never on SOAP', async () => {
    const base = {
      entityID: 'https://sp.test/saml/metadata',
      signingCertificateBase64: 'AAAA',
      logoutUrl: 'https://sp.test/saml/logout',
      sloBindings: ['soap', 'redirect', 'post'] as const,
      acsUrl: 'https://sp.test/login/callback',
      nameIDFormats: [],
    };
    const differs = singleLogoutServices(
      await buildSpMetadata({ ...base, logoutResponseUrl: 'https://sp.test/saml/logout/return' }),
    );
    expect(differs.map((s) => s.responseLocation)).toEqual([
      null,
      'https://sp.test/saml/logout/return',
      'https://sp.test/saml/logout/return',
    ]);
    const same = singleLogoutServices(
      await buildSpMetadata({ ...base, logoutResponseUrl: base.logoutUrl }),
    );
    expect(same.map((s) => s.responseLocation)).toEqual([null, null, null]);
  });
});
