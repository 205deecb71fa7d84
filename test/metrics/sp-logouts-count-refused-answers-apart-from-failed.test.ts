import { deflateRawSync } from 'node:zlib';
import { Registry } from 'prom-client';
import { SamlStatus } from '../../lib';
import { keys } from '../support/keys';
import {
  answerByRedirect,
  startSpLogoutApp,
  type SpLogoutApp,
} from '../sp-initiated/support/sp-logout-app';
import { promClientMetrics } from './support/prom-client-metrics';
import { parseExposition, samplesNamed, serveMetrics } from './support/scrape';

describe('the README prom-client recipe counts SP-initiated logouts an outsider can fake apart from real failures', () => {
  let app: SpLogoutApp | undefined;
  let metricsServer: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  afterEach(async () => {
    await app?.close();
    await metricsServer?.close();
  });

  it('three unsigned "<x/>" answers are result="refused"; the IdP\'s signed Responder answer is result="failed"', async () => {
    const registry = new Registry();
    metricsServer = await serveMetrics(registry);
    app = await startSpLogoutApp({ slo: { metrics: promClientMetrics(registry) } });

    const forged = encodeURIComponent(deflateRawSync(Buffer.from('<x/>')).toString('base64'));
    for (let i = 0; i < 3; i++) {
      expect((await app.get(`${app.localLogoutUrl}?SAMLResponse=${forged}`)).location).toBe(
        '/?saml_logout=failed',
      );
    }
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
    const started = await app.startLogout(cookie);
    const request = app.idp.readLogoutRequest(
      { redirectUrl: started.location! },
      keys.sp.certificate,
    );
    const answered = await answerByRedirect(app, request.id, { status: SamlStatus.Responder });
    expect(answered.location).toBe('/?saml_logout=failed');

    const samples = parseExposition(await (await fetch(metricsServer.url)).text());
    expect(samplesNamed(samples, 'saml_slo_sp_logouts_total')).toEqual(
      expect.arrayContaining([
        { labels: { binding: 'redirect', result: 'refused' }, value: 3 },
        { labels: { binding: 'redirect', result: 'failed' }, value: 1 },
      ]),
    );
    expect(samplesNamed(samples, 'saml_slo_sp_logouts_total')).toHaveLength(2);
  });
});
