import { SamlStatus } from '../../lib';
import { startSoapIdp, type SoapIdp } from './support/soap-idp';
import { fixtureIdp, startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe("SP-initiated logout by SOAP: the SP asks the IdP's SOAP endpoint itself and lands the user at once", () => {
  let idpSoap: SoapIdp;
  let app: SpLogoutApp;
  let partialIdpSoap: SoapIdp;
  let partialApp: SpLogoutApp;
  beforeAll(async () => {
    idpSoap = await startSoapIdp(await fixtureIdp());
    app = await startSpLogoutApp({ endpoints: { soap: idpSoap.url } });
    partialIdpSoap = await startSoapIdp(await fixtureIdp(), () => ({
      status: SamlStatus.Responder,
      subStatus: SamlStatus.PartialLogout,
    }));
    partialApp = await startSpLogoutApp({ endpoints: { soap: partialIdpSoap.url } });
  });
  afterAll(async () => {
    await app.close();
    await idpSoap.close();
    await partialApp.close();
    await partialIdpSoap.close();
  });

  it('the IdP receives a signed LogoutRequest with every SessionIndex; its signed Success lands /?saml_logout=complete', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1', '_s2'] });

    const landing = await app.startLogout(cookie);

    expect(landing.status).toBe(302);
    expect(landing.location).toBe('/?saml_logout=complete');
    expect(idpSoap.requests).toHaveLength(1);
    expect(idpSoap.requests[0]).toMatchObject({
      signatureValid: true,
      issuer: app.spEntityID,
      destination: idpSoap.url,
      nameID: 'alice',
      sessionIndexes: ['_s1', '_s2'],
    });
    expect(idpSoap.headers[0]?.['content-type']).toMatch(/^text\/xml/);
    expect(await app.me(cookie)).toBeNull();
  });

  it("the IdP's PartialLogout over SOAP lands /?saml_logout=partial", async () => {
    const cookie = await partialApp.login({ nameID: 'bob', sessionIndexes: ['_b1'] });
    const landing = await partialApp.startLogout(cookie);
    expect(landing.location).toBe('/?saml_logout=partial');
    expect(partialIdpSoap.requests).toHaveLength(1);
    expect(await partialApp.me(cookie)).toBeNull();
  });
});
