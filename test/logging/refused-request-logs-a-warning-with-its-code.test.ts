import { SamlStatus, SloErrorCode } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { soapLogout } from '../hooks/support/soap-logout';
import { capturingLogger, eventsNamed } from './support/capturing-logger';

describe('a refused LogoutRequest is logged as a warning with its stable code', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it('an unsigned SOAP request: one warn saml_slo.logout_request event with code SLO_SIGNATURE_MISSING and outcome RequestDenied', async () => {
    const { logger, logs } = capturingLogger();
    sp = await startSp({ slo: { logger } });
    const alice = await sp.login('alice', ['_alice-1']);

    await soapLogout(sp, { nameID: 'alice', sign: false });

    expect(eventsNamed(logs, 'saml_slo.logout_request')).toEqual([
      {
        level: 'warn',
        object: expect.objectContaining({
          binding: 'soap',
          outcome: SamlStatus.RequestDenied,
          code: SloErrorCode.SignatureMissing,
          durationMs: expect.any(Number),
        }),
        message: expect.any(String),
      },
    ]);
    expect((await sp.me(alice))?.user.nameID).toBe('alice');
  });
});
