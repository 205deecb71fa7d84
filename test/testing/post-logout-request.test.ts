import { createTestIdp, formBody, type TestIdp } from '../../lib/testing';
import { requireXmlsec1, xmlsec1Verify } from '../support/xmlsec1';
import { readKey } from './support/keys';

const SLO = 'https://sp.test/saml/logout';

describe('buildPostLogoutRequest: an enveloped-signed LogoutRequest and its form fields', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    requireXmlsec1();
    idp = await createTestIdp({
      privateKey: readKey('idp', 'key'),
      certificate: readKey('idp', 'cert'),
    });
  });

  it('SAMLRequest is the base64 of the signed XML, which xmlsec1 verifies with the IdP certificate', () => {
    const { id, xml, fields } = idp.buildPostLogoutRequest({
      destination: SLO,
      nameID: 'alice',
      sessionIndexes: ['_s1', '_s2'],
      relayState: 'r&1',
    });
    expect(Buffer.from(fields.SAMLRequest, 'base64').toString('utf8')).toBe(xml);
    expect(fields.RelayState).toBe('r&1');
    expect(xml).toContain(`ID="${id}"`);
    const result = xmlsec1Verify(xml, idp.certificate);
    expect(result.output).toContain('OK');
    expect(result.ok).toBe(true);
  });

  it('without relayState there is no RelayState field; sign:false leaves the XML unsigned', () => {
    const { xml, fields } = idp.buildPostLogoutRequest({
      destination: SLO,
      nameID: 'alice',
      sign: false,
    });
    expect(Object.keys(fields)).toEqual(['SAMLRequest']);
    expect(xml).not.toContain('Signature');
  });

  it('formBody makes the urlencoded body of the fields, leaving out undefined ones', () => {
    const { fields } = idp.buildPostLogoutRequest({
      destination: SLO,
      nameID: 'alice',
      relayState: 'a b+c',
    });
    const body = new URLSearchParams(formBody(fields));
    expect(body.get('SAMLRequest')).toBe(fields.SAMLRequest);
    expect(body.get('RelayState')).toBe('a b+c');
    expect(formBody({ SAMLRequest: 'x', RelayState: undefined })).toBe('SAMLRequest=x');
  });
});
