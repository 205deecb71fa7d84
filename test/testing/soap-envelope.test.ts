import { DOMParser } from '@xmldom/xmldom';
import { createTestIdp, soapContentType, soapEnvelope } from '../../lib/testing';

describe('soapEnvelope', () => {
  it.each([
    ['1.1', 'http://schemas.xmlsoap.org/soap/envelope/'],
    ['1.2', 'http://www.w3.org/2003/05/soap-envelope'],
  ] as const)('SOAP %s uses namespace %s and keeps the body verbatim', (version, ns) => {
    const body = '<x:Msg xmlns:x="urn:x">hi</x:Msg>';
    const envelope = soapEnvelope(body, version);
    const root = new DOMParser().parseFromString(envelope, 'text/xml').documentElement;
    expect([root.namespaceURI, root.localName]).toEqual([ns, 'Envelope']);
    const bodyEl = root.getElementsByTagNameNS(ns, 'Body')[0];
    expect(bodyEl?.getElementsByTagNameNS('urn:x', 'Msg')[0]?.textContent).toBe('hi');
    expect(envelope).toContain(body);
  });

  it('defaults to SOAP 1.1 and refuses a body with an XML declaration', () => {
    expect(soapEnvelope('<a/>')).toContain('http://schemas.xmlsoap.org/soap/envelope/');
    expect(() => soapEnvelope('<?xml version="1.0"?><a/>')).toThrow(/declaration/);
  });

  it('buildSoapLogoutRequest returns request, envelope and content type per version', async () => {
    const idp = await createTestIdp();
    const v11 = idp.buildSoapLogoutRequest({ nameID: 'alice' });
    expect(v11.envelope).toBe(soapEnvelope(v11.xml, '1.1'));
    expect(v11.contentType).toBe('text/xml; charset=utf-8');
    const v12 = idp.buildSoapLogoutRequest({ nameID: 'alice', soapVersion: '1.2' });
    expect(v12.envelope).toBe(soapEnvelope(v12.xml, '1.2'));
    expect(v12.contentType).toBe('application/soap+xml; charset=utf-8');
    expect(soapContentType('1.2')).toBe(v12.contentType);
  });
});
