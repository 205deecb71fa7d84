import { SloErrorCode } from '../../lib';
import { keys } from '../support/keys';
import { startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe("a LogoutResponse that is not the IdP's signed answer lands on failed", () => {
  let app: SpLogoutApp;
  beforeAll(async () => {
    app = await startSpLogoutApp();
  });
  afterAll(() => app.close());

  async function ourRequestId(): Promise<string> {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
    const started = await app.startLogout(cookie);
    return app.idp.readLogoutRequest({ redirectUrl: started.location! }, keys.sp.certificate).id;
  }

  const codeOfLastRefusal = () =>
    app.logs.filter((l) => l.fields.event === 'saml_slo.sp_logout_response_refused').at(-1)?.fields
      .code;

  it('unsigned Redirect LogoutResponse → failed (SLO_SIGNATURE_MISSING)', async () => {
    const { xml } = app.idp.buildLogoutResponse({
      inResponseTo: await ourRequestId(),
      destination: app.logoutUrl,
      sign: false,
    });
    const url = app.idp.redirectLogoutResponseUrl(app.localLogoutUrl, xml, undefined, {
      sign: false,
    });
    expect((await app.get(url)).location).toBe('/?saml_logout=failed');
    expect(codeOfLastRefusal()).toBe(SloErrorCode.SignatureMissing);
  });

  it('POST LogoutResponse signed by another key → failed (SLO_SIGNATURE_INVALID)', async () => {
    const { xml } = app.idp.buildLogoutResponse({
      inResponseTo: await ourRequestId(),
      destination: app.logoutUrl,
      signWith: keys.other,
    });
    const landing = await app.postToLogout(app.idp.postLogoutResponseFields(xml));
    expect(landing.location).toBe('/?saml_logout=failed');
    expect(codeOfLastRefusal()).toBe(SloErrorCode.SignatureInvalid);
  });
});
