import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { canonicalizeExclusive } from '../../../../lib/protocol/xml-signature/canonicalize';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

/** A SOAP-wrapped LogoutRequest whose ds:Signature sits between Issuer and NameID. */
const ENVELOPE =
  `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xs="http://www.w3.org/2001/XMLSchema">` +
  `<S:Body><samlp:LogoutRequest xmlns:samlp="${SAMLP}" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0">` +
  `<saml:Issuer>https://idp.test</saml:Issuer>` +
  `<ds:Signature xmlns:ds="${DS}"><ds:SignedInfo/></ds:Signature>` +
  `<saml:NameID xsi:type="xs:string" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">alice</saml:NameID>` +
  `</samlp:LogoutRequest></S:Body></S:Envelope>`;

function parse(xml: string) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const request = doc.getElementsByTagNameNS(SAMLP, 'LogoutRequest')[0] as unknown as Element;
  const signature = doc.getElementsByTagNameNS(DS, 'Signature')[0] as unknown as Element;
  return { doc, request, signature };
}

const serialize = (doc: unknown) => new XMLSerializer().serializeToString(doc as Node);

/** What xml-crypto alone gives for a detached copy without the signature (the reference). */
function reference(
  prefixes: string[] = [],
  ancestorNamespaces: Array<{ prefix: string; namespaceURI: string }> = [],
) {
  const { request, signature } = parse(ENVELOPE);
  request.removeChild(signature);
  const detached = request.cloneNode(true) as Element;
  return new ExclusiveCanonicalization().process(detached as never, {
    inclusiveNamespacesPrefixList: prefixes,
    ancestorNamespaces,
  });
}

describe('canonicalizeExclusive canonicalizes in place and leaves the document as it was', () => {
  it('omitting the signature gives the same octets as a detached copy without it', () => {
    const { request, signature } = parse(ENVELOPE);
    const out = canonicalizeExclusive(request, { omit: signature });
    expect(out).toBe(reference());
    expect(out).not.toContain('Signature');
    expect(out).toContain('xmlns:samlp=');
  });

  it('puts the omitted signature back at the same position (between Issuer and NameID)', () => {
    const { doc, request, signature } = parse(ENVELOPE);
    const before = serialize(doc);
    canonicalizeExclusive(request, { omit: signature });
    expect(serialize(doc)).toBe(before);
    expect(signature.parentNode).toBe(request);
    expect((signature.previousSibling as Element).localName).toBe('Issuer');
    expect((signature.nextSibling as Element).localName).toBe('NameID');
  });

  it('puts back a signature that was the last child', () => {
    const xml = ENVELOPE.replace(
      /(<ds:Signature[\s\S]*<\/ds:Signature>)(<saml:NameID[\s\S]*<\/saml:NameID>)/,
      '$2$1',
    );
    const { doc, request, signature } = parse(xml);
    const before = serialize(doc);
    expect(request.lastChild).toBe(signature);
    canonicalizeExclusive(request, { omit: signature });
    expect(serialize(doc)).toBe(before);
    expect(request.lastChild).toBe(signature);
  });

  it('ignores an `omit` that is not a child of the element', () => {
    const { doc, request, signature } = parse(ENVELOPE);
    const nameID = request.getElementsByTagNameNS(
      'urn:oasis:names:tc:SAML:2.0:assertion',
      'NameID',
    )[0] as unknown as Element;
    const before = serialize(doc);
    const out = canonicalizeExclusive(nameID, { omit: signature });
    expect(serialize(doc)).toBe(before);
    expect(out).toMatch(/^<saml:NameID/);
  });

  it('renders an ancestor namespace a PrefixList names, without writing it into the document', () => {
    const { doc, request, signature } = parse(ENVELOPE);
    const before = serialize(doc);
    const out = canonicalizeExclusive(request, { omit: signature, inclusivePrefixes: ['xs'] });
    expect(out).toContain('xmlns:xs="http://www.w3.org/2001/XMLSchema"');
    expect(out).toBe(
      reference(['xs'], [{ prefix: 'xs', namespaceURI: 'http://www.w3.org/2001/XMLSchema' }]),
    );
    expect(serialize(doc)).toBe(before);
    expect(request.hasAttribute('xmlns:xs')).toBe(false);
  });

  it('puts the signature back even when canonicalization throws', () => {
    const { doc, request, signature } = parse(ENVELOPE);
    const before = serialize(doc);
    const spy = jest
      .spyOn(ExclusiveCanonicalization.prototype, 'process')
      .mockImplementation(() => {
        throw new Error('boom');
      });
    try {
      expect(() => canonicalizeExclusive(request, { omit: signature })).toThrow('boom');
    } finally {
      spy.mockRestore();
    }
    expect(serialize(doc)).toBe(before);
  });
});
