import type { SigningKey } from './signer';

/**
 * Generates an RSA-2048 private key and a self-signed certificate (SHA-256, valid one year)
 * with the `selfsigned` package, loaded only when called: users who always pass their own
 * keys to `createTestIdp` do not need `selfsigned` installed.
 *
 * @throws When `selfsigned` is not installed (the message says how to fix it).
 *
 * @example
 * ```ts
 * const { privateKey, certificate } = await generateKeyPair('test-idp');
 * ```
 */
export async function generateKeyPair(commonName: string): Promise<SigningKey> {
  let selfsigned: typeof import('selfsigned');
  try {
    selfsigned = await import('selfsigned');
  } catch (cause) {
    throw new Error(
      'createTestIdp: generating a key needs the `selfsigned` package (npm install -D selfsigned), ' +
        'or pass privateKey and certificate',
      { cause },
    );
  }
  const pems = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
  });
  return { privateKey: pems.private, certificate: pems.cert };
}
