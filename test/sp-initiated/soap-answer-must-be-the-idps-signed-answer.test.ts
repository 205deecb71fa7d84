import { SloErrorCode } from '../../lib';
import { keys } from '../support/keys';
import { startSoapIdp, type SoapIdp } from './support/soap-idp';
import { fixtureIdp, startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe("SP-initiated logout by SOAP: an answer that is not the IdP's signed answer to our request lands on failed", () => {
  const started: { idp: SoapIdp; app: SpLogoutApp }[] = [];
  afterAll(async () => {
    for (const { app, idp } of started) {
      await app.close();
      await idp.close();
    }
  });

  async function logoutAgainst(answer: Parameters<typeof startSoapIdp>[1]) {
    const idp = await startSoapIdp(await fixtureIdp(), answer);
    const app = await startSpLogoutApp({ endpoints: { soap: idp.url } });
    started.push({ idp, app });
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
    const landing = await app.startLogout(cookie);
    const failure = app.logs.find((l) => l.fields.event === 'saml_slo.sp_logout_soap_failed');
    return { landing, failure, idp, app, cookie };
  }

  it('signed with a key that is not the IdP’s → failed (SLO_SIGNATURE_INVALID)', async () => {
    const { landing, failure, idp, app, cookie } = await logoutAgainst(() => ({
      signWith: keys.other,
    }));
    expect(idp.requests).toHaveLength(1);
    expect(landing.location).toBe('/?saml_logout=failed');
    expect(failure?.fields.code).toBe(SloErrorCode.SignatureInvalid);
    expect(await app.me(cookie)).toBeNull();
  });

  it('unsigned → failed (SLO_SIGNATURE_MISSING)', async () => {
    const { landing, failure } = await logoutAgainst(() => ({ sign: false }));
    expect(landing.location).toBe('/?saml_logout=failed');
    expect(failure?.fields.code).toBe(SloErrorCode.SignatureMissing);
  });

  it('answering another request (InResponseTo not ours) → failed (SLO_MESSAGE_INVALID)', async () => {
    const { landing, failure } = await logoutAgainst(() => ({ inResponseTo: '_not-our-request' }));
    expect(landing.location).toBe('/?saml_logout=failed');
    expect(failure?.fields.code).toBe(SloErrorCode.MessageInvalid);
  });
});
