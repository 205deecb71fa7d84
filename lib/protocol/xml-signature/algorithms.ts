import { SloError, SloErrorCode } from '../../errors';

/**
 * XML Signature algorithm URIs saml-slo can produce or accept.
 *
 * @example
 * ```ts
 * XmlDsigAlgorithm.rsaSha256; // 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'
 * ```
 */
export const XmlDsigAlgorithm = {
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaSha384: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  rsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  ecdsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  ecdsaSha384: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384',
  ecdsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha384: 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  envelopedSignature: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
} as const;

/** The signature algorithms an SP may choose for what it signs. */
export type SigningAlgorithmName = 'rsa-sha256' | 'rsa-sha384' | 'rsa-sha512' | 'rsa-sha1';

interface SignatureAlgorithm {
  readonly uri: string;
  /** Node's digest name for crypto.sign / crypto.verify. */
  readonly hash: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  readonly ecdsa: boolean;
}

const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = [
  { uri: XmlDsigAlgorithm.rsaSha1, hash: 'sha1', ecdsa: false },
  { uri: XmlDsigAlgorithm.rsaSha256, hash: 'sha256', ecdsa: false },
  { uri: XmlDsigAlgorithm.rsaSha384, hash: 'sha384', ecdsa: false },
  { uri: XmlDsigAlgorithm.rsaSha512, hash: 'sha512', ecdsa: false },
  { uri: XmlDsigAlgorithm.ecdsaSha256, hash: 'sha256', ecdsa: true },
  { uri: XmlDsigAlgorithm.ecdsaSha384, hash: 'sha384', ecdsa: true },
  { uri: XmlDsigAlgorithm.ecdsaSha512, hash: 'sha512', ecdsa: true },
];

const DIGEST_ALGORITHMS: Readonly<Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'>> = {
  [XmlDsigAlgorithm.sha1]: 'sha1',
  [XmlDsigAlgorithm.sha256]: 'sha256',
  [XmlDsigAlgorithm.sha384]: 'sha384',
  [XmlDsigAlgorithm.sha512]: 'sha512',
};

/** What an inbound signature may use. SHA-1 is refused unless explicitly allowed. */
export interface AlgorithmPolicy {
  readonly allowSha1: boolean;
}

/**
 * Resolves a SignatureMethod URI under the policy.
 *
 * @throws {SloError} `SLO_ALGORITHM_FORBIDDEN`.
 * @example
 * ```ts
 * signatureAlgorithmFor(XmlDsigAlgorithm.rsaSha256, { allowSha1: false }).hash; // 'sha256'
 * ```
 */
export function signatureAlgorithmFor(uri: string, policy: AlgorithmPolicy): SignatureAlgorithm {
  const found = SIGNATURE_ALGORITHMS.find((a) => a.uri === uri);
  if (!found || (found.hash === 'sha1' && !policy.allowSha1)) {
    throw new SloError(SloErrorCode.AlgorithmForbidden, `signature algorithm not allowed: ${uri}`);
  }
  return found;
}

/**
 * Resolves a DigestMethod URI under the policy.
 *
 * @throws {SloError} `SLO_ALGORITHM_FORBIDDEN`.
 * @example
 * ```ts
 * digestAlgorithmFor(XmlDsigAlgorithm.sha256, { allowSha1: false }); // 'sha256'
 * ```
 */
export function digestAlgorithmFor(
  uri: string,
  policy: AlgorithmPolicy,
): 'sha1' | 'sha256' | 'sha384' | 'sha512' {
  const found = DIGEST_ALGORITHMS[uri];
  if (!found || (found === 'sha1' && !policy.allowSha1)) {
    throw new SloError(SloErrorCode.AlgorithmForbidden, `digest algorithm not allowed: ${uri}`);
  }
  return found;
}

/**
 * The URIs (signature and digest) and Node hash to use when we sign.
 *
 * @example
 * ```ts
 * signingAlgorithm('rsa-sha256').signatureUri; // 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'
 * ```
 */
export function signingAlgorithm(name: SigningAlgorithmName): {
  signatureUri: string;
  digestUri: string;
  hash: 'sha1' | 'sha256' | 'sha384' | 'sha512';
} {
  switch (name) {
    case 'rsa-sha1':
      return {
        signatureUri: XmlDsigAlgorithm.rsaSha1,
        digestUri: XmlDsigAlgorithm.sha1,
        hash: 'sha1',
      };
    case 'rsa-sha384':
      return {
        signatureUri: XmlDsigAlgorithm.rsaSha384,
        digestUri: XmlDsigAlgorithm.sha384,
        hash: 'sha384',
      };
    case 'rsa-sha512':
      return {
        signatureUri: XmlDsigAlgorithm.rsaSha512,
        digestUri: XmlDsigAlgorithm.sha512,
        hash: 'sha512',
      };
    case 'rsa-sha256':
      return {
        signatureUri: XmlDsigAlgorithm.rsaSha256,
        digestUri: XmlDsigAlgorithm.sha256,
        hash: 'sha256',
      };
  }
}
