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

/**
 * The certificates of a PEM bundle (several `-----BEGIN CERTIFICATE-----` blocks in one
 * string, as operators stage a key rollover), one PEM each; anything else is returned as is.
 * Node's `X509Certificate` reads only the first block of a bundle, so every reader of
 * certificates splits first.
 *
 * @example
 * ```ts
 * splitPemBundle(currentPem + nextPem); // [currentPem, nextPem]
 * splitPemBundle(onePem); // [onePem]
 * ```
 */
export function splitPemBundle(input: PemInput): PemInput[] {
  const text = Buffer.isBuffer(input) ? input.toString('utf8') : input;
  if (typeof text !== 'string') return [input];
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  return blocks && blocks.length > 1 ? blocks : [input];
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
    return splitPemBundle(entry).map((one) => {
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
