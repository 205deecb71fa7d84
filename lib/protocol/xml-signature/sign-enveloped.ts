import { createHash, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { NS } from '../xml/namespaces';
import { childElements, isElement } from '../xml/dom';
import { XmlDsigAlgorithm, signingAlgorithm, type SigningAlgorithmName } from './algorithms';
import { canonicalizeExclusive } from './canonicalize';

/** The SP's signing credentials, parsed once at start-up. */
export interface SigningCredentials {
  readonly privateKey: KeyObject;
  /** The certificate as base64 DER (no PEM armour), for KeyInfo. */
  readonly certificateBase64: string;
  readonly algorithm: SigningAlgorithmName;
}

/**
 * Signs `element` (which must carry an `ID`) with an enveloped XML Signature placed right
 * after its saml:Issuer child (SAML core §5.4.2): exclusive c14n, one Reference to `#ID`,
 * KeyInfo with the certificate. The RSA operation runs in libuv's thread pool
 * (`crypto.sign` with a callback), off the event loop (design §9).
 *
 * Hand-written because xml-crypto's `SignedXml.computeSignature` reparses the document and
 * runs xpath per call; we sign documents we just built and know the shape of. The
 * ds:Signature is built with DOM calls in the element's own document (parsing it as text
 * and importing it cost more than the rest of the signing on the event loop). Used for SP
 * metadata; LogoutRequests and LogoutResponses, written in canonical form, are signed as
 * text by `signCanonicalXml`, which makes the same signature (property tests compare them).
 *
 * @example
 * ```ts
 * await signEnveloped(responseElement, spCredentials);
 * const xml = new XMLSerializer().serializeToString(responseElement.ownerDocument);
 * ```
 */
export async function signEnveloped(
  element: Element,
  credentials: SigningCredentials,
): Promise<void> {
  const id = element.getAttribute('ID');
  if (!id) throw new TypeError('signEnveloped: the element to sign has no ID');
  const algorithm = signingAlgorithm(credentials.algorithm);
  const digest = createHash(algorithm.hash)
    .update(canonicalizeExclusive(element), 'utf8')
    .digest('base64');

  const ds = dsBuilder(element.ownerDocument);
  const signedInfo = ds('SignedInfo', {}, [
    ds('CanonicalizationMethod', { Algorithm: XmlDsigAlgorithm.excC14n }),
    ds('SignatureMethod', { Algorithm: algorithm.signatureUri }),
    ds('Reference', { URI: `#${id}` }, [
      ds('Transforms', {}, [
        ds('Transform', { Algorithm: XmlDsigAlgorithm.envelopedSignature }),
        ds('Transform', { Algorithm: XmlDsigAlgorithm.excC14n }),
      ]),
      ds('DigestMethod', { Algorithm: algorithm.digestUri }),
      ds('DigestValue', {}, [digest]),
    ]),
  ]);
  const signatureValue = ds('SignatureValue');
  const signature = ds('Signature', { 'xmlns:ds': NS.ds }, [
    signedInfo,
    signatureValue,
    ds('KeyInfo', {}, [
      ds('X509Data', {}, [ds('X509Certificate', {}, [credentials.certificateBase64])]),
    ]),
  ]);
  const issuer = childElements(element).find((child) => isElement(child, NS.saml, 'Issuer'));
  element.insertBefore(signature, issuer ? issuer.nextSibling : element.firstChild);

  const octets = Buffer.from(canonicalizeExclusive(signedInfo), 'utf8');
  const value = await new Promise<Buffer>((resolve, reject) => {
    cryptoSign(algorithm.hash, octets, credentials.privateKey, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
  signatureValue.appendChild(element.ownerDocument.createTextNode(value.toString('base64')));
}

/** `ds(name, attributes, children)`: a ds: element of `doc`, with text or element children. */
function dsBuilder(doc: Document) {
  return (
    localName: string,
    attributes: Record<string, string> = {},
    children: ReadonlyArray<Element | string> = [],
  ): Element => {
    const el = doc.createElementNS(NS.ds, `ds:${localName}`);
    for (const [name, value] of Object.entries(attributes)) {
      if (name.startsWith('xmlns:')) el.setAttributeNS(NS.xmlns, name, value);
      else el.setAttribute(name, value);
    }
    for (const child of children) {
      el.appendChild(typeof child === 'string' ? doc.createTextNode(child) : child);
    }
    return el;
  };
}
