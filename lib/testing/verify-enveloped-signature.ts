import { SignedXml } from 'xml-crypto';
import { NS } from './namespaces';
import { childElements } from './parse-xml';

/**
 * Checks, with xml-crypto, that `element` carries exactly one enveloped `ds:Signature` child
 * whose single Reference is `#` + the element's `ID`, with at most two transforms, and that
 * it verifies with `certificate` (the KeyInfo in the message is ignored). Never throws:
 * anything wrong gives `false`.
 *
 * @param fullXml - The exact text `element` was parsed from (e.g. a whole SOAP envelope).
 *
 * @example
 * ```ts
 * const doc = parseXmlStrict(xml);
 * const ok = verifyEnvelopedSignature(xml, doc.documentElement, spCertPem);
 * ```
 */
export function verifyEnvelopedSignature(
  fullXml: string,
  element: Element,
  certificate: string,
): boolean {
  const signatures = childElements(element).filter(
    (el) => el.namespaceURI === NS.ds && el.localName === 'Signature',
  );
  const id = element.getAttribute('ID');
  if (signatures.length !== 1 || signatures[0] === undefined || !id) return false;
  try {
    const sig = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
    sig.loadSignature(signatures[0]);
    const refs = sig.getReferences();
    if (refs.length !== 1 || refs[0]?.uri !== `#${id}` || refs[0].transforms.length > 2) {
      return false;
    }
    return sig.checkSignature(fullXml.replace(/\r\n?/g, '\n'));
  } catch {
    return false;
  }
}
