import { SamlStatus } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { soapLogout } from '../hooks/support/soap-logout';

describe('without a logger, saml-slo is silent', () => {
  let sp: SpHarness | undefined;
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  let spies: jest.SpyInstance[] = [];
  beforeEach(() => {
    spies = methods.map((method) =>
      jest.spyOn(console, method).mockImplementation(() => undefined),
    );
  });
  afterEach(async () => {
    spies.forEach((spy) => spy.mockRestore());
    await sp?.close();
  });

  it('prints nothing to the console and throws nothing, even for a refused request and a failing hook', async () => {
    sp = await startSp({
      slo: {
        hooks: {
          onSessionDestroyed: () => {
            throw new Error('hook failure');
          },
        },
      },
    });
    const alice = await sp.login('alice', ['_alice-1']);

    const refused = await soapLogout(sp, { nameID: 'alice', sign: false });
    const success = await soapLogout(sp, { nameID: 'alice' });
    const admin = await sp.slo.logoutUser({ issuer: sp.idp.entityID, nameID: 'alice' });

    expect(refused.response.subStatus).toBe(SamlStatus.RequestDenied);
    expect(success.response.status).toBe(SamlStatus.Success);
    expect(admin.status).toBe(SamlStatus.Success);
    expect(await sp.me(alice)).toBeNull();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
