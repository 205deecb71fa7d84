import { constants, createCipheriv, publicEncrypt, randomBytes } from 'node:crypto';
import { NS } from './namespaces';

/**
 * Content-encryption algorithm of an EncryptedID.
 *
 * @example
 * ```ts
 * const alg: NameIDEncryptionAlgorithm = 'aes128-gcm';
 * ```
 */
export type NameIDEncryptionAlgorithm = 'aes256-cbc' | 'aes128-gcm';

/**
 * To whom (and how) a NameID is encrypted.
 *
 * @example
 * ```ts
 * const to: NameIDEncryptionOptions = { certificate: spCertPem, algorithm: 'aes128-gcm' };
 * ```
 */
export interface NameIDEncryptionOptions {
  /** PEM certificate of the SP: its RSA public key wraps the content key (RSA-OAEP). */
  certificate: string;
  /** Defaults to `aes256-cbc`. */
  algorithm?: NameIDEncryptionAlgorithm;
}

const AES256_CBC = `${NS.xenc}aes256-cbc`;
const AES128_GCM = 'http://www.w3.org/2009/xmlenc11#aes128-gcm';

/** Content encryption in the XML Encryption byte layout; returns the key to wrap. */
function encryptContent(
  algorithm: NameIDEncryptionAlgorithm,
  plaintext: string,
): { uri: string; key: Buffer; cipherValue: Buffer } {
  if (algorithm === 'aes128-gcm') {
    const key = randomBytes(16);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-128-gcm', key, iv);
    const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    return { uri: AES128_GCM, key, cipherValue: Buffer.concat([iv, body, c.getAuthTag()]) };
  }
  if (algorithm !== 'aes256-cbc') {
    throw new Error(`Unsupported NameID encryption algorithm: ${String(algorithm)}`);
  }
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', key, iv);
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return { uri: AES256_CBC, key, cipherValue: Buffer.concat([iv, body]) };
}

/**
 * Encrypts a serialized `saml:NameID` element (which must declare its own `xmlns:saml`) into
 * `<saml:EncryptedID>`: `xenc:EncryptedData` (Type Element) whose `ds:KeyInfo` carries an
 * `xenc:EncryptedKey` (RSA-OAEP-MGF1P, SHA-1) — the layout xml-encryption and node-saml read.
 *
 * It is synchronous (unlike xml-encryption's `encrypt`, which is callback-based) so that
 * `buildLogoutRequest` can stay synchronous; the output decrypts with xml-encryption's
 * `decrypt`. CBC output is IV‖ciphertext (PKCS#7 padding), GCM output is IV‖ciphertext‖tag.
 *
 * @example
 * ```ts
 * const encryptedID = encryptNameID(
 *   renderNameID({ nameID: 'alice' }, true),
 *   { certificate: spCertPem },
 * );
 * ```
 */
export function encryptNameID(nameIdXml: string, to: NameIDEncryptionOptions): string {
  const content = encryptContent(to.algorithm ?? 'aes256-cbc', nameIdXml);
  const wrappedKey = publicEncrypt(
    { key: to.certificate, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    content.key,
  );
  return (
    `<saml:EncryptedID xmlns:saml="${NS.saml}">` +
    `<xenc:EncryptedData xmlns:xenc="${NS.xenc}" Type="${NS.xenc}Element">` +
    `<xenc:EncryptionMethod Algorithm="${content.uri}"/>` +
    `<ds:KeyInfo xmlns:ds="${NS.ds}"><xenc:EncryptedKey>` +
    `<xenc:EncryptionMethod Algorithm="${NS.xenc}rsa-oaep-mgf1p">` +
    `<ds:DigestMethod Algorithm="${NS.ds}sha1"/></xenc:EncryptionMethod>` +
    `<xenc:CipherData><xenc:CipherValue>${wrappedKey.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    `</xenc:EncryptedKey></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${content.cipherValue.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    `</xenc:EncryptedData></saml:EncryptedID>`
  );
}
