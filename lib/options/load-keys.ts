import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { SloError, SloErrorCode } from '../errors';
import type { PemInput } from './slo-options';

/**
 * Parses a certificate given as PEM or as bare base64 DER (the way metadata carries it).
 *
 * @throws {SloError} `SLO_OPTION_INVALID` naming `option`.
 * @example
 * ```ts
 * const cert = loadCertificate(fs.readFileSync('idp.pem'), 'idps[0].signingCertificates[0]');
 * ```
 */
export function loadCertificate(input: PemInput, option: string): X509Certificate {
  const text = Buffer.isBuffer(input) ? input.toString('utf8') : input;
  if (typeof text !== 'string' || text.trim() === '') {
    throw optionError(option, 'is empty; pass the certificate as a PEM string');
  }
  refuseNonCertificateBlocks(text, option);
  const pem = text.includes('-----BEGIN')
    ? text
    : `-----BEGIN CERTIFICATE-----\n${text.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
  try {
    return new X509Certificate(pem);
  } catch (cause) {
    throw optionError(
      option,
      'is not an X.509 certificate; pass a PEM "-----BEGIN CERTIFICATE-----" block',
      cause,
    );
  }
}

/** The PEM labels Node's `X509Certificate` reads as a certificate. */
const CERTIFICATE_LABELS: ReadonlySet<string> = new Set([
  'CERTIFICATE',
  'X509 CERTIFICATE',
  'TRUSTED CERTIFICATE',
]);
const CERTIFICATE_BLOCK =
  /-----BEGIN ((?:X509 |TRUSTED )?CERTIFICATE)-----[\s\S]*?-----END \1-----/g;
const PEM_LABEL = /-----BEGIN ([^\r\n-]{1,40})-----/g;

/**
 * The certificates of a PEM bundle (several `-----BEGIN CERTIFICATE-----` blocks in one
 * string, as operators stage a key rollover), one PEM each; anything else is returned as is.
 * Node's `X509Certificate` reads only the first block of a bundle, so every reader of
 * certificates splits first. A block of another type (a private key pasted with the
 * certificate) is refused, naming `option`, rather than dropped.
 *
 * @throws {SloError} `SLO_OPTION_INVALID` naming `option` and the block's type.
 * @example
 * ```ts
 * splitPemBundle(currentPem + nextPem, 'signedBy'); // [currentPem, nextPem]
 * splitPemBundle(onePem, 'signedBy'); // [onePem]
 * splitPemBundle(keyPem + onePem, 'signedBy'); // throws: holds a "PRIVATE KEY" PEM block
 * ```
 */
export function splitPemBundle(input: PemInput, option: string): PemInput[] {
  const text = Buffer.isBuffer(input) ? input.toString('utf8') : input;
  if (typeof text !== 'string') return [input];
  refuseNonCertificateBlocks(text, option);
  const blocks = text.match(CERTIFICATE_BLOCK);
  return blocks && blocks.length > 1 ? blocks : [input];
}

/**
 * Refuses a PEM block that is not a certificate where certificates are expected: Node would
 * skip it without a word. Only the block's type is named, never its content.
 */
function refuseNonCertificateBlocks(text: string, option: string): void {
  for (const [, label] of text.matchAll(PEM_LABEL)) {
    if (label !== undefined && !CERTIFICATE_LABELS.has(label)) {
      throw optionError(
        option,
        `holds a "${label}" PEM block, which is not a certificate; remove it and pass only "-----BEGIN CERTIFICATE-----" blocks here`,
      );
    }
  }
}

/**
 * Parses one certificate, a PEM bundle of several, or a list of either, into every
 * certificate they hold. A list entry is named `option[i]` in errors; `check` runs on each
 * certificate with that name.
 *
 * @throws {SloError} `SLO_OPTION_INVALID` naming the entry.
 * @example
 * ```ts
 * const trusted = loadCertificates(currentPem + nextPem, 'idps[0].signingCertificates'); // two
 * ```
 */
export function loadCertificates(
  input: PemInput | readonly PemInput[],
  option: string,
  check?: (certificate: X509Certificate, option: string) => void,
): X509Certificate[] {
  const list: readonly PemInput[] = Array.isArray(input) ? input : [input as PemInput];
  return list.flatMap((entry, i) => {
    const path = Array.isArray(input) ? `${option}[${i}]` : option;
    return splitPemBundle(entry, path).map((one) => {
      const certificate = loadCertificate(one, path);
      check?.(certificate, path);
      return certificate;
    });
  });
}

/**
 * Parses a private key once into a KeyObject (design §9: never parse PEM per message).
 *
 * @throws {SloError} `SLO_OPTION_INVALID` naming `option`.
 * @example
 * ```ts
 * const key = loadPrivateKey(fs.readFileSync('sp.key.pem', 'utf8'), 'sp.privateKey');
 * ```
 */
export function loadPrivateKey(input: PemInput | KeyObject, option: string): KeyObject {
  if (
    typeof input === 'object' &&
    !Buffer.isBuffer(input) &&
    (input as KeyObject).type !== undefined
  ) {
    const key = input as KeyObject;
    if (key.type !== 'private') throw optionError(option, 'must be a private key');
    return key;
  }
  try {
    return createPrivateKey(input as PemInput);
  } catch (cause) {
    throw optionError(
      option,
      'is not a private key; pass an unencrypted PEM "-----BEGIN PRIVATE KEY-----" block',
      cause,
    );
  }
}

/** The smallest RSA modulus accepted, in bits: smaller ones are disallowed (NIST SP 800-131A). */
export const MIN_RSA_BITS = 2048;

/**
 * The modulus size of `key` when it is an RSA key under {@link MIN_RSA_BITS} bits; otherwise
 * (a strong RSA key, or an EC key, whose curves are checked elsewhere) `undefined`.
 *
 * @example
 * ```ts
 * weakRsaBits(new X509Certificate(pem1024).publicKey); // 1024
 * weakRsaBits(new X509Certificate(pem2048).publicKey); // undefined
 * ```
 */
export function weakRsaBits(key: KeyObject): number | undefined {
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'rsa-pss') return undefined;
  const bits = key.asymmetricKeyDetails?.modulusLength;
  return bits !== undefined && bits < MIN_RSA_BITS ? bits : undefined;
}

/**
 * Refuses an RSA key under {@link MIN_RSA_BITS} bits, naming `option`, the size and `fix`.
 *
 * @throws {SloError} `SLO_OPTION_INVALID` naming `option`.
 * @example
 * ```ts
 * refuseWeakRsaKey(privateKey, 'sp.privateKey', 'generate a 3072-bit key');
 * ```
 */
export function refuseWeakRsaKey(key: KeyObject, option: string, fix: string): void {
  const bits = weakRsaBits(key);
  if (bits !== undefined)
    throw optionError(
      option,
      `holds a ${bits}-bit RSA key; RSA keys under ${MIN_RSA_BITS} bits are too weak to trust and are refused: ${fix}`,
    );
}

/**
 * A `SLO_OPTION_INVALID` error whose message starts with the option's path.
 *
 * @example
 * ```ts
 * throw optionError('sp.entityID', 'is required; set it to this SP\'s entityID');
 * ```
 */
export function optionError(option: string, problem: string, cause?: unknown): SloError {
  return new SloError(SloErrorCode.OptionInvalid, `saml-slo option ${option} ${problem}`, {
    option,
    ...(cause === undefined ? {} : { cause }),
  });
}
