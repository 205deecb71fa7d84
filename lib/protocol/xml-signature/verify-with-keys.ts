import { verify as cryptoVerify, type KeyObject } from 'node:crypto';

/**
 * True when `signature` over `data` verifies with one of `keys`. Each key is tried only
 * with the algorithm family it belongs to (RSA keys for RSA URIs, EC keys for ECDSA), and a
 * key crypto cannot use at all (e.g. Ed25519 with a digest) counts as not verifying —
 * never an exception escaping to the caller.
 *
 * @example
 * ```ts
 * verifyWithKeys('sha256', false, octets, signature, idp.signingKeys); // true | false
 * ```
 */
export function verifyWithKeys(
  hash: string,
  ecdsa: boolean,
  data: Buffer,
  signature: Buffer,
  keys: readonly KeyObject[],
): boolean {
  return keys.some((key) => {
    if (key.asymmetricKeyType !== (ecdsa ? 'ec' : 'rsa')) return false;
    try {
      return cryptoVerify(hash, data, ecdsa ? { key, dsaEncoding: 'ieee-p1363' } : key, signature);
    } catch {
      return false;
    }
  });
}
