import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { SloErrorCode, type SloErrorCodeValue } from '../../../../lib/errors';
import {
  XmlDsigAlgorithm,
  type AlgorithmPolicy,
} from '../../../../lib/protocol/xml-signature/algorithms';
import { canonicalizeExclusive } from '../../../../lib/protocol/xml-signature/canonicalize';
import { verifyEnvelopedSignature } from '../../../../lib/protocol/xml-signature/verify-enveloped-signature';
import { NS } from '../../../../lib/protocol/xml/namespaces';
import { parseUntrustedXml } from '../../../../lib/protocol/xml/parse-xml';
import { signXml, soapEnvelope } from '../../../../lib/testing';
import { keys } from '../../../support/keys';
import { xmlsec1Verify } from '../../../support/xmlsec1';
import { caughtSloErrorSync } from '../../support/slo-error';

const idpKey = createPublicKey(keys.idp.certificate);
const otherKey = createPublicKey(keys.other.certificate);
const strict: AlgorithmPolicy = { allowSha1: false };
const ID = '_req1';
const INCLUSIVE_C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const XS = 'http://www.w3.org/2001/XMLSchema';

/** The inside of a LogoutRequest (its Issuer, NameID and SessionIndex). */
const CONTENT =
  `<saml:Issuer>https://idp.test/metadata</saml:Issuer>` +
  `<saml:NameID>alice@example.com</saml:NameID>` +
  `<samlp:SessionIndex>_s1</samlp:SessionIndex>`;

/** A LogoutRequest that declares its own namespaces. */
function logoutRequestXml(id = ID, content = CONTENT): string {
  return (
    `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${id}" ` +
    `Version="2.0" IssueInstant="2026-01-01T00:00:00.000Z">${content}</samlp:LogoutRequest>`
  );
}

function signedBy(
  xml: string,
  signer: { privateKey: string; certificate: string } = keys.idp,
  signatureAlgorithm: 'rsa-sha256' | 'rsa-sha1' | 'rsa-sha512' = 'rsa-sha256',
  referenceId = ID,
): string {
  return signXml(xml, { referenceId, ...signer, signatureAlgorithm });
}

/** Signs with xml-crypto directly, for options lib/testing's signXml does not offer. */
function signedWithXmlCrypto(
  xml: string,
  options: {
    canonicalization?: string;
    transforms?: string[];
    digest?: string;
    prefixList?: string[];
  } = {},
): string {
  const sig = new SignedXml({
    privateKey: keys.idp.privateKey,
    publicCert: keys.idp.certificate,
    signatureAlgorithm: XmlDsigAlgorithm.rsaSha256,
    canonicalizationAlgorithm: options.canonicalization ?? XmlDsigAlgorithm.excC14n,
    ...(options.prefixList ? { inclusiveNamespacesPrefixList: options.prefixList } : {}),
  });
  sig.addReference({
    xpath: `//*[@ID='${ID}']`,
    transforms: options.transforms ?? [
      XmlDsigAlgorithm.envelopedSignature,
      XmlDsigAlgorithm.excC14n,
    ],
    digestAlgorithm: options.digest ?? XmlDsigAlgorithm.sha256,
    ...(options.prefixList ? { inclusiveNamespacesPrefixList: options.prefixList } : {}),
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: {
      reference: `//*[@ID='${ID}']/*[local-name(.)='Issuer']`,
      action: 'after',
    },
  });
  return sig.getSignedXml();
}

/** Parses `xml` and returns the LogoutRequest element in it (the root or inside an envelope). */
function requestIn(xml: string, id = ID): Element {
  const doc = parseUntrustedXml(xml);
  const all = doc.getElementsByTagNameNS(NS.samlp, 'LogoutRequest');
  for (let i = 0; i < all.length; i += 1) {
    if (all[i]!.getAttribute('ID') === id) return all[i]!;
  }
  throw new Error(`no LogoutRequest with ID ${id}`);
}

function dsChild(parent: Element, localName: string): Element {
  const found = parent.getElementsByTagNameNS(NS.ds, localName)[0];
  if (!found) throw new Error(`no ds:${localName}`);
  return found;
}

function codeOfVerify(
  element: Element,
  trusted: readonly KeyObject[] = [idpKey],
  policy: AlgorithmPolicy = strict,
): SloErrorCodeValue {
  return caughtSloErrorSync(() => verifyEnvelopedSignature(element, trusted, policy)).code;
}

