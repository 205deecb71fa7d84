import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { canonicalizeExclusive } from '../../../../lib/protocol/xml-signature/canonicalize';
import type { SigningCredentials } from '../../../../lib/protocol/xml-signature/sign-enveloped';
import { NS } from '../../../../lib/protocol/xml/namespaces';
import { parseUntrustedXml } from '../../../../lib/protocol/xml/parse-xml';
import { keys } from '../../../support/keys';

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
