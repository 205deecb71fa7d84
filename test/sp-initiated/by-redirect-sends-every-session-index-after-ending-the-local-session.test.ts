import { keys } from '../support/keys';
import { IDP_SLO, startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

describe('SP-initiated logout by HTTP-Redirect: the local session ends first, then a signed LogoutRequest names the login exactly', () => {
  let app: SpLogoutApp;
  beforeAll(async () => {
    app = await startSpLogoutApp();
  });
  afterAll(() => app.close());

  it('302 to the IdP with a query-signed LogoutRequest: NameID with Format and qualifiers, every SessionIndex', async () => {
    const cookie = await app.login({
      nameID: 'alice@example.com',
      nameIDFormat: EMAIL,
      nameQualifier: 'https://idp.test/metadata',
      spNameQualifier: app.spEntityID,
      sessionIndexes: ['_s1', '_s2', '_s3'],
    });

    const reply = await app.startLogout(cookie);

    expect(reply.status).toBe(302);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.location?.startsWith(`${IDP_SLO.redirect}?SAMLRequest=`)).toBe(true);
    const request = app.idp.readLogoutRequest(
      { redirectUrl: reply.location! },
      keys.sp.certificate,
    );
    expect(request).toMatchObject({
      signatureValid: true,
      issuer: app.spEntityID,
      destination: IDP_SLO.redirect,
      nameID: 'alice@example.com',
      nameIDFormat: EMAIL,
      nameQualifier: 'https://idp.test/metadata',
      spNameQualifier: app.spEntityID,
      sessionIndexes: ['_s1', '_s2', '_s3'],
    });
    expect(request.id).toMatch(/^_/);
    expect(
      app.idp.readLogoutRequest({ redirectUrl: reply.location! }, keys.other.certificate)
        .signatureValid,
    ).toBe(false);
  });

  it('the local session is already gone when the browser leaves for the IdP (before any answer)', async () => {
    const cookie = await app.login({ nameID: 'bob', sessionIndexes: ['_b1'] });
    const { sessionID } = (await app.me(cookie))!;
    expect(await app.storedSession(sessionID)).not.toBeNull();

    const reply = await app.startLogout(cookie);

    expect(reply.status).toBe(302);
    expect(await app.me(cookie)).toBeNull();
    expect(await app.storedSession(sessionID)).toBeNull();
    // …and the IdP has not answered: nothing reached our logout URL yet.
    expect(app.logs.filter((l) => l.fields.event === 'saml_slo.sp_logout_completed')).toEqual([]);
  });

  it('an IdP Redirect endpoint with its own query keeps it; the signature covers only the SAML parameters', async () => {
    const withQuery = 'https://idp.test/slo/redirect?tenant=acme';
    const tenantApp = await startSpLogoutApp({ endpoints: { redirect: withQuery } });
    try {
      const cookie = await tenantApp.login({ nameID: 'carol', sessionIndexes: ['_c1'] });
      const reply = await tenantApp.startLogout(cookie);
      expect(reply.location?.startsWith(`${withQuery}&SAMLRequest=`)).toBe(true);
      expect(
        tenantApp.idp.readLogoutRequest({ redirectUrl: reply.location! }, keys.sp.certificate),
      ).toMatchObject({ signatureValid: true, destination: withQuery, sessionIndexes: ['_c1'] });
    } finally {
      await tenantApp.close();
    }
  });
});
