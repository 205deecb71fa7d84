import { SamlStatus, type BeforeLogoutEvent } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { soapLogout } from './support/soap-logout';

describe('hooks.beforeLogout', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it('receives the verified SOAP LogoutRequest (trigger soap, issuer, NameID, SessionIndexes) before any session ends, and can audit it', async () => {
    const audit: Array<{ event: BeforeLogoutEvent; loggedInDuringHook: boolean }> = [];
    let cookie = '';
    sp = await startSp({
      slo: {
        hooks: {
          beforeLogout: async (event) => {
            audit.push({ event, loggedInDuringHook: (await sp!.me(cookie)) !== null });
          },
        },
      },
    });
    cookie = await sp.login('alice@example.com', ['_alice-1']);

    const result = await soapLogout(sp, {
      nameID: 'alice@example.com',
      sessionIndexes: ['_alice-1'],
      reason: 'urn:oasis:names:tc:SAML:2.0:logout:admin',
    });

    expect(audit).toHaveLength(1);
    expect(audit[0]!.event).toMatchObject({
      trigger: 'soap',
      request: {
        id: result.requestId,
        issuer: sp.idp.entityID,
        nameID: 'alice@example.com',
        sessionIndexes: ['_alice-1'],
        reason: 'urn:oasis:names:tc:SAML:2.0:logout:admin',
        destination: sp.logoutUrl,
      },
    });
    expect(audit[0]!.loggedInDuringHook).toBe(true);
    expect(result.response.status).toBe(SamlStatus.Success);
    expect(await sp.me(cookie)).toBeNull();
  });
});
