import { SamlStatus, type SloHooks } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { capturingLogger, eventsNamed } from '../logging/support/capturing-logger';
import { soapLogout } from './support/soap-logout';

describe('a beforeLogout that fails is contained: the logout proceeds', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it.each<[string, NonNullable<SloHooks['beforeLogout']>]>([
    [
      'throws',
      () => {
        throw new Error('audit store down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('audit store down'))],
  ])(
    'one that %s: Success, the session is ended, and saml_slo.hook_failed is logged as an error for beforeLogout',
    async (_how, beforeLogout) => {
      const { logger, logs } = capturingLogger();
      sp = await startSp({ slo: { logger, hooks: { beforeLogout } } });
      const alice = await sp.login('alice', ['_alice-1']);

      const result = await soapLogout(sp, { nameID: 'alice' });

      expect(result.response).toMatchObject({
        signatureValid: true,
        inResponseTo: result.requestId,
        status: SamlStatus.Success,
      });
      expect(result.response.subStatus).toBeUndefined();
      expect(await sp.me(alice)).toBeNull();
      const failures = eventsNamed(logs, 'saml_slo.hook_failed');
      expect(failures).toEqual([
        {
          level: 'error',
          object: expect.objectContaining({
            hook: 'beforeLogout',
            cause: expect.stringContaining('audit store down'),
          }),
          message: expect.any(String),
        },
      ]);
    },
  );
});
