import { keys } from '../support/keys';
import { startPysaml2Idp, itWithPysaml2Log, type Pysaml2Idp } from './support/pysaml2-idp';
import { loginWithPysaml2 } from './support/pysaml2-login';
import { startSpWithLogout, type SpWithLogout } from './support/sp-with-logout';

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

describe('pysaml2 7 as the IdP answers our SP-initiated Redirect logout', () => {
  let idp: Pysaml2Idp;
  const it = itWithPysaml2Log(() => idp);
  let sp: SpWithLogout;
  beforeAll(async () => {
    idp = await startPysaml2Idp();
    sp = await startSpWithLogout({
      entityID: idp.entityID,
      certificate: keys.idp.certificate,
      signingCertificates: keys.idp.certificate,
      singleLogoutService: idp.slo,
    });
    await idp.control('/control/configure', { spMetadata: await sp.slo.metadata() });
  });
  afterAll(async () => {
    await sp?.close();
    await idp?.stop();
  });

  it('5. pysaml2 verifies our query-signed LogoutRequest, answers Success, and we land on complete', async () => {
    const login = await loginWithPysaml2(idp, sp.baseUrl, 'frank-sp-initiated');
    const me = () => fetch(`${sp.baseUrl}/me`, { headers: { cookie: login.cookie } });
    expect((await me()).status).toBe(200);

    // Our SP ends the local session and sends the browser to pysaml2 with a LogoutRequest.
    const started = await fetch(`${sp.baseUrl}/sp-logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: login.cookie },
    });
    const toIdp = started.headers.get('location') ?? '';
    expect(started.status).toBe(302);
    expect(toIdp.startsWith(`${idp.slo.redirect}?`)).toBe(true);

    // pysaml2 parses and verifies it, then answers by Redirect to our /saml/logout.
    const atIdp = await idp.get(toIdp);
    const [seen] = (await (await fetch(`${idp.baseUrl}/control/events`)).json()) as Array<
      Record<string, unknown>
    >;
    expect(seen).toMatchObject({
      kind: 'LogoutRequest',
      issuer: sp.spEntityID,
      destination: idp.slo.redirect,
      nameID: 'frank-sp-initiated',
      nameIDFormat: PERSISTENT,
      nameQualifier: idp.entityID,
      spNameQualifier: sp.spEntityID,
      sessionIndexes: [login.sessionIndex],
      sigAlg: RSA_SHA256,
      signatureVerified: true,
      matchesLogin: true,
    });
    const toSp = atIdp.headers.get('location') ?? '';
    expect(atIdp.status).toBe(303);
    expect(toSp.startsWith(`${sp.slo.logoutUrl}?SAMLResponse=`)).toBe(true);

    // Our SP checks pysaml2's query-signed LogoutResponse and lands the user.
    const landed = await fetch(toSp, { redirect: 'manual', headers: { cookie: login.cookie } });
    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe('/?saml_logout=complete');
    expect((await me()).status).toBe(401);
  });
});
