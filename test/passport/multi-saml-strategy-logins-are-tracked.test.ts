import { keys } from '../support/keys';
import { startSp, type SpHarness } from '../support/sp-app';

describe('login tracking with passport-saml MultiSamlStrategy', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startSp({ strategy: 'multi' });
  });
  afterAll(() => sp.close());

  it('records the login under the final session id and SOAP logout ends it', async () => {
    const cookie = await sp.login('carol@example.com', ['_multi-1', '_multi-2']);
    const me = await sp.me(cookie);
    expect(me?.samlSlo).toMatchObject({
      issuer: sp.idp.entityID,
      nameID: 'carol@example.com',
      sessionIndexes: ['_multi-1', '_multi-2'],
    });
    expect(
      await sp.slo.sessionIndex.find({ issuer: sp.idp.entityID, nameID: 'carol@example.com' }),
    ).toEqual([me!.sessionID]);

    const logout = sp.idp.buildSoapLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'carol@example.com',
      sessionIndexes: ['_multi-2'],
    });
    const reply = await sp.postSoap(logout.envelope, logout.contentType);
    expect(reply.status).toBe(200);
    expect(sp.idp.readLogoutResponse(reply.body, keys.sp.certificate).status).toBe(
      'urn:oasis:names:tc:SAML:2.0:status:Success',
    );
    expect(await sp.me(cookie)).toBeNull();
  });
});
