import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { SloError, SloErrorCode } from '../errors';
import {
  signatureAlgorithmFor,
  signingAlgorithm,
  type AlgorithmPolicy,
  type SigningAlgorithmName,
} from '../protocol/xml-signature/algorithms';
import { verifyWithKeys } from '../protocol/xml-signature/verify-with-keys';

/** Which SAML message a Redirect or POST binding carries. */
export type SamlMessageKind = 'SAMLRequest' | 'SAMLResponse';

/** A decoded HTTP-Redirect message, with what its signature covers. */
export interface RedirectMessage {
  readonly kind: SamlMessageKind;
  readonly xml: string;
  readonly relayState?: string;
  /** Present when the query was signed. */
  readonly signature?: {
    readonly algorithm: string;
    readonly value: Buffer;
    /** The exact octets signed: `SAMLRequest=…&RelayState=…&SigAlg=…` as received. */
    readonly signedOctets: Buffer;
  };
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const PARAMETERS = new Set(['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature']);

/**
 * Decodes the HTTP-Redirect binding (SAML bindings §3.4) from the raw query string,
 * keeping each parameter's original URL-encoded octets: the signature is checked over
 * those, never over a re-encoding. Duplicate parameters are refused, and the DEFLATEd
 * message may inflate to at most `maxXmlBytes` (no DEFLATE bomb).
 *
 * @throws {SloError} `SLO_MESSAGE_INVALID` or `SLO_XML_MALFORMED`.
 * @example
 * ```ts
 * const message = decodeRedirectQuery(req.url.split('?')[1] ?? '', 262_144);
 * ```
 */
export function decodeRedirectQuery(rawQuery: string, maxXmlBytes: number): RedirectMessage {
  const raw = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (!PARAMETERS.has(name)) continue;
    if (raw.has(name)) throw invalid(`duplicate ${name} parameter`);
    raw.set(name, eq < 0 ? '' : pair.slice(eq + 1));
  }
  const kinds = (['SAMLRequest', 'SAMLResponse'] as const).filter((k) => raw.has(k));
  if (kinds.length !== 1) throw invalid('exactly one of SAMLRequest or SAMLResponse is required');
  const kind = kinds[0]!;
  const xml = inflateMessage(decodeComponent(raw.get(kind)!), maxXmlBytes);
  const relayState = raw.has('RelayState') ? decodeComponent(raw.get('RelayState')!) : undefined;

  const sigAlg = raw.get('SigAlg');
  const signature = raw.get('Signature');
  if (sigAlg === undefined && signature === undefined) {
    return { kind, xml, ...(relayState === undefined ? {} : { relayState }) };
  }
  if (sigAlg === undefined || signature === undefined)
    throw invalid('SigAlg and Signature go together');
  const signed =
    `${kind}=${raw.get(kind)}` +
    (raw.has('RelayState') ? `&RelayState=${raw.get('RelayState')}` : '') +
    `&SigAlg=${sigAlg}`;
  // Strict, as the POST binding's: Buffer.from would skip what is not base64, so a signed
  // URL with anything appended to its Signature (a fragment, a second value) still verified.
  // White space is dropped, as in the message (an encoder may wrap base64 in lines).
  const signatureText = decodeComponent(signature).replace(/\s+/g, '');
  if (!BASE64.test(signatureText)) throw invalid('Signature is not base64');
  return {
    kind,
    xml,
    ...(relayState === undefined ? {} : { relayState }),
    signature: {
      algorithm: decodeComponent(sigAlg),
      value: Buffer.from(signatureText, 'base64'),
      signedOctets: Buffer.from(signed, 'utf8'),
    },
  };
}

/**
 * Verifies a Redirect-binding signature against trusted keys only.
 *
 * @throws {SloError} `SLO_SIGNATURE_MISSING`, `SLO_ALGORITHM_FORBIDDEN` or `SLO_SIGNATURE_INVALID`.
 * @example
 * ```ts
 * verifyRedirectSignature(message, idp.signingKeys, { allowSha1: false });
 * ```
 */
export function verifyRedirectSignature(
  message: RedirectMessage,
  trustedKeys: readonly KeyObject[],
  policy: AlgorithmPolicy,
): void {
  const signature = message.signature;
  if (!signature)
    throw new SloError(SloErrorCode.SignatureMissing, 'the Redirect message is not signed');
  const algorithm = signatureAlgorithmFor(signature.algorithm, policy);
  const ok = verifyWithKeys(
    algorithm.hash,
    algorithm.ecdsa,
    signature.signedOctets,
    signature.value,
    trustedKeys,
  );
  if (!ok)
    throw new SloError(
      SloErrorCode.SignatureInvalid,
      'the Redirect signature does not verify with any trusted key',
    );
}

/**
 * Encodes a message for the HTTP-Redirect binding and signs the query (the XML carries
 * no signature of its own in this binding). Returns the full URL.
 *
 * @example
 * ```ts
 * res.redirect(await encodeRedirectUrl(idpSloUrl, 'SAMLResponse', xml, 'relay', sp.signing));
 * ```
 */
export async function encodeRedirectUrl(
  endpoint: string,
  kind: SamlMessageKind,
  xml: string,
  relayState: string | undefined,
  signing: { privateKey: KeyObject; algorithm: SigningAlgorithmName },
): Promise<string> {
  const algorithm = signingAlgorithm(signing.algorithm);
  const query =
    `${kind}=${encodeURIComponent(deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64'))}` +
    (relayState === undefined ? '' : `&RelayState=${encodeURIComponent(relayState)}`) +
    `&SigAlg=${encodeURIComponent(algorithm.signatureUri)}`;
  const value = await new Promise<Buffer>((resolve, reject) =>
    cryptoSign(algorithm.hash, Buffer.from(query, 'utf8'), signing.privateKey, (err, out) =>
      err ? reject(err) : resolve(out),
    ),
  );
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${query}&Signature=${encodeURIComponent(value.toString('base64'))}`;
}

function inflateMessage(base64: string, maxXmlBytes: number): string {
  const text = base64.replace(/\s+/g, '');
  if (!BASE64.test(text)) throw invalid('the message is not base64');
  const compressed = Buffer.from(text, 'base64');
  if (compressed.length === 0) throw invalid('empty SAML message');
  try {
    return inflateRawSync(compressed, { maxOutputLength: maxXmlBytes }).toString('utf8');
  } catch (cause) {
    throw new SloError(
      SloErrorCode.XmlMalformed,
      'the Redirect message does not inflate within the size limit',
      { cause },
    );
  }
}

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch (cause) {
    throw new SloError(SloErrorCode.MessageInvalid, 'malformed URL encoding', { cause });
  }
}

function invalid(message: string): SloError {
  return new SloError(SloErrorCode.MessageInvalid, message);
}
