import { Registry } from 'prom-client';
import { SamlStatus } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { soapLogout } from '../hooks/support/soap-logout';
import { StoreFailingFor } from '../hooks/support/store-failing-for';
import { promClientMetrics } from './support/prom-client-metrics';
import { parseExposition, samplesNamed, serveMetrics } from './support/scrape';

describe('the README prom-client recipe, scraped over HTTP', () => {
  let sp: SpHarness | undefined;
  let metricsServer: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  afterEach(async () => {
    await sp?.close();
    await metricsServer?.close();
  });

  it('counts a Success (2 sessions), a PartialLogout and a refused request by outcome and code, the destroyed sessions, and one duration each', async () => {
    const registry = new Registry();
    metricsServer = await serveMetrics(registry);
    const store = new StoreFailingFor();
    sp = await startSp({ store, slo: { metrics: promClientMetrics(registry) } });

    await sp.login('alice', ['_alice-1']);
    await sp.login('alice', ['_alice-2']);
    const success = await soapLogout(sp, { nameID: 'alice' });
    expect(success.response.status).toBe(SamlStatus.Success);

    await sp.login('bob', ['_bob-1']);
    const stuck = await sp.login('bob', ['_bob-2']);
    store.failingSessionId = (await sp.me(stuck))!.sessionID;
    const partial = await soapLogout(sp, { nameID: 'bob' });
    expect(partial.response.subStatus).toBe(SamlStatus.PartialLogout);

    const refused = await soapLogout(sp, { nameID: 'carol', sign: false });
    expect(refused.response.subStatus).toBe(SamlStatus.RequestDenied);

    const scrape = await fetch(metricsServer.url);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(await scrape.text());

    expect(samplesNamed(samples, 'saml_slo_logout_requests_total')).toEqual(
      expect.arrayContaining([
        { labels: { binding: 'soap', outcome: 'Success', code: 'none' }, value: 1 },
        {
          labels: { binding: 'soap', outcome: 'PartialLogout', code: 'SLO_SESSION_DESTROY_FAILED' },
          value: 1,
        },
        {
          labels: { binding: 'soap', outcome: 'RequestDenied', code: 'SLO_SIGNATURE_MISSING' },
          value: 1,
        },
      ]),
    );
    expect(samplesNamed(samples, 'saml_slo_logout_requests_total')).toHaveLength(3);
    // 2 from the Success, 1 of the 2 from the PartialLogout.
    expect(samplesNamed(samples, 'saml_slo_sessions_destroyed_total')).toEqual([
      { labels: {}, value: 3 },
    ]);
    expect(samplesNamed(samples, 'saml_slo_logout_duration_seconds_count')).toEqual([
      { labels: { binding: 'soap' }, value: 3 },
    ]);
    const [sum] = samplesNamed(samples, 'saml_slo_logout_duration_seconds_sum');
    expect(sum?.value).toBeGreaterThan(0);
    expect(sum?.value).toBeLessThan(5);
    expect(samplesNamed(samples, 'saml_slo_sp_logouts_total')).toEqual([]);
  });
});
