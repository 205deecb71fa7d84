/**
 * Signature algorithms the test IdP can sign with.
 *
 * @example
 * ```ts
 * const alg: TestSignatureAlgorithm = 'rsa-sha256';
 * ```
 */
export type TestSignatureAlgorithm = 'rsa-sha256' | 'rsa-sha1' | 'rsa-sha512';

/**
 * XML-DSig URIs for one {@link TestSignatureAlgorithm}.
 *
 * @example
 * ```ts
 * const uris: SignatureAlgorithmUris = signatureAlgorithmUris('rsa-sha1');
 * ```
 */
export interface SignatureAlgorithmUris {
  /** `SignatureMethod/@Algorithm`. */
  readonly signature: string;
  /** `DigestMethod/@Algorithm`. */
  readonly digest: string;
}

const SHA1_DIGEST = 'http://www.w3.org/2000/09/xmldsig#sha1';
const SHA256_DIGEST = 'http://www.w3.org/2001/04/xmlenc#sha256';

const URIS: Readonly<Record<TestSignatureAlgorithm, SignatureAlgorithmUris>> = {
  'rsa-sha1': { signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', digest: SHA1_DIGEST },
  'rsa-sha256': {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    digest: SHA256_DIGEST,
  },
  'rsa-sha512': {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
    digest: SHA256_DIGEST,
  },
};

/**
 * Maps a short algorithm name to its signature and digest URIs. The digest is SHA-256,
 * except SHA-1 for `rsa-sha1`.
 *
 * @example
 * ```ts
 * signatureAlgorithmUris('rsa-sha256').digest; // 'http://www.w3.org/2001/04/xmlenc#sha256'
 * ```
 */
export function signatureAlgorithmUris(algorithm: TestSignatureAlgorithm): SignatureAlgorithmUris {
  const uris = URIS[algorithm];
  if (uris === undefined) {
    throw new Error(`Unsupported signature algorithm: ${String(algorithm)}`);
  }
  return uris;
}
