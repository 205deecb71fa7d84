import { SamlStatus } from '../../lib';
import { readPostForm } from '../../lib/testing';
import type { SpHarness } from '../support/sp-app';
import { keys } from '../support/keys';
import { requireXmlsec1, xmlsec1Verify } from '../support/xmlsec1';
import { IDP_SLO, postForm, postedResponse, startFrontChannelSp } from './support/front-channel';

const LOGOUT_RESPONSE = 'urn:oasis:names:tc:SAML:2.0:protocol:LogoutResponse';

describe('the answer to a POST LogoutRequest: an auto-submitting form to the ResponseLocation', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    requireXmlsec1();
    sp = await startFrontChannelSp();
  });
  afterAll(() => sp.close());

  it('carries a LogoutResponse that xmlsec1 verifies with the SP certificate, answering the request', async () => {
    await sp.login('alice', ['_a1']);
    const { id, fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
      relayState: 'r1',
    });
    const response = postedResponse(sp, await postForm(sp, fields));

    expect(response.action).toBe(IDP_SLO.post.responseLocation);
    expect(response).toMatchObject({
      signatureValid: true,
      issuer: sp.spEntityID,
      inResponseTo: id,
      destination: IDP_SLO.post.responseLocation,
      relayState: 'r1',
      status: SamlStatus.Success,
    });
    const verified = xmlsec1Verify(response.xml, keys.sp.certificate, LOGOUT_RESPONSE);
    expect(verified.output).toContain('OK');
    expect(verified.ok).toBe(true);
    expect(xmlsec1Verify(response.xml, keys.other.certificate, LOGOUT_RESPONSE).ok).toBe(false);
  });

  it('is never cached or framed, and runs its script by CSP nonce without unsafe-inline', async () => {
    const { fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'nobody',
    });
    const reply = await postForm(sp, fields);

    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('x-frame-options')).toBe('DENY');
    const csp = reply.headers.get('content-security-policy') ?? '';
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(reply.body).toContain(`<script nonce="${nonce}">`);
    const scripts = reply.body.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toEqual([`<script nonce="${nonce}">`]);
    // The form still works without JavaScript.
    expect(reply.body).toMatch(/<button type="submit">/);
  });

  it('escapes every value: a hostile RelayState and an action with & and " come back intact and inert', async () => {
    const hostile = `"><script>alert(document.cookie)</script><input name="x" value='`;
    const { fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'nobody',
      relayState: hostile,
    });
    const reply = await postForm(sp, fields);

    expect(reply.body).not.toContain('<script>alert');
    expect(reply.body).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt;');
    expect(reply.body).toContain(
      'action="https://idp.test/slo/post/return?from=sp&amp;x=&quot;1&quot;"',
    );
    const form = readPostForm(reply.body);
    expect(form.fields.RelayState).toBe(hostile);
    expect(Object.keys(form.fields).sort()).toEqual(['RelayState', 'SAMLResponse']);
    expect(form.action).toBe(IDP_SLO.post.responseLocation);
  });
});
