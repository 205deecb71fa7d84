import { createHash } from 'node:crypto';
import { UNSPECIFIED_NAME_ID_FORMAT } from './login-record';

/**
 * A stable, non-reversible key for (IdP, NameID Format, NameID value), so no raw NameID
 * (often an e-mail address) appears in index keys or logs (design §4).
 *
 * @example
 * ```ts
 * hashNameId('https://idp.example.com', 'alice@example.com'); // 'b5f0…' (64 hex chars)
 * ```
 */
export function hashNameId(issuer: string, nameID: string, nameIDFormat?: string): string {
  return createHash('sha256')
    .update(issuer)
    .update('\u0000')
    .update(nameIDFormat ?? UNSPECIFIED_NAME_ID_FORMAT)
    .update('\u0000')
    .update(nameID)
    .digest('hex');
}
