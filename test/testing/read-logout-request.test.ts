import { createTestIdp, readPostForm, type TestIdp } from '../../lib/testing';
import { readKey } from './support/keys';
import {
  spPostRequestPage,
  spRedirectRequestUrl,
  spRedirectResponseUrl,
  spRequest,
  spSoapRequestEnvelope,
} from './support/sp-messages';

/** What every readout of the SP's request must say. */
const expectedFields = {
  id: spRequest.id,
  issuer: spRequest.issuer,
  destination: spRequest.destination,
  nameID: spRequest.nameID,
  nameIDFormat: spRequest.nameIDFormat,
  nameQualifier: spRequest.nameQualifier,
  spNameQualifier: spRequest.spNameQualifier,
  sessionIndexes: [...spRequest.sessionIndexes],
};

describe("readLogoutRequest: reads an SP's LogoutRequest by each binding (saml-slo's own encoders produce them)", () => {
  let idp: TestIdp;
  const spCert = readKey('sp', 'cert');
  const otherCert = readKey('other', 'cert');
  beforeAll(async () => {
    idp = await createTestIdp({
      privateKey: readKey('idp', 'key'),
      certificate: readKey('idp', 'cert'),
    });
  });

  it('Redirect: fields, RelayState, and the query signature verifies with the SP certificate', async () => {
    const redirectUrl = await spRedirectRequestUrl('r&1');
    expect(idp.readLogoutRequest({ redirectUrl }, spCert)).toMatchObject({
      signatureValid: true,
      ...expectedFields,
      relayState: 'r&1',
    });
    expect(idp.readLogoutRequest({ redirectUrl }, otherCert).signatureValid).toBe(false);
  });

  it('Redirect: signed by another key, or with a changed SessionIndex, the signature is not valid', async () => {
    const byOther = await spRedirectRequestUrl(undefined, 'other');
    expect(idp.readLogoutRequest({ redirectUrl: byOther }, spCert).signatureValid).toBe(false);
    const genuine = await spRedirectRequestUrl('r1');
    const tampered = genuine.replace('RelayState=r1', 'RelayState=r2');
    expect(idp.readLogoutRequest({ redirectUrl: tampered }, spCert)).toMatchObject({
      signatureValid: false,
      relayState: 'r2',
    });
  });

  it('POST: from the fields of the auto-submit page, enveloped signature checked', async () => {
    const form = readPostForm(await spPostRequestPage('r"1'));
    expect(idp.readLogoutRequest({ postFields: form.fields }, spCert)).toMatchObject({
      signatureValid: true,
      ...expectedFields,
      relayState: 'r"1',
    });
    expect(idp.readLogoutRequest({ postFields: form.fields }, otherCert).signatureValid).toBe(
      false,
    );
  });

  it('POST: a changed NameID breaks the enveloped signature', async () => {
    const { fields } = readPostForm(await spPostRequestPage());
    const xml = Buffer.from(fields.SAMLRequest!, 'base64')
      .toString('utf8')
      .replace('alice@example.com', 'bob@example.com');
    const tampered = { SAMLRequest: Buffer.from(xml).toString('base64') };
    expect(idp.readLogoutRequest({ postFields: tampered }, spCert)).toMatchObject({
      signatureValid: false,
      nameID: 'bob@example.com',
    });
  });

  it('SOAP: from the envelope, enveloped signature checked', async () => {
    const soapEnvelope = await spSoapRequestEnvelope();
    const readout = idp.readLogoutRequest({ soapEnvelope }, spCert);
    expect(readout).toMatchObject({ signatureValid: true, ...expectedFields });
    expect(readout.relayState).toBeUndefined();
    expect(readout.notOnOrAfter).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('a URL carrying a SAMLResponse is refused', async () => {
    const redirectUrl = await spRedirectResponseUrl();
    expect(() => idp.readLogoutRequest({ redirectUrl }, spCert)).toThrow(/SAMLResponse/);
  });
});

describe("readRedirectLogoutResponse: reads an SP's LogoutResponse sent by Redirect", () => {
  it('fields, RelayState, and a query signature valid with the SP certificate only', async () => {
    const idp = await createTestIdp({
      privateKey: readKey('idp', 'key'),
      certificate: readKey('idp', 'cert'),
    });
    const url = await spRedirectResponseUrl('back');
    expect(idp.readRedirectLogoutResponse(url, readKey('sp', 'cert'))).toMatchObject({
      signatureValid: true,
      issuer: spRequest.issuer,
      inResponseTo: '_idp-request-1',
      destination: 'https://idp.test/slo/return',
      status: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      relayState: 'back',
      sigAlg: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    });
    expect(idp.readRedirectLogoutResponse(url, readKey('other', 'cert')).signatureValid).toBe(
      false,
    );
  });
});
