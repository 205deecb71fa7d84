import { DOMParser } from '@xmldom/xmldom';
import { SloErrorCode } from '../../../../lib/errors';
import { readSimpleText } from '../../../../lib/protocol/xml/dom';
import { parseUntrustedXml } from '../../../../lib/protocol/xml/parse-xml';
import { caughtSloErrorSync } from '../../support/slo-error';

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';

function nameIdElement(content: string): Element {
  return parseUntrustedXml(`<saml:NameID xmlns:saml="${SAML}">${content}</saml:NameID>`)
    .documentElement;
}

describe('readSimpleText', () => {
  describe('reads the whole text', () => {
    it('of a single text node', () => {
      expect(readSimpleText(nameIdElement('alice@example.com'))).toBe('alice@example.com');
    });

    it('of an empty element as the empty string', () => {
      expect(readSimpleText(nameIdElement(''))).toBe('');
    });

    it('with entity references decoded', () => {
      expect(readSimpleText(nameIdElement('a&amp;b&lt;c&#x41;'))).toBe('a&b<cA');
    });

    it('concatenating text and CDATA sections in document order', () => {
      expect(readSimpleText(nameIdElement('alice<![CDATA[@exa]]>mple<![CDATA[.com]]>'))).toBe(
        'alice@example.com',
      );
    });

    it('keeping markup characters inside CDATA as text', () => {
      expect(readSimpleText(nameIdElement('<![CDATA[<b>&amp;</b>]]>'))).toBe('<b>&amp;</b>');
    });

    it('keeping surrounding whitespace (callers decide whether to trim)', () => {
      expect(readSimpleText(nameIdElement('  alice \n'))).toBe('  alice \n');
    });
  });

  describe('refuses anything but text (SLO_MESSAGE_INVALID)', () => {
    it('a comment that splits the value (CVE-2017-11427 class)', () => {
      const err = caughtSloErrorSync(() =>
        readSimpleText(nameIdElement('alice@example.com<!---->.evil.com')),
      );
      expect(err.code).toBe(SloErrorCode.MessageInvalid);
      expect(err.message).toContain('NameID');
    });

    it('a comment alone', () => {
      expect(caughtSloErrorSync(() => readSimpleText(nameIdElement('<!-- x -->'))).code).toBe(
        SloErrorCode.MessageInvalid,
      );
    });

    it('a child element', () => {
      expect(caughtSloErrorSync(() => readSimpleText(nameIdElement('alice<b>x</b>'))).code).toBe(
        SloErrorCode.MessageInvalid,
      );
    });

    it('an empty child element', () => {
      expect(caughtSloErrorSync(() => readSimpleText(nameIdElement('<b/>'))).code).toBe(
        SloErrorCode.MessageInvalid,
      );
    });

    it('a processing instruction (from a DOM not made by parseUntrustedXml)', () => {
      const doc = new DOMParser().parseFromString('<n>alice<?pi x?>bob</n>', 'text/xml');
      const element = doc.documentElement as unknown as Element;
      expect(caughtSloErrorSync(() => readSimpleText(element)).code).toBe(
        SloErrorCode.MessageInvalid,
      );
    });
  });
});
