import { readPostForm } from '../../lib/testing';
import { keys } from '../support/keys';
import { requireXmlsec1, xmlsec1Verify } from '../support/xmlsec1';
import { IDP_SLO, answerByPost, startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe('SP-initiated logout by HTTP-POST, answered by the IdP by HTTP-POST', () => {
  let app: SpLogoutApp;
  beforeAll(async () => {
    requireXmlsec1();
    app = await startSpLogoutApp({ endpoints: { post: IDP_SLO.post } });
  });
  afterAll(() => app.close());

  it('an auto-submit form to the IdP carries the signed LogoutRequest; the local session is already gone', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1', '_s2'] });
    const reply = await app.startLogout(cookie);

    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('x-frame-options')).toBe('DENY');
    expect(reply.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const form = readPostForm(reply.body);
    expect(form).toMatchObject({ action: IDP_SLO.post, method: 'post' });
    const request = app.idp.readLogoutRequest({ postFields: form.fields }, keys.sp.certificate);
    expect(request).toMatchObject({
      signatureValid: true,
      issuer: app.spEntityID,
      destination: IDP_SLO.post,
      nameID: 'alice',
      sessionIndexes: ['_s1', '_s2'],
    });
    expect(xmlsec1Verify(request.xml, keys.sp.certificate).ok).toBe(true);
    expect(await app.me(cookie)).toBeNull();
  });

  it("the IdP's signed Success LogoutResponse, posted back, lands the user on /?saml_logout=complete", async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s3'] });
    const form = readPostForm((await app.startLogout(cookie)).body);
    const request = app.idp.readLogoutRequest({ postFields: form.fields }, keys.sp.certificate);

    const landing = await answerByPost(app, request.id);

    expect(landing.status).toBe(302);
    expect(landing.location).toBe('/?saml_logout=complete');
  });
});
