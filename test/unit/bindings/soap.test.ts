import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { XMLSerializer } from '@xmldom/xmldom';
import {
  buildSoapFault,
  soapContentType,
  unwrapSoapEnvelope,
  wrapInSoapEnvelope,
  type SoapVersion,
} from '../../../lib/bindings/soap';
import { SamlStatus, SloErrorCode } from '../../../lib/errors';
import { buildLogoutResponse } from '../../../lib/protocol/logout-response/build-logout-response';
import { verifyEnvelopedSignature } from '../../../lib/protocol/xml-signature/verify-enveloped-signature';
import { childElements, isElement } from '../../../lib/protocol/xml/dom';
import { NS } from '../../../lib/protocol/xml/namespaces';
import { parseUntrustedXml } from '../../../lib/protocol/xml/parse-xml';
import { soapEnvelope } from '../../../lib/testing';
import { keys } from '../../support/keys';
import { xmlsec1Verify } from '../../support/xmlsec1';
import { codeOf } from '../support/slo-error';

const SOAP_NS: Record<SoapVersion, string> = { '1.1': NS.soap11, '1.2': NS.soap12 };
const MESSAGE = `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}" ID="_r1" Version="2.0"/>`;

function envelope(version: SoapVersion, inner: string, envelopeAttributes = ''): string {
  return `<s:Envelope xmlns:s="${SOAP_NS[version]}"${envelopeAttributes}>${inner}</s:Envelope>`;
}

function unwrap(xml: string) {
  return unwrapSoapEnvelope(parseUntrustedXml(xml));
}

