import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Directory of the openssl-made test keys. */
export const KEYS_DIR = join(__dirname, '..', '..', 'fixtures', 'keys');

/** Path of test/fixtures/keys/<who>.<kind>.pem. */
export function keyPath(who: 'sp' | 'idp' | 'other', kind: 'key' | 'cert'): string {
  return join(KEYS_DIR, `${who}.${kind}.pem`);
}

/** Contents of test/fixtures/keys/<who>.<kind>.pem. */
export function readKey(who: 'sp' | 'idp' | 'other', kind: 'key' | 'cert'): string {
  return readFileSync(keyPath(who, kind), 'utf8');
}
