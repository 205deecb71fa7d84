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

  it('answering another request of ours (another user’s logout) → failed (SLO_MESSAGE_INVALID)', async () => {
    let first: string | undefined;
    const idp = await startSoapIdp(await fixtureIdp(), (request) => {
      first ??= request.id;
      return { inResponseTo: first };
    });
    const app = await startSpLogoutApp({ endpoints: { soap: idp.url } });
    started.push({ idp, app });
    const alice = await app.login({ nameID: 'alice', sessionIndexes: ['_a1'] });
    const bob = await app.login({ nameID: 'bob', sessionIndexes: ['_b1'] });

    expect((await app.startLogout(alice)).location).toBe('/?saml_logout=complete');
    // The IdP's signed answer names alice's request, a request this SP did send, to this IdP.
    const landing = await app.startLogout(bob);
    expect(idp.requests.map((r) => r.id)).toEqual([first, expect.any(String)]);
    expect(idp.requests[1]!.id).not.toBe(first);
    expect(landing.location).toBe('/?saml_logout=failed');
    const failures = app.logs.filter((l) => l.fields.event === 'saml_slo.sp_logout_soap_failed');
    expect(failures.map((l) => l.fields.code)).toEqual([SloErrorCode.MessageInvalid]);
  });
});