describe('SOAP binding', () => {
  describe('unwrapSoapEnvelope', () => {
    it.each(['1.1', '1.2'] as const)('unwraps a SOAP %s envelope to its one message', (version) => {
      const { version: found, message } = unwrap(soapEnvelope(MESSAGE, version));
      expect(found).toBe(version);
      expect(isElement(message, NS.samlp, 'LogoutRequest')).toBe(true);
      expect(message.getAttribute('ID')).toBe('_r1');
    });

    it.each(['1.1', '1.2'] as const)('accepts any prefix for the SOAP %s namespace', (version) => {
      const xml = `<env:Envelope xmlns:env="${SOAP_NS[version]}"><env:Body>${MESSAGE}</env:Body></env:Envelope>`;
      expect(unwrap(xml).version).toBe(version);
    });

    it('ignores whitespace and comments between the parts', () => {
      const xml = envelope('1.1', `\n  <!-- c --><s:Body>\n  ${MESSAGE}\n  <!-- c --></s:Body>\n`);
      expect(unwrap(xml).message.localName).toBe('LogoutRequest');
    });

    describe('Header', () => {
      it.each(['1.1', '1.2'] as const)(
        'a SOAP %s Header whose blocks do not demand understanding is fine',
        (version) => {
          const xml = envelope(
            version,
            `<s:Header><h:Trace xmlns:h="urn:x">1</h:Trace>` +
              `<h:Other xmlns:h="urn:x" s:mustUnderstand="${version === '1.1' ? '0' : 'false'}"/></s:Header>` +
              `<s:Body>${MESSAGE}</s:Body>`,
          );
          expect(unwrap(xml).message.localName).toBe('LogoutRequest');
        },
      );

      it('an empty Header is fine', () => {
        expect(unwrap(envelope('1.1', `<s:Header/><s:Body>${MESSAGE}</s:Body>`)).version).toBe(
          '1.1',
        );
      });

      it.each([
        ['1.1', '1'],
        ['1.1', 'true'],
        ['1.2', 'true'],
        ['1.2', '1'],
      ] as const)(
        'a SOAP %s header block with mustUnderstand="%s" is SLO_SOAP_MUST_UNDERSTAND',
        (version, value) => {
          const xml = envelope(
            version,
            `<s:Header><h:Security xmlns:h="urn:x" s:mustUnderstand="${value}"/></s:Header>` +
              `<s:Body>${MESSAGE}</s:Body>`,
          );
          expect(codeOf(() => unwrap(xml))).toBe(SloErrorCode.SoapMustUnderstand);
        },
      );

      it('a mustUnderstand attribute outside the SOAP namespace demands nothing', () => {
        const xml = envelope(
          '1.1',
          `<s:Header><h:Trace xmlns:h="urn:x" mustUnderstand="1"/></s:Header><s:Body>${MESSAGE}</s:Body>`,
        );
        expect(unwrap(xml).message.localName).toBe('LogoutRequest');
      });
    });

    describe('refuses malformed envelopes (SLO_SOAP_MALFORMED)', () => {
      it.each([
        ['a Body with no element child', envelope('1.1', '<s:Body></s:Body>')],
        ['a Body holding only text', envelope('1.1', '<s:Body>hello</s:Body>')],
        [
          'a Body with two element children',
          envelope('1.1', `<s:Body>${MESSAGE}${MESSAGE}</s:Body>`),
        ],
        ['two Bodies', envelope('1.1', `<s:Body>${MESSAGE}</s:Body><s:Body>${MESSAGE}</s:Body>`)],
        ['no Body', envelope('1.1', '')],
        ['only a Header', envelope('1.1', '<s:Header/>')],
        ['a Header after the Body', envelope('1.1', `<s:Body>${MESSAGE}</s:Body><s:Header/>`)],
        ['two Headers', envelope('1.1', `<s:Header/><s:Header/><s:Body>${MESSAGE}</s:Body>`)],
        ['an element after the Body', envelope('1.1', `<s:Body>${MESSAGE}</s:Body><s:Extra/>`)],
        [
          'a SOAP 1.2 Body inside a SOAP 1.1 Envelope',
          `<a:Envelope xmlns:a="${NS.soap11}" xmlns:b="${NS.soap12}"><b:Body>${MESSAGE}</b:Body></a:Envelope>`,
        ],
        ['a root that is not an Envelope', MESSAGE],
        ['an Envelope in no namespace', `<Envelope><Body>${MESSAGE}</Body></Envelope>`],
        [
          'an Envelope in another namespace',
          `<s:Envelope xmlns:s="urn:not-soap"><s:Body>${MESSAGE}</s:Body></s:Envelope>`,
        ],
      ])('%s', (_name, xml) => {
        expect(codeOf(() => unwrap(xml))).toBe(SloErrorCode.SoapMalformed);
      });
    });
  });

  describe('buildSoapFault', () => {
    function fault(
      version: SoapVersion,
      kind: 'client' | 'server' | 'mustUnderstand',
      reason: string,
    ) {
      const doc = parseUntrustedXml(buildSoapFault(version, kind, reason));
      const root = doc.documentElement;
      expect(isElement(root, SOAP_NS[version], 'Envelope')).toBe(true);
      const [body, ...more] = childElements(root);
      expect(more).toEqual([]);
      expect(isElement(body, SOAP_NS[version], 'Body')).toBe(true);
      const [faultElement, ...others] = childElements(body!);
      expect(others).toEqual([]);
      expect(isElement(faultElement, SOAP_NS[version], 'Fault')).toBe(true);
      return faultElement!;
    }

    it.each([
      ['client', 'soap:Client'],
      ['server', 'soap:Server'],
      ['mustUnderstand', 'soap:MustUnderstand'],
    ] as const)('SOAP 1.1 %s fault: faultcode %s and faultstring', (kind, code) => {
      const element = fault('1.1', kind, 'Malformed SOAP envelope');
      const parts = childElements(element);
      expect(parts.map((p) => [p.namespaceURI ?? null, p.localName])).toEqual([
        [null, 'faultcode'],
        [null, 'faultstring'],
      ]);
      expect(parts[0]!.textContent).toBe(code);
      expect(parts[1]!.textContent).toBe('Malformed SOAP envelope');
      // The faultcode's prefix resolves to the SOAP 1.1 namespace.
      expect(element.lookupNamespaceURI('soap')).toBe(NS.soap11);
    });

    it.each([
      ['client', 'soap:Sender'],
      ['server', 'soap:Receiver'],
      ['mustUnderstand', 'soap:MustUnderstand'],
    ] as const)('SOAP 1.2 %s fault: Code/Value %s and Reason/Text', (kind, code) => {
      const element = fault('1.2', kind, 'Malformed SOAP envelope');
      const [codeElement, reason, ...rest] = childElements(element);
      expect(rest).toEqual([]);
      expect(isElement(codeElement, NS.soap12, 'Code')).toBe(true);
      expect(isElement(reason, NS.soap12, 'Reason')).toBe(true);
      const [value] = childElements(codeElement!);
      expect(isElement(value, NS.soap12, 'Value')).toBe(true);
      expect(value!.textContent).toBe(code);
      const [text] = childElements(reason!);
      expect(isElement(text, NS.soap12, 'Text')).toBe(true);
      expect(text!.getAttribute('xml:lang')).toBe('en');
      expect(text!.textContent).toBe('Malformed SOAP envelope');
      expect(element.lookupNamespaceURI('soap')).toBe(NS.soap12);
    });

    it.each(['1.1', '1.2'] as const)('SOAP %s escapes the reason', (version) => {
      const reason = `<b>"Tom" & 'Jerry'</b>]]>`;
      const xml = buildSoapFault(version, 'client', reason);
      expect(xml).not.toContain('<b>');
      expect(xml).not.toContain(']]>');
      expect(fault(version, 'client', reason).textContent).toContain(reason);
    });

    it.each(['1.1', '1.2'] as const)('SOAP %s fault is itself a valid envelope', (version) => {
      const { version: found, message } = unwrap(buildSoapFault(version, 'server', 'x'));
      expect(found).toBe(version);
      expect(message.localName).toBe('Fault');
    });
  });

  describe('wrapInSoapEnvelope', () => {
    it.each(['1.1', '1.2'] as const)('round-trips a message through SOAP %s', (version) => {
      const wrapped = wrapInSoapEnvelope(MESSAGE, version);
      const { version: found, message } = unwrap(wrapped);
      expect(found).toBe(version);
      expect(new XMLSerializer().serializeToString(message)).toBe(MESSAGE);
    });

    it.each(['1.1', '1.2'] as const)(
      'keeps a signed LogoutResponse verifiable in SOAP %s (by us and by xmlsec1)',
      async (version) => {
        const { xml } = await buildLogoutResponse(
          {
            issuer: 'https://sp.test/metadata',
            inResponseTo: '_req',
            status: SamlStatus.Success,
            now: new Date(),
          },
          {
            privateKey: createPrivateKey(keys.sp.privateKey),
            certificateBase64: new X509Certificate(keys.sp.certificate).raw.toString('base64'),
            algorithm: 'rsa-sha256',
          },
        );
        const wrapped = wrapInSoapEnvelope(xml, version);
        const { message } = unwrap(wrapped);
        expect(() =>
          verifyEnvelopedSignature(message, [createPublicKey(keys.sp.certificate)], {
            allowSha1: false,
          }),
        ).not.toThrow();
        expect(xmlsec1Verify(wrapped, keys.sp.certificate, `${NS.samlp}:LogoutResponse`).ok).toBe(
          true,
        );
      },
    );
  });

  it('soapContentType names the media type of each version', () => {
    expect(soapContentType('1.1')).toBe('text/xml; charset=utf-8');
    expect(soapContentType('1.2')).toBe('application/soap+xml; charset=utf-8');
  });
});
