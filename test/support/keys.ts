import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '..', 'fixtures', 'keys');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

/** Test-only RSA-2048 keys and self-signed certificates, made with openssl. */
export const keys = {
  sp: { privateKey: read('sp.key.pem'), certificate: read('sp.cert.pem') },
  idp: { privateKey: read('idp.key.pem'), certificate: read('idp.cert.pem') },
  other: { privateKey: read('other.key.pem'), certificate: read('other.cert.pem') },
} as const;

/** Keys start-up must refuse or treat apart: RSA-1024, and EC P-256 (self-signed, openssl-made). */
export const otherKeys = {
  rsa1024: { privateKey: read('rsa-1024.key.pem'), certificate: read('rsa-1024.cert.pem') },
  ecP256: { privateKey: read('ec-p256.key.pem'), certificate: read('ec-p256.cert.pem') },
} as const;
