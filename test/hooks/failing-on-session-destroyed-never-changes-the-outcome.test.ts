import { SamlStatus, SloErrorCode } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { capturingLogger, eventsNamed } from '../logging/support/capturing-logger';
import { soapLogout } from './support/soap-logout';
import { StoreFailingFor } from './support/store-failing-for';

const failingHook = () => {
  throw new Error('token revocation failed');
};

describe('an onSessionDestroyed that throws is contained: the outcome is the truth about the sessions', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it('never turns a PartialLogout into Success', async () => {
    const store = new StoreFailingFor();
    const { logger, logs } = capturingLogger();
    sp = await startSp({ store, slo: { logger, hooks: { onSessionDestroyed: failingHook } } });
    const first = await sp.login('alice', ['_alice-1']);
    const second = await sp.login('alice', ['_alice-2']);
    store.failingSessionId = (await sp.me(second))!.sessionID;

    const result = await soapLogout(sp, { nameID: 'alice' });

    expect(result.response).toMatchObject({
      signatureValid: true,
      status: SamlStatus.Responder,
      subStatus: SamlStatus.PartialLogout,
      statusMessage: SloErrorCode.SessionDestroyFailed,
    });
    expect(await sp.me(first)).toBeNull();
    // The hook ran (and failed) for the one session that was destroyed only.
    expect(eventsNamed(logs, 'saml_slo.hook_failed').map((e) => e.object.hook)).toEqual([
      'onSessionDestroyed',
    ]);
  });

  it('never breaks a Success', async () => {
    const { logger, logs } = capturingLogger();
    sp = await startSp({ slo: { logger, hooks: { onSessionDestroyed: failingHook } } });
    const first = await sp.login('alice', ['_alice-1']);
    const second = await sp.login('alice', ['_alice-2']);

    const result = await soapLogout(sp, { nameID: 'alice' });

    expect(result.response).toMatchObject({ signatureValid: true, status: SamlStatus.Success });
    expect(result.response.subStatus).toBeUndefined();
    expect(await sp.me(first)).toBeNull();
    expect(await sp.me(second)).toBeNull();
    expect(eventsNamed(logs, 'saml_slo.hook_failed').map((e) => e.object.hook)).toEqual([
      'onSessionDestroyed',
      'onSessionDestroyed',
    ]);
  });
});