describe('verifyEnvelopedSignature', () => {
  describe('accepts signatures made by xml-crypto', () => {
    it('on a LogoutRequest that declares its own namespaces', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      expect(() => verifyEnvelopedSignature(element, [idpKey], strict)).not.toThrow();
    });

    it('with rsa-sha512', () => {
      const element = requestIn(signedBy(logoutRequestXml(), keys.idp, 'rsa-sha512'));
      expect(() => verifyEnvelopedSignature(element, [idpKey], strict)).not.toThrow();
    });

    it('when the trusted key is one of several (rollover)', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      expect(() => verifyEnvelopedSignature(element, [otherKey, idpKey], strict)).not.toThrow();
    });

    it('inside a SOAP envelope (signed alone, then wrapped)', () => {
      const element = requestIn(soapEnvelope(signedBy(logoutRequestXml())));
      expect(() => verifyEnvelopedSignature(element, [idpKey], strict)).not.toThrow();
    });

    it('inside a SOAP envelope that declares the samlp and saml prefixes on Envelope', () => {
      const request =
        `<samlp:LogoutRequest ID="${ID}" Version="2.0" IssueInstant="2026-01-01T00:00:00.000Z">` +
        `${CONTENT}</samlp:LogoutRequest>`;
      const envelope =
        `<soap:Envelope xmlns:soap="${NS.soap11}" xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}">` +
        `<soap:Body>${request}</soap:Body></soap:Envelope>`;
      const signed = signedBy(envelope);
      expect(xmlsec1Verify(signed, keys.idp.certificate).ok).toBe(true); // the oracle agrees
      const element = requestIn(signed);
      expect(element.hasAttribute('xmlns:samlp')).toBe(false); // inherited, not declared
      expect(() => verifyEnvelopedSignature(element, [idpKey], strict)).not.toThrow();
    });

    it('with an InclusiveNamespaces PrefixList naming a prefix declared on an ancestor', () => {
      const request =
        `<samlp:LogoutRequest ID="${ID}" Version="2.0" IssueInstant="2026-01-01T00:00:00.000Z">` +
        `${CONTENT}</samlp:LogoutRequest>`;
      const envelope =
        `<soap:Envelope xmlns:soap="${NS.soap11}" xmlns:samlp="${NS.samlp}" ` +
        `xmlns:saml="${NS.saml}" xmlns:xs="${XS}"><soap:Body>${request}</soap:Body></soap:Envelope>`;
      const signed = signedWithXmlCrypto(envelope, { prefixList: ['xs', 'saml'] });
      expect(signed).toContain('PrefixList="xs saml"');
      expect(xmlsec1Verify(signed, keys.idp.certificate).ok).toBe(true); // the oracle agrees
      expect(() => verifyEnvelopedSignature(requestIn(signed), [idpKey], strict)).not.toThrow();
    });

    it('and notices when a PrefixList namespace is changed on the ancestor after signing', () => {
      const request =
        `<samlp:LogoutRequest ID="${ID}" Version="2.0" IssueInstant="2026-01-01T00:00:00.000Z">` +
        `${CONTENT}</samlp:LogoutRequest>`;
      const envelope =
        `<soap:Envelope xmlns:soap="${NS.soap11}" xmlns:samlp="${NS.samlp}" ` +
        `xmlns:saml="${NS.saml}" xmlns:xs="${XS}"><soap:Body>${request}</soap:Body></soap:Envelope>`;
      const signed = signedWithXmlCrypto(envelope, { prefixList: ['xs'] }).replace(
        `xmlns:xs="${XS}"`,
        'xmlns:xs="urn:evil"',
      );
      expect(codeOfVerify(requestIn(signed))).toBe(SloErrorCode.SignatureInvalid);
    });
  });

  describe('refuses a missing signature (SLO_SIGNATURE_MISSING)', () => {
    it('when the element carries none', () => {
      expect(codeOfVerify(requestIn(logoutRequestXml()))).toBe(SloErrorCode.SignatureMissing);
    });
  });

  describe('refuses shapes that allow signature wrapping (SLO_SIGNATURE_WRAPPING)', () => {
    it('two signatures on the element', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      const signature = dsChild(element, 'Signature');
      element.appendChild(signature.cloneNode(true));
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureWrapping);
    });

    it('a second signature elsewhere in the document', () => {
      const inner = signedBy(logoutRequestXml('_other'), keys.idp, 'rsa-sha256', '_other');
      const outer = signedBy(
        logoutRequestXml(ID, `${CONTENT}<samlp:Extensions>${inner}</samlp:Extensions>`),
      );
      expect(codeOfVerify(requestIn(outer))).toBe(SloErrorCode.SignatureWrapping);
    });

    it('a signature that is not a child of the element (genuine request wrapped in a forged one)', () => {
      const genuine = signedBy(logoutRequestXml('_genuine'), keys.idp, 'rsa-sha256', '_genuine');
      const forged = logoutRequestXml(
        '_forged',
        `<saml:Issuer>https://idp.test/metadata</saml:Issuer>` +
          `<samlp:Extensions>${genuine}</samlp:Extensions>` +
          `<saml:NameID>victim@example.com</saml:NameID>`,
      );
      expect(codeOfVerify(requestIn(forged, '_forged'))).toBe(SloErrorCode.SignatureWrapping);
    });

    it('a signature moved from the element into one of its descendants', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      const signature = dsChild(element, 'Signature');
      const nameId = element.getElementsByTagNameNS(NS.saml, 'NameID')[0]!;
      nameId.appendChild(signature);
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureWrapping);
    });

    it('a Reference URI that is not "#" + the element ID', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      element.setAttribute('ID', '_renamed');
      expect(codeOfVerify(element, [idpKey])).toBe(SloErrorCode.SignatureWrapping);
    });

    it.each([
      ['empty (whole document)', ''],
      ['another ID', '#_elsewhere'],
      ['the ID without "#"', ID],
      ['an XPointer', `#xpointer(id('${ID}'))`],
    ])('a Reference URI that is %s', (_name, uri) => {
      const element = requestIn(signedBy(logoutRequestXml()));
      dsChild(element, 'Reference').setAttribute('URI', uri);
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureWrapping);
    });

    it('an element without an ID', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      element.removeAttribute('ID');
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureWrapping);
    });

    it('two elements with the same ID inside the message', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      const extensions = element.ownerDocument.createElementNS(NS.samlp, 'samlp:Extensions');
      extensions.setAttribute('ID', ID);
      element.appendChild(extensions);
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureWrapping);
    });

    it('two elements with the same ID, one of them outside the message (SOAP Header)', () => {
      const envelope =
        `<soap:Envelope xmlns:soap="${NS.soap11}"><soap:Header><h ID="${ID}"/></soap:Header>` +
        `<soap:Body>${signedBy(logoutRequestXml())}</soap:Body></soap:Envelope>`;
      expect(codeOfVerify(requestIn(envelope))).toBe(SloErrorCode.SignatureWrapping);
    });

    it('a duplicate ID spelled as an "Id" attribute', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      const extensions = element.ownerDocument.createElementNS(NS.samlp, 'samlp:Extensions');
      extensions.setAttribute('Id', ID);
      element.appendChild(extensions);
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureWrapping);
    });

    it('a duplicate ID spelled as an "id" attribute, deep in a later branch of the document', () => {
      const envelope =
        `<soap:Envelope xmlns:soap="${NS.soap11}"><soap:Header><a><b/></a><c><d><e id="${ID}"/></d></c></soap:Header>` +
        `<soap:Body>${signedBy(logoutRequestXml())}</soap:Body></soap:Envelope>`;
      expect(codeOfVerify(requestIn(envelope))).toBe(SloErrorCode.SignatureWrapping);
    });

    it('a ds:Object in the signature', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      const signature = dsChild(element, 'Signature');
      const object = element.ownerDocument.createElementNS(NS.ds, 'ds:Object');
      signature.appendChild(object);
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureWrapping);
    });

    it('two References in SignedInfo', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      const reference = dsChild(element, 'Reference');
      reference.parentNode!.appendChild(reference.cloneNode(true));
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureWrapping);
    });
  });

  describe('refuses forbidden algorithms (SLO_ALGORITHM_FORBIDDEN)', () => {
    it('rsa-sha1 with a sha1 digest, unless allowSha1', () => {
      const element = requestIn(signedBy(logoutRequestXml(), keys.idp, 'rsa-sha1'));
      expect(codeOfVerify(element)).toBe(SloErrorCode.AlgorithmForbidden);
      expect(() => verifyEnvelopedSignature(element, [idpKey], { allowSha1: true })).not.toThrow();
    });

    it('a sha1 digest under an rsa-sha256 signature, unless allowSha1', () => {
      const element = requestIn(
        signedWithXmlCrypto(logoutRequestXml(), { digest: XmlDsigAlgorithm.sha1 }),
      );
      expect(codeOfVerify(element)).toBe(SloErrorCode.AlgorithmForbidden);
      expect(() => verifyEnvelopedSignature(element, [idpKey], { allowSha1: true })).not.toThrow();
    });

    it('inclusive c14n as the CanonicalizationMethod', () => {
      const element = requestIn(
        signedWithXmlCrypto(logoutRequestXml(), { canonicalization: INCLUSIVE_C14N }),
      );
      expect(codeOfVerify(element)).toBe(SloErrorCode.AlgorithmForbidden);
    });

    it('exclusive c14n with comments as the CanonicalizationMethod', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      dsChild(element, 'CanonicalizationMethod').setAttribute(
        'Algorithm',
        `${XmlDsigAlgorithm.excC14n}WithComments`,
      );
      expect(codeOfVerify(element)).toBe(SloErrorCode.AlgorithmForbidden);
    });

    it('inclusive c14n as a Reference transform', () => {
      const element = requestIn(
        signedWithXmlCrypto(logoutRequestXml(), {
          transforms: [XmlDsigAlgorithm.envelopedSignature, INCLUSIVE_C14N],
        }),
      );
      expect(codeOfVerify(element)).toBe(SloErrorCode.AlgorithmForbidden);
    });

    it('an unknown transform (XPath)', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      const transforms = element.getElementsByTagNameNS(NS.ds, 'Transform');
      transforms[1]!.setAttribute('Algorithm', 'http://www.w3.org/TR/1999/REC-xpath-19991116');
      expect(codeOfVerify(element)).toBe(SloErrorCode.AlgorithmForbidden);
    });

    it('transforms without the enveloped-signature transform first', () => {
      const element = requestIn(
        signedWithXmlCrypto(logoutRequestXml(), { transforms: [XmlDsigAlgorithm.excC14n] }),
      );
      expect(codeOfVerify(element)).toBe(SloErrorCode.AlgorithmForbidden);
    });

    it('a third transform', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      const transforms = element.getElementsByTagNameNS(NS.ds, 'Transform');
      transforms[1]!.parentNode!.appendChild(transforms[1]!.cloneNode(true));
      expect(codeOfVerify(element)).toBe(SloErrorCode.AlgorithmForbidden);
    });

    it('an HMAC SignatureMethod (public key used as a shared secret)', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      dsChild(element, 'SignatureMethod').setAttribute(
        'Algorithm',
        'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
      );
      expect(codeOfVerify(element, [idpKey], { allowSha1: true })).toBe(
        SloErrorCode.AlgorithmForbidden,
      );
    });

    it('an unknown DigestMethod', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      dsChild(element, 'DigestMethod').setAttribute('Algorithm', 'urn:md5');
      expect(codeOfVerify(element)).toBe(SloErrorCode.AlgorithmForbidden);
    });
  });

  describe('refuses signatures that do not hold (SLO_SIGNATURE_INVALID)', () => {
    it('after the signed content was changed (digest mismatch)', () => {
      const tampered = signedBy(logoutRequestXml()).replace(
        'alice@example.com',
        'mallory@example.com',
      );
      expect(codeOfVerify(requestIn(tampered))).toBe(SloErrorCode.SignatureInvalid);
    });

    it('after an attribute of the signed element was changed', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      element.setAttribute('IssueInstant', '2030-01-01T00:00:00.000Z');
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureInvalid);
    });

    it('after the DigestValue was replaced', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      dsChild(element, 'DigestValue').textContent = Buffer.alloc(32, 1).toString('base64');
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureInvalid);
    });

    it('after content and DigestValue were both changed to match (SignedInfo no longer signed)', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      const nameId = element.getElementsByTagNameNS(NS.saml, 'NameID')[0]!;
      nameId.textContent = 'mallory@example.com';
      const signature = dsChild(element, 'Signature');
      const digest = createHash('sha256')
        .update(canonicalizeExclusive(element, { omit: signature }), 'utf8')
        .digest('base64');
      dsChild(element, 'DigestValue').textContent = digest;
      const err = caughtSloErrorSync(() => verifyEnvelopedSignature(element, [idpKey], strict));
      expect(err.code).toBe(SloErrorCode.SignatureInvalid);
      expect(err.message).toMatch(/does not verify/); // the digest held; the signature did not
    });

    it('with the wrong trusted key', () => {
      expect(codeOfVerify(requestIn(signedBy(logoutRequestXml())), [otherKey])).toBe(
        SloErrorCode.SignatureInvalid,
      );
    });

    it('when signed by another key whose certificate is in KeyInfo (KeyInfo is never trusted)', () => {
      const element = requestIn(signedBy(logoutRequestXml(), keys.other));
      expect(codeOfVerify(element, [idpKey])).toBe(SloErrorCode.SignatureInvalid);
    });

    it('with no trusted key at all', () => {
      expect(codeOfVerify(requestIn(signedBy(logoutRequestXml())), [])).toBe(
        SloErrorCode.SignatureInvalid,
      );
    });

    it('with a SignatureValue that is not base64', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      dsChild(element, 'SignatureValue').textContent = 'not*base64!';
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureInvalid);
    });

    it('with a DigestValue that is not base64', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      dsChild(element, 'DigestValue').textContent = '%%%';
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureInvalid);
    });

    it('with a SignatureValue that is valid base64 of other bytes', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      dsChild(element, 'SignatureValue').textContent = Buffer.alloc(256, 7).toString('base64');
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureInvalid);
    });

    it('with an empty SignatureValue', () => {
      const element = requestIn(signedBy(logoutRequestXml()));
      dsChild(element, 'SignatureValue').textContent = '';
      expect(codeOfVerify(element)).toBe(SloErrorCode.SignatureInvalid);
    });
  });
});
