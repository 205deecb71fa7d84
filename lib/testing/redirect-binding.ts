import { sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { signatureAlgorithmUris, type TestSignatureAlgorithm } from './signature-algorithms';
import type { SigningKey } from './signer';

/**
 * The two query parameters that carry a SAML message in the HTTP-Redirect and HTTP-POST
 * bindings.
 *
 * @example
 * ```ts
 * const kind: SamlMessageParameter = 'SAMLResponse';
 * ```
 */
export type SamlMessageParameter = 'SAMLRequest' | 'SAMLResponse';

/**
 * How {@link buildRedirectBindingUrl} encodes and signs a message.
 *
 * @example
 * ```ts
 * const options: RedirectBindingOptions = {
 *   relayState: 'back-to-app',
 *   signWith: { privateKey, certificate },
 *   signatureAlgorithm: 'rsa-sha256',
 * };
 * ```
 */
export interface RedirectBindingOptions {
  /** `RelayState` parameter (omitted when absent). */
  relayState?: string;
  /** The key that signs the query; without it the URL carries no `SigAlg`/`Signature`. */
  signWith?: SigningKey;
  /** Default `rsa-sha256`. */
  signatureAlgorithm?: TestSignatureAlgorithm;
  /**
   * Percent-encode with lowercase hex digits (`%2f`), as ADFS does, and sign those very
   * octets. Default `false` (uppercase, as `encodeURIComponent`).
   */
  lowercasePercentEncoding?: boolean;
}

/**
 * What {@link readRedirectBindingUrl} found in an HTTP-Redirect URL.
 *
 * @example
 * ```ts
 * const { kind, xml, signatureValid }: RedirectBindingReadout = readRedirectBindingUrl(url, spCertPem);
 * ```
 */
export interface RedirectBindingReadout {
  /** Which message parameter the URL carries. */
  kind: SamlMessageParameter;
  /** The inflated message XML. */
  xml: string;
  /** Decoded `RelayState`, when present. */
  relayState?: string;
  /** Decoded `SigAlg`, when present. */
  sigAlg?: string;
  /**
   * The URL carries `SigAlg` and `Signature`, the algorithm is RSA-SHA1/256/384/512, and the
   * signature verifies with the given certificate over the query octets exactly as they
   * appear in the URL (`<kind>=…&RelayState=…&SigAlg=…`).
   */
  signatureValid: boolean;
}

const HASH_OF_SIG_ALG: Readonly<Record<string, string>> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'sha1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': 'sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'sha512',
};

const HASH_OF_ALGORITHM: Readonly<Record<TestSignatureAlgorithm, string>> = {
  'rsa-sha1': 'sha1',
  'rsa-sha256': 'sha256',
  'rsa-sha512': 'sha512',
};

const MAX_INFLATED_BYTES = 10 * 1024 * 1024;

/**
 * Encodes a SAML message for the HTTP-Redirect binding (SAML bindings §3.4): DEFLATE (raw),
 * base64, URL-encode; adds `RelayState`; and, with `signWith`, signs the octets
 * `<kind>=…&RelayState=…&SigAlg=…` with node:crypto and appends `Signature`. The XML itself
 * should carry no signature of its own in this binding.
 *
 * @param endpoint - The receiver's URL; `?` or `&` is added as needed.
 * @returns The full URL to send the browser to.
 *
 * @example
 * ```ts
 * import { buildRedirectBindingUrl } from 'saml-slo/testing';
 * const url = buildRedirectBindingUrl('https://sp.test/saml/logout', 'SAMLRequest', xml, {
 *   relayState: 'r1',
 *   signWith: { privateKey: idpKeyPem, certificate: idpCertPem },
 * });
 * ```
 */
export function buildRedirectBindingUrl(
  endpoint: string,
  kind: SamlMessageParameter,
  xml: string,
  options: RedirectBindingOptions = {},
): string {
  const encode = (value: string) => {
    const encoded = encodeURIComponent(value);
    return options.lowercasePercentEncoding
      ? encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase())
      : encoded;
  };
  let query =
    `${kind}=${encode(deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64'))}` +
    (options.relayState === undefined ? '' : `&RelayState=${encode(options.relayState)}`);
  if (options.signWith) {
    const algorithm = options.signatureAlgorithm ?? 'rsa-sha256';
    query += `&SigAlg=${encode(signatureAlgorithmUris(algorithm).signature)}`;
    const signature = cryptoSign(
      HASH_OF_ALGORITHM[algorithm],
      Buffer.from(query, 'utf8'),
      options.signWith.privateKey,
    );
    query += `&Signature=${encode(signature.toString('base64'))}`;
  }
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${query}`;
}

/**
 * Reads an HTTP-Redirect URL the way a careful receiver does: keeps every parameter's raw
 * octets, refuses a parameter given twice, inflates the message, and checks the query
 * signature against `certificate` over the octets as received (never a re-encoding). A
 * missing or wrong signature is reported as `signatureValid: false`, not thrown.
 *
 * @throws When the URL has no or both message parameters, a repeated parameter, or a message
 *   that does not inflate.
 *
 * @example
 * ```ts
 * const res = await fetch(`${sp}/sp-logout`, { method: 'POST', redirect: 'manual' });
 * const { kind, xml, signatureValid } = readRedirectBindingUrl(res.headers.get('location')!, spCertPem);
 * ```
 */
export function readRedirectBindingUrl(url: string, certificate: string): RedirectBindingReadout {
  const hash = url.indexOf('#');
  const withoutFragment = hash < 0 ? url : url.slice(0, hash);
  const question = withoutFragment.indexOf('?');
  const rawQuery = question < 0 ? '' : withoutFragment.slice(question + 1);
  const raw = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (raw.has(name)) throw new Error(`readRedirectBindingUrl: ${name} appears twice`);
    raw.set(name, eq < 0 ? '' : pair.slice(eq + 1));
  }
  const kinds = (['SAMLRequest', 'SAMLResponse'] as const).filter((k) => raw.has(k));
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined) {
    throw new Error('readRedirectBindingUrl: expected exactly one of SAMLRequest, SAMLResponse');
  }
  const rawMessage = raw.get(kind) ?? '';
  const xml = inflateRawSync(Buffer.from(decode(rawMessage), 'base64'), {
    maxOutputLength: MAX_INFLATED_BYTES,
  }).toString('utf8');
  const rawRelayState = raw.get('RelayState');
  const rawSigAlg = raw.get('SigAlg');
  const rawSignature = raw.get('Signature');
  const sigAlg = rawSigAlg === undefined ? undefined : decode(rawSigAlg);
  let signatureValid = false;
  const digest = sigAlg === undefined ? undefined : HASH_OF_SIG_ALG[sigAlg];
  if (digest !== undefined && rawSignature !== undefined) {
    const signedOctets =
      `${kind}=${rawMessage}` +
      (rawRelayState === undefined ? '' : `&RelayState=${rawRelayState}`) +
      `&SigAlg=${rawSigAlg}`;
    try {
      signatureValid = cryptoVerify(
        digest,
        Buffer.from(signedOctets, 'utf8'),
        certificate,
        Buffer.from(decode(rawSignature), 'base64'),
      );
    } catch {
      signatureValid = false;
    }
  }
  return {
    kind,
    xml,
    ...(rawRelayState === undefined ? {} : { relayState: decode(rawRelayState) }),
    ...(sigAlg === undefined ? {} : { sigAlg }),
    signatureValid,
  };
}

function decode(component: string): string {
  return decodeURIComponent(component.replace(/\+/g, ' '));
}
