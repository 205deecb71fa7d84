import { SamlStatus, type SloMetrics } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { soapLogout } from '../hooks/support/soap-logout';
import { capturingLogger, eventsNamed } from '../logging/support/capturing-logger';

const throwing = () => {
  throw new Error('metrics backend down');
};
const brokenMetrics: SloMetrics = {
  logoutHandled: throwing,
  sessionsDestroyed: throwing,
  spLogoutCompleted: throwing,
};

describe('a metrics object that throws never breaks a logout', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it('the SOAP logout is still a Success, the session ends, and saml_slo.metrics_failed is logged', async () => {
    const { logger, logs } = capturingLogger();
    sp = await startSp({ slo: { metrics: brokenMetrics, logger } });
    const alice = await sp.login('alice', ['_alice-1']);

    const result = await soapLogout(sp, { nameID: 'alice' });

    expect(result.status).toBe(200);
    expect(result.response).toMatchObject({
      signatureValid: true,
      inResponseTo: result.requestId,
      status: SamlStatus.Success,
    });
    expect(await sp.me(alice)).toBeNull();
    expect(eventsNamed(logs, 'saml_slo.metrics_failed')).toEqual([
      {
        level: 'error',
        object: expect.objectContaining({ cause: expect.stringContaining('metrics backend down') }),
        message: expect.any(String),
      },
    ]);
  });
});
