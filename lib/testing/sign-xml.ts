import { SignedXml } from 'xml-crypto';
import { NS } from './namespaces';
import { firstChild, parseXmlStrict } from './parse-xml';
import { signatureAlgorithmUris, type TestSignatureAlgorithm } from './signature-algorithms';

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Input of {@link signXml}.
 *
 * @example
 * ```ts
 * const input: SignXmlInput = { referenceId: '_abc', privateKey: keyPem, certificate: certPem };
 * ```
 */
export interface SignXmlInput {
  /** Value of the `ID` attribute of the element to sign (must be unique in `xml`). */
  referenceId: string;
  /** PEM private key that signs. */
  privateKey: string;
  /** PEM certificate put in `ds:KeyInfo/ds:X509Data`. */
  certificate: string;
  /** Defaults to `rsa-sha256` (digest SHA-256; SHA-1 for `rsa-sha1`). */
  signatureAlgorithm?: TestSignatureAlgorithm;
}

/**
 * Signs the element whose `ID` attribute is `referenceId` with an enveloped XML signature
 * (exclusive c14n, reference URI `#ID`, `ds:KeyInfo` with the X.509 certificate), made with
 * xml-crypto. The `ds:Signature` goes right after the element's `saml:Issuer` child, or
 * becomes its first child when it has none. Nothing else in `xml` is changed.
 *
 * Low-level: for tests that build or tamper with messages themselves. To sign an Assertion
 * inside a Response, sign the Assertion first and the Response last.
 *
 * @returns The XML with the signature inserted.
 * @throws If `referenceId` is not an NCName or does not match exactly one element.
 *
 * @example
 * ```ts
 * import { signXml } from 'saml-slo/testing';
 * const signed = signXml(logoutResponseXml, {
 *   referenceId: '_resp1',
 *   privateKey: fs.readFileSync('sp.key.pem', 'utf8'),
 *   certificate: fs.readFileSync('sp.cert.pem', 'utf8'),
 * });
 * ```
 */
export function signXml(xml: string, input: SignXmlInput): string {
  const { referenceId } = input;
  if (!NCNAME.test(referenceId)) {
    throw new Error(
      `signXml: referenceId must be an XML NCName, got ${JSON.stringify(referenceId)}`,
    );
  }
  const target = findUniqueById(parseXmlStrict(xml), referenceId);
  const hasIssuer = firstChild(target, NS.saml, 'Issuer') !== undefined;
  const targetPath = `//*[@ID='${referenceId}']`;
  const uris = signatureAlgorithmUris(input.signatureAlgorithm ?? 'rsa-sha256');
  const sig = new SignedXml({
    privateKey: input.privateKey,
    publicCert: input.certificate,
    signatureAlgorithm: uris.signature,
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.addReference({
    xpath: targetPath,
    transforms: [ENVELOPED, EXC_C14N],
    digestAlgorithm: uris.digest,
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: hasIssuer
      ? {
          reference: `${targetPath}/*[local-name(.)='Issuer' and namespace-uri(.)='${NS.saml}']`,
          action: 'after',
        }
      : { reference: targetPath, action: 'prepend' },
  });
  return sig.getSignedXml();
}

function findUniqueById(doc: Document, id: string): Element {
  const matches: Element[] = [];
  const visit = (el: Element): void => {
    if (el.getAttribute('ID') === id) matches.push(el);
    for (let n = el.firstChild; n !== null; n = n.nextSibling) {
      if (n.nodeType === n.ELEMENT_NODE) visit(n as Element);
    }
  };
  if (doc.documentElement !== null) visit(doc.documentElement);
  if (matches.length !== 1 || matches[0] === undefined) {
    throw new Error(
      `signXml: expected exactly one element with ID="${id}", found ${matches.length}`,
    );
  }
  return matches[0];
}
