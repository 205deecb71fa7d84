import { SamlStatus } from '../../lib';
import { hashNameId } from '../../lib/session-index/hash-name-id';
import { startSp, type SpHarness } from '../support/sp-app';
import { soapLogout } from '../hooks/support/soap-logout';
import { capturingLogger, eventsNamed } from './support/capturing-logger';

describe('each inbound SOAP logout logs one saml_slo.logout_request event', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it('a Success is one info event with binding, issuer, request ID, outcome, sessions found and destroyed, a numeric durationMs and the NameID hash', async () => {
    const { logger, logs } = capturingLogger();
    sp = await startSp({ slo: { logger } });
    await sp.login('alice', ['_alice-1']);
    await sp.login('alice', ['_alice-2']);

    const result = await soapLogout(sp, { nameID: 'alice' });

    expect(result.response.status).toBe(SamlStatus.Success);
    const events = eventsNamed(logs, 'saml_slo.logout_request');
    expect(events).toEqual([
      {
        level: 'info',
        object: expect.objectContaining({
          event: 'saml_slo.logout_request',
          binding: 'soap',
          issuer: sp.idp.entityID,
          requestId: result.requestId,
          outcome: SamlStatus.Success,
          sessionsFound: 2,
          sessionsDestroyed: 2,
          durationMs: expect.any(Number),
          nameIdHash: hashNameId(sp.idp.entityID, 'alice').slice(0, 16),
        }),
        message: expect.any(String),
      },
    ]);
    expect(events[0]!.object.durationMs).toBeGreaterThanOrEqual(0);
    expect(events[0]!.object).not.toHaveProperty('code');
  });
});
