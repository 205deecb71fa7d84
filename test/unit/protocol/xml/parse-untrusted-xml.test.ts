import { SloErrorCode } from '../../../../lib/errors';
import {
  DEFAULT_XML_LIMITS,
  parseUntrustedXml,
  type XmlLimits,
} from '../../../../lib/protocol/xml/parse-xml';
import { codeOf } from '../../support/slo-error';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const roomy: XmlLimits = { maxChars: 1_000_000, maxDepth: 1_000, maxNodes: 1_000_000 };

/** `depth` elements nested in each other: `<e><e>…</e></e>`. */
function nested(depth: number): string {
  return '<e>'.repeat(depth) + '</e>'.repeat(depth);
}

describe('parseUntrustedXml', () => {
  describe('accepts well-formed XML', () => {
    it('returns a DOM whose root is the message', () => {
      const doc = parseUntrustedXml(
        `<samlp:LogoutRequest xmlns:samlp="${SAMLP}" ID="_a"><x>text</x></samlp:LogoutRequest>`,
      );
      expect(doc.documentElement.localName).toBe('LogoutRequest');
      expect(doc.documentElement.namespaceURI).toBe(SAMLP);
      expect(doc.documentElement.getAttribute('ID')).toBe('_a');
    });

    it('allows the XML declaration', () => {
      const doc = parseUntrustedXml('<?xml version="1.0" encoding="UTF-8"?><a/>');
      expect(doc.documentElement.localName).toBe('a');
    });

    it('allows tab, CR and LF around attributes, and names of 256 characters', () => {
      const name = 'n'.repeat(256);
      const doc = parseUntrustedXml(`<${name}\t${name}\r\n=\n"1"\r/>`);
      expect(doc.documentElement.localName).toBe(name);
      expect(doc.documentElement.getAttribute(name)).toBe('1');
    });

    it('allows comments and CDATA sections', () => {
      const doc = parseUntrustedXml('<a><!-- note --><b><![CDATA[x<y]]></b></a>');
      expect(doc.documentElement.localName).toBe('a');
    });
  });

  describe('refuses DTDs and entity declarations (SLO_XML_FORBIDDEN_CONSTRUCT)', () => {
    it.each([
      ['a DOCTYPE', '<!DOCTYPE a><a/>'],
      ['a lower-case doctype', '<!doctype a><a/>'],
      ['a mixed-case DocType', '<!DocType a><a/>'],
      ['a DOCTYPE after the XML declaration', '<?xml version="1.0"?><!DOCTYPE a><a/>'],
      [
        'an internal subset with an ENTITY (billion laughs)',
        '<!DOCTYPE a [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>',
      ],
      [
        'an external entity (XXE)',
        '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
      ],
      ['a lower-case entity declaration', '<!doctype a [<!entity x "y">]><a/>'],
      ['an ENTITY without DOCTYPE', '<a><!ENTITY x "y"></a>'],
      ['an ELEMENT declaration', '<!ELEMENT a ANY><a/>'],
      ['an ATTLIST declaration', '<!ATTLIST a b CDATA #IMPLIED><a/>'],
    ])('%s', (_name, xml) => {
      expect(codeOf(() => parseUntrustedXml(xml))).toBe(SloErrorCode.XmlForbiddenConstruct);
    });
  });

  describe('refuses processing instructions other than the XML declaration (SLO_XML_FORBIDDEN_CONSTRUCT)', () => {
    it.each([
      ['a stylesheet PI before the root', '<?xml-stylesheet href="x.xsl"?><a/>'],
      ['a PI after the XML declaration', '<?xml version="1.0"?><?foo bar?><a/>'],
      ['a PI inside the root', '<a><?foo bar?></a>'],
      ['a PI deep inside', '<a><b><c><?php echo 1; ?></c></b></a>'],
      ['a PI after the root', '<a/><?foo bar?>'],
      // Only the first thing in the document is an XML declaration; elsewhere `<?xml …?>`
      // is a PI with a reserved target.
      ['a second XML declaration', '<?xml version="1.0"?><?xml version="1.0"?><a/>'],
      ['an XML declaration after the root', '<a/><?xml version="1.0"?>'],
    ])('%s', (_name, xml) => {
      expect(codeOf(() => parseUntrustedXml(xml))).toBe(SloErrorCode.XmlForbiddenConstruct);
    });
  });

  describe('refuses XML that is not well-formed (SLO_XML_MALFORMED)', () => {
    it.each([
      ['an empty string', ''],
      ['only whitespace', '   \n '],
      ['"junk" (text, no root element)', 'junk'],
      ['mismatched end tag', '<a><b></a>'],
      ['unclosed root', '<a><b/>'],
      ['unquoted attribute', '<a b=c/>'],
      ['a duplicate attribute', '<a b="1" b="2"/>'],
      ['an undeclared entity reference', '<a>&nope;</a>'],
      ['two root elements', '<a/><b/>'],
    ])('%s', (_name, xml) => {
      expect(codeOf(() => parseUntrustedXml(xml))).toBe(SloErrorCode.XmlMalformed);
    });

    // XML 1.0 §2.1/§2.4/§2.8: shapes @xmldom/xmldom 0.8 tolerates without an error callback.
    it.each([
      ['text after the root element', '<a/>junk'],
      ['text before the root element', 'junk<a/>'],
      ['"<" inside an attribute value', '<a b="<"/>'],
    ])('%s', (_name, xml) => {
      expect(codeOf(() => parseUntrustedXml(xml))).toBe(SloErrorCode.XmlMalformed);
    });

    // XML 1.0 §2.3 (S): only space, tab, CR and LF separate a name from its attributes.
    it.each([
      ['a no-break space before an attribute', '<a\u00a0b="1"/>'],
      ['a line separator (U+2028) around "="', '<a b\u2028="1"/>'],
      ['an ideographic space after "="', '<a b=\u3000"1"/>'],
    ])('%s', (_name, xml) => {
      expect(codeOf(() => parseUntrustedXml(xml))).toBe(SloErrorCode.XmlMalformed);
    });

    it('a name longer than 256 characters (element or attribute)', () => {
      const long = 'n'.repeat(257);
      expect(codeOf(() => parseUntrustedXml(`<${long}/>`))).toBe(SloErrorCode.XmlMalformed);
      expect(codeOf(() => parseUntrustedXml(`<a ${long}="1"/>`))).toBe(SloErrorCode.XmlMalformed);
    });

    // Namespaces in XML 1.0 §5: a prefix must be declared. xmldom accepts `<x:a/>` silently
    // and leaves namespaceURI empty, so the document is not namespace-well-formed.
    it.each([
      ['an element with an undeclared prefix', '<x:a/>'],
      ['a child element with an undeclared prefix', '<a><saml:NameID>alice</saml:NameID></a>'],
      ['an attribute with an undeclared prefix', '<a x:b="1"/>'],
    ])('%s', (_name, xml) => {
      expect(codeOf(() => parseUntrustedXml(xml))).toBe(SloErrorCode.XmlMalformed);
    });
  });

  describe('enforces structural limits (SLO_XML_MALFORMED)', () => {
    it('has sensible defaults', () => {
      expect(DEFAULT_XML_LIMITS).toEqual({ maxChars: 256 * 1024, maxDepth: 32, maxNodes: 4000 });
    });

    describe('maxChars', () => {
      const limits: XmlLimits = { ...roomy, maxChars: 100 };
      const ofLength = (n: number) => `<a>${'x'.repeat(n - 7)}</a>`;

      it('accepts a document of exactly maxChars characters', () => {
        expect(ofLength(100)).toHaveLength(100);
        expect(parseUntrustedXml(ofLength(100), limits).documentElement.localName).toBe('a');
      });

      it('refuses a document of maxChars + 1 characters', () => {
        expect(ofLength(101)).toHaveLength(101);
        expect(codeOf(() => parseUntrustedXml(ofLength(101), limits))).toBe(
          SloErrorCode.XmlMalformed,
        );
      });

      it('applies the default limit', () => {
        const big = `<a>${'x'.repeat(DEFAULT_XML_LIMITS.maxChars)}</a>`;
        expect(codeOf(() => parseUntrustedXml(big))).toBe(SloErrorCode.XmlMalformed);
      });
    });

    describe('maxDepth', () => {
      const limits: XmlLimits = { ...roomy, maxDepth: 10 };

      it('accepts elements nested exactly maxDepth deep', () => {
        expect(() => parseUntrustedXml(nested(10), limits)).not.toThrow();
      });

      it('refuses elements nested maxDepth + 1 deep', () => {
        expect(codeOf(() => parseUntrustedXml(nested(11), limits))).toBe(SloErrorCode.XmlMalformed);
      });

      it('applies the default limit (32)', () => {
        expect(() => parseUntrustedXml(nested(32))).not.toThrow();
        expect(codeOf(() => parseUntrustedXml(nested(33)))).toBe(SloErrorCode.XmlMalformed);
      });

      it('does not count text as a level', () => {
        const xml = '<e>'.repeat(10) + 'text' + '</e>'.repeat(10);
        expect(() => parseUntrustedXml(xml, limits)).not.toThrow();
      });
    });

    describe('maxNodes', () => {
      const limits: XmlLimits = { ...roomy, maxNodes: 10 };
      // A root with n - 1 empty children: n element nodes.
      const elements = (n: number) => `<r>${'<c/>'.repeat(n - 1)}</r>`;

      it('accepts exactly maxNodes element nodes', () => {
        expect(() => parseUntrustedXml(elements(10), limits)).not.toThrow();
      });

      it('refuses maxNodes + 1 element nodes', () => {
        expect(codeOf(() => parseUntrustedXml(elements(11), limits))).toBe(
          SloErrorCode.XmlMalformed,
        );
      });

      it('counts text nodes: root + 4 children each with text = 9 nodes passes at 9, fails at 8', () => {
        const xml = `<r>${'<c>t</c>'.repeat(4)}</r>`;
        expect(() => parseUntrustedXml(xml, { ...roomy, maxNodes: 9 })).not.toThrow();
        expect(codeOf(() => parseUntrustedXml(xml, { ...roomy, maxNodes: 8 }))).toBe(
          SloErrorCode.XmlMalformed,
        );
      });

      it('counts attributes: a root and 9 attributes (10 nodes) passes', () => {
        const attrs = Array.from({ length: 9 }, (_, i) => ` a${i}="v"`).join('');
        expect(() => parseUntrustedXml(`<r${attrs}/>`, limits)).not.toThrow();
      });

      it('counts attributes: a root and 10 attributes (maxNodes + 1 nodes) is refused', () => {
        const attrs = Array.from({ length: 10 }, (_, i) => ` a${i}="v"`).join('');
        expect(codeOf(() => parseUntrustedXml(`<r${attrs}/>`, limits))).toBe(
          SloErrorCode.XmlMalformed,
        );
      });

      it('counts attributes on an element that is not the last one visited', () => {
        const attrs = Array.from({ length: 10 }, (_, i) => ` a${i}="v"`).join('');
        expect(codeOf(() => parseUntrustedXml(`<r${attrs}><c/></r>`, limits))).toBe(
          SloErrorCode.XmlMalformed,
        );
      });
    });
  });
});
