import { SamlStatus } from '../../lib';
import { createTestIdp } from '../../lib/testing';
import { keys } from '../support/keys';
import { startSp, type SpHarness } from '../support/sp-app';
import { startPysaml2Idp, itWithPysaml2Log, type Pysaml2Idp } from './support/pysaml2-idp';
import { loginWithPysaml2 } from './support/pysaml2-login';

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** What pysaml2 concluded about our LogoutResponse. */
interface Pysaml2Verdict {
  issuer: string;
  inResponseTo: string;
  status: string;
  statusOk: boolean;
  verified: boolean;
  signatureVerified: boolean;
  requestId?: string;
  httpStatus?: number;
  pysaml2SoapUnwrapVerifies?: boolean;
}

describe('pysaml2 7 as the IdP: SSO, then IdP-initiated logout by SOAP and Redirect', () => {
  let idp: Pysaml2Idp;
  const it = itWithPysaml2Log(() => idp);
  let sp: SpHarness;
  beforeAll(async () => {
    idp = await startPysaml2Idp();
    sp = await startSp({
      idp: await createTestIdp({ entityID: idp.entityID, ...keys.idp }),
      slo: {
        idps: [
          {
            entityID: idp.entityID,
            signingCertificates: keys.idp.certificate,
            singleLogoutService: idp.slo,
          },
        ],
        metadata: { soap: true },
      },
    });
    await idp.control('/control/configure', { spMetadata: await sp.slo.metadata() });
  });
  afterAll(async () => {
    await sp?.close();
    await idp?.stop();
  });

  const soapLogout = (nameID: string, sessionIndexes: string[] = []) =>
    idp.control<Pysaml2Verdict>('/control/soap-logout', { nameID, sessionIndexes });

  function expectAccepted(verdict: Pysaml2Verdict) {
    expect(verdict).toMatchObject({
      issuer: sp.spEntityID,
      status: SamlStatus.Success,
      statusOk: true,
      verified: true,
      signatureVerified: true,
    });
  }

  it("1. logs in with pysaml2's signed Response and records its NameID and SessionIndex", async () => {
    const login = await loginWithPysaml2(idp, sp.baseUrl, 'alice-sso');

    const me = await sp.me(login.cookie);

    expect(me?.user.nameID).toBe('alice-sso');
    expect(me?.samlSlo).toMatchObject({
      issuer: idp.entityID,
      nameID: 'alice-sso',
      nameIDFormat: PERSISTENT,
      nameQualifier: idp.entityID,
      spNameQualifier: sp.spEntityID,
      sessionIndexes: [login.sessionIndex],
    });
  });

  it('2. SOAP logout by SessionIndex: pysaml2 verifies our signed Success; only that session ends', async () => {
    const first = await loginWithPysaml2(idp, sp.baseUrl, 'bob-soap');
    const second = await loginWithPysaml2(idp, sp.baseUrl, 'bob-soap');

    const verdict = await soapLogout('bob-soap', [first.sessionIndex]);

    expect(verdict.httpStatus).toBe(200);
    expectAccepted(verdict);
    expect(verdict.inResponseTo).toBe(verdict.requestId);
    expect(await sp.me(first.cookie)).toBeNull();
    expect((await sp.me(second.cookie))?.user.nameID).toBe('bob-soap');
  });

  it('3. SOAP logout by NameID only ends every session of the user, and only theirs', async () => {
    const first = await loginWithPysaml2(idp, sp.baseUrl, 'carol-soap');
    const second = await loginWithPysaml2(idp, sp.baseUrl, 'carol-soap');
    const other = await loginWithPysaml2(idp, sp.baseUrl, 'dave-soap');

    const verdict = await soapLogout('carol-soap');

    expectAccepted(verdict);
    expect(await sp.me(first.cookie)).toBeNull();
    expect(await sp.me(second.cookie)).toBeNull();
    expect((await sp.me(other.cookie))?.user.nameID).toBe('dave-soap');
  });

  it('4. Redirect logout without cookie: our query-signed answer verifies in pysaml2', async () => {
    const login = await loginWithPysaml2(idp, sp.baseUrl, 'erin-redirect');
    const { requestId, url } = await idp.control<{ requestId: string; url: string }>(
      '/control/redirect-logout',
      { nameID: 'erin-redirect', sessionIndexes: [login.sessionIndex], relayState: 'rs-42' },
    );

    const reply = await fetch(url, { redirect: 'manual' });
    const location = reply.headers.get('location') ?? '';
    expect(reply.status).toBe(302);
    expect(location.startsWith(`${idp.slo.redirect}?`)).toBe(true);
    const atIdp = await idp.get(location);
    const verdict = (await atIdp.json()) as Pysaml2Verdict & Record<string, unknown>;

    expect(atIdp.status).toBe(200);
    expectAccepted(verdict);
    expect(verdict).toMatchObject({
      kind: 'LogoutResponse',
      inResponseTo: requestId,
      wasOutstanding: true,
      relayState: 'rs-42',
      sigAlg: RSA_SHA256,
      tamperedRejected: true,
      destination: idp.slo.redirect,
    });
    expect(await sp.me(login.cookie)).toBeNull();
  });
});
