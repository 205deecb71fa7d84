import { createHash, sign as cryptoSign } from 'node:crypto';
import { NS } from '../xml/namespaces';
import { canonicalAttribute } from '../xml/canonical-escape';
import { XmlDsigAlgorithm, signingAlgorithm } from './algorithms';
import type { SigningCredentials } from './sign-enveloped';

/**
 * An element written by its builder in exclusive canonical form, ready to be signed.
 *
 * @example
 * ```ts
 * const element: CanonicalElement = { xml: head + rest, id: '_a1', signatureAt: head.length };
 * ```
 */
export interface CanonicalElement {
  /**
   * The element's XML, exactly as exclusive c14n (without comments) would write it:
   * attributes sorted, each namespace declared on the first element that uses it, no
   * self-closing tags, values escaped with `canonical-escape`. A property test holds each
   * builder to this (c14n of the parsed text gives back the text).
   */
  readonly xml: string;
  /** Its `ID` attribute, which the signature's Reference names. */
  readonly id: string;
  /** Where in `xml` the ds:Signature goes (right after the saml:Issuer, SAML core §5.4.2). */
  readonly signatureAt: number;
}

/**
 * Signs an element its builder wrote in canonical form, with an enveloped XML Signature:
 * the same signature as {@link signEnveloped} (exclusive c14n, one Reference to `#ID`,
 * KeyInfo with the certificate), made without a DOM.
 *
 * Hand-written because no library signs text: xml-crypto and `signEnveloped` parse the
 * message, canonicalize it and serialize it again, which cost more event-loop time per
 * back-channel logout than everything else in the response. Here the digest is taken over
 * the text as written (it is its own canonical form), SignedInfo is written in canonical
 * form too, and the ds:Signature is spliced in as text. The RSA operation runs in libuv's
 * thread pool (`crypto.sign` with a callback), off the event loop.
 *
 * @example
 * ```ts
 * const head = `<samlp:LogoutResponse xmlns:samlp="${NS.samlp}" ID="_a1" …><saml:Issuer …>…</saml:Issuer>`;
 * const xml = await signCanonicalXml({ xml: head + rest, id: '_a1', signatureAt: head.length }, sp.signing);
 * ```
 */
export async function signCanonicalXml(
  element: CanonicalElement,
  credentials: SigningCredentials,
): Promise<string> {
  const algorithm = signingAlgorithm(credentials.algorithm);
  const digest = createHash(algorithm.hash).update(element.xml, 'utf8').digest('base64');
  const signedInfo =
    `<ds:CanonicalizationMethod Algorithm="${XmlDsigAlgorithm.excC14n}"></ds:CanonicalizationMethod>` +
    `<ds:SignatureMethod Algorithm="${algorithm.signatureUri}"></ds:SignatureMethod>` +
    `<ds:Reference URI="#${canonicalAttribute(element.id)}"><ds:Transforms>` +
    `<ds:Transform Algorithm="${XmlDsigAlgorithm.envelopedSignature}"></ds:Transform>` +
    `<ds:Transform Algorithm="${XmlDsigAlgorithm.excC14n}"></ds:Transform></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${algorithm.digestUri}"></ds:DigestMethod>` +
    `<ds:DigestValue>${digest}</ds:DigestValue></ds:Reference>`;
  // Canonicalized on its own, SignedInfo carries the ds declaration it inherits in place.
  const octets = Buffer.from(`<ds:SignedInfo xmlns:ds="${NS.ds}">${signedInfo}</ds:SignedInfo>`);
  const value = await new Promise<Buffer>((resolve, reject) => {
    cryptoSign(algorithm.hash, octets, credentials.privateKey, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
  const signature =
    `<ds:Signature xmlns:ds="${NS.ds}"><ds:SignedInfo>${signedInfo}</ds:SignedInfo>` +
    `<ds:SignatureValue>${value.toString('base64')}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${credentials.certificateBase64}` +
    `</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>`;
  return (
    element.xml.slice(0, element.signatureAt) + signature + element.xml.slice(element.signatureAt)
  );
}
