import { SamlStatus } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import { IDP_SLO, getRedirect, startFrontChannelSp } from './support/front-channel';
import { keys } from '../support/keys';

describe("the answer to a Redirect LogoutRequest: 302 to the IdP's ResponseLocation with a query-signed LogoutResponse", () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
  });
  afterAll(() => sp.close());

  it('goes to ResponseLocation (not Location), signed by the SP key, answering the request, RelayState carried', async () => {
    await sp.login('alice', ['_a1']);
    const relayState = 'https://idp.test/portal?after=logout&lang=fr';
    const { id, url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
      relayState,
    });
    const reply = await getRedirect(url);

    expect(reply.status).toBe(302);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    const location = reply.location!;
    expect(location.startsWith(`${IDP_SLO.redirect.responseLocation}?SAMLResponse=`)).toBe(true);
    expect(location.startsWith(`${IDP_SLO.redirect.location}?`)).toBe(false);

    const response = sp.idp.readRedirectLogoutResponse(location, keys.sp.certificate);
    expect(response).toMatchObject({
      signatureValid: true,
      issuer: sp.spEntityID,
      inResponseTo: id,
      destination: IDP_SLO.redirect.responseLocation,
      relayState,
      status: SamlStatus.Success,
      sigAlg: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    });
    // The Redirect binding signs the query; the XML carries no signature of its own.
    expect(response.xml).not.toContain('Signature');
    expect(sp.idp.readRedirectLogoutResponse(location, keys.other.certificate).signatureValid).toBe(
      false,
    );
  });

  it('without RelayState in the request there is none in the answer', async () => {
    const { url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'nobody',
    });
    const reply = await getRedirect(url);
    expect(reply.location).not.toContain('RelayState=');
    expect(sp.idp.readRedirectLogoutResponse(reply.location!, keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      status: SamlStatus.Success,
    });
  });

  it('with only a Location (no ResponseLocation) the answer goes to the Location', async () => {
    const plain = await startFrontChannelSp({ endpoints: { redirect: IDP_SLO.redirect.location } });
    try {
      const { id, url } = plain.idp.buildRedirectLogoutRequest({
        destination: plain.logoutUrl,
        nameID: 'nobody',
      });
      const reply = await getRedirect(url);
      expect(reply.location?.startsWith(`${IDP_SLO.redirect.location}?SAMLResponse=`)).toBe(true);
      expect(
        plain.idp.readRedirectLogoutResponse(reply.location!, keys.sp.certificate),
      ).toMatchObject({
        signatureValid: true,
        inResponseTo: id,
        destination: IDP_SLO.redirect.location,
      });
    } finally {
      await plain.close();
    }
  });

  it('a ResponseLocation with its own query keeps it; the signature covers only the SAML parameters', async () => {
    const withQuery = 'https://idp.test/slo/return?tenant=acme&lang=fr';
    const tenantSp = await startFrontChannelSp({
      endpoints: { redirect: { location: IDP_SLO.redirect.location, responseLocation: withQuery } },
    });
    try {
      const { id, url } = tenantSp.idp.buildRedirectLogoutRequest({
        destination: tenantSp.logoutUrl,
        nameID: 'nobody',
        relayState: 'r1',
      });
      const reply = await getRedirect(url);
      expect(reply.location?.startsWith(`${withQuery}&SAMLResponse=`)).toBe(true);
      expect(
        tenantSp.idp.readRedirectLogoutResponse(reply.location!, keys.sp.certificate),
      ).toMatchObject({
        signatureValid: true,
        inResponseTo: id,
        destination: withQuery,
        relayState: 'r1',
      });
    } finally {
      await tenantSp.close();
    }
  });
});
