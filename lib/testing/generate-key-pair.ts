import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { SigningKey } from './signer';

/**
 * Generates an RSA-2048 private key and a self-signed certificate (SHA-256, valid one year)
 * with the `selfsigned` package, loaded only when called: users who always pass their own
 * keys to `createTestIdp` do not need `selfsigned` installed. The pair is parsed back with
 * Node's crypto before it is returned.
 *
 * @throws When `selfsigned` is not installed (the message says how to fix it), or made
 *   three pairs in a row that Node cannot read.
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
  // Each pair is parsed back before it is handed out: a certificate Node cannot read would
  // otherwise surface much later as an option error far from its cause (seen once in CI,
  // not reproduced in 840 generations since). A bad one is generated again, at most twice.
  let lastProblem: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const pems = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
      keySize: 2048,
      algorithm: 'sha256',
    });
    try {
      new X509Certificate(pems.cert);
      createPrivateKey(pems.private);
      return { privateKey: pems.private, certificate: pems.cert };
    } catch (problem) {
      lastProblem = problem;
      // Kept visible, so the next occurrence can be diagnosed rather than hidden by a retry.
      process.emitWarning(`a key pair made by selfsigned could not be read (${String(problem)})`, {
        code: 'SAML_SLO_TEST_KEY_PAIR',
        detail: pems.cert,
      });
    }
  }
  throw new Error('generateTestKeyPair: `selfsigned` made three key pairs Node cannot read', {
    cause: lastProblem,
  });
}
