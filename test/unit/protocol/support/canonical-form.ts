import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { SignedXml } from 'xml-crypto';
import { canonicalizeExclusive } from '../../../../lib/protocol/xml-signature/canonicalize';
import {
  signEnveloped,
  type SigningCredentials,
} from '../../../../lib/protocol/xml-signature/sign-enveloped';
import { NS } from '../../../../lib/protocol/xml/namespaces';
import { parseUntrustedXml } from '../../../../lib/protocol/xml/parse-xml';
import { keys } from '../../../support/keys';
import { xmlsec1Verify } from '../../../support/xmlsec1';

/** The SP's signing credentials (fixture keys, RSA-SHA256), and its public key. */
export const signing: SigningCredentials = {
  privateKey: createPrivateKey(keys.sp.privateKey),
  certificateBase64: new X509Certificate(keys.sp.certificate).raw.toString('base64'),
  algorithm: 'rsa-sha256',
};
export const spPublicKey = createPublicKey(keys.sp.certificate);

/** Characters XML 1.0 allows (its Char production), with the ones c14n escapes made likely. */
const xmlChar = fc.oneof(
  fc.constantFrom('&', '<', '>', '"', "'", '\t', '\n', '\r', ' ', ']]>', '&amp;', '&#xD;'),
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 1 })
    .filter((c) => /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u.test(c)),
);

/** Any text an XML 1.0 document can carry, up to 12 characters. */
export const xmlText = fc.array(xmlChar, { maxLength: 12 }).map((parts) => parts.join(''));

/** Instants from 2000 to 2100. */
export const instants = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2100-01-01T00:00:00Z'),
  noInvalidDate: true,
});

/**
 * Exclusive c14n of the message's root, as a verifier computes it (signature left out).
 *
 * @example
 * ```ts
 * expect(canonicalFormOf(xml)).toBe(xml); // the builder wrote canonical form
 * ```
 */
export function canonicalFormOf(xml: string): string {
  const root = parseUntrustedXml(xml).documentElement;
  const signature = root.getElementsByTagNameNS(NS.ds, 'Signature')[0];
  return canonicalizeExclusive(root, signature ? { omit: signature } : {});
}

/** The message without its ds:Signature. */
export const unsignedOf = (xml: string) =>
  xml.replace(/<ds:Signature\b[\s\S]*<\/ds:Signature>/, '');

/**
 * Whether xml-crypto (an independent verifier) accepts the message's signature with the
 * SP certificate.
 *
 * @example
 * ```ts
 * expect(xmlCryptoAccepts(xml)).toBe(true);
 * ```
 */
export function xmlCryptoAccepts(xml: string): boolean {
  const root = parseUntrustedXml(xml).documentElement;
  const verifier = new SignedXml({ publicCert: keys.sp.certificate });
  verifier.loadSignature(root.getElementsByTagNameNS(NS.ds, 'Signature')[0]!);
  return verifier.checkSignature(xml);
}

/**
 * The message signed as text, and the same message (signature taken out) signed again by
 * the DOM signer, both canonical: byte for byte the same when the signatures are (same
 * SignedInfo, same digest, same deterministic RSA value; the DOM serializer self-closes
 * empty elements, so the forms are compared once canonical).
 *
 * @example
 * ```ts
 * const { signedAsText, signedByDom } = await bothSignatures(xml);
 * expect(signedAsText).toBe(signedByDom);
 * ```
 */
export async function bothSignatures(
  xml: string,
): Promise<{ signedAsText: string; signedByDom: string }> {
  const root = parseUntrustedXml(unsignedOf(xml)).documentElement;
  await signEnveloped(root, signing);
  return {
    signedAsText: canonicalizeExclusive(parseUntrustedXml(xml).documentElement),
    signedByDom: canonicalizeExclusive(root),
  };
}

/**
 * xmlsec1's verdicts on the message and on a copy with one escaped value changed
 * (`a&amp;b` → `a&amp;B`, so the message must hold `a&b` in some value).
 *
 * @example
 * ```ts
 * const { run, tampered } = xmlsec1Verdicts(xml, `${NS.samlp}:LogoutResponse`);
 * expect(run.ok).toBe(true);
 * expect(tampered.ok).toBe(false);
 * ```
 */
export function xmlsec1Verdicts(xml: string, rootNode: string) {
  const changed = xml.replace('a&amp;b', 'a&amp;B');
  return {
    run: xmlsec1Verify(xml, keys.sp.certificate, rootNode),
    changed: changed !== xml,
    tampered: xmlsec1Verify(changed, keys.sp.certificate, rootNode),
  };
}
