import { createHash } from 'node:crypto';
import { UNSPECIFIED_NAME_ID_FORMAT } from './login-record';

/**
 * A stable, non-reversible key for (IdP, NameID Format, NameID value), so no raw NameID
 * (often an e-mail address) appears in index keys or logs (design §4). With `sp` (an SP's
 * entityID), the key of that user at that SP: SPs sharing one store stay apart.
 *
 * @example
 * ```ts
 * hashNameId('https://idp.example.com', 'alice@example.com'); // 'b5f0…' (64 hex chars)
 * hashNameId('https://idp.example.com', 'alice@example.com', undefined, 'https://sp.example.com');
 * ```
 */
export function hashNameId(
  issuer: string,
  nameID: string,
  nameIDFormat?: string,
  sp?: string,
): string {
  const hash = createHash('sha256');
  if (sp !== undefined) hash.update(sp).update('\u0000');
  return hash
    .update(issuer)
    .update('\u0000')
    .update(nameIDFormat ?? UNSPECIFIED_NAME_ID_FORMAT)
    .update('\u0000')
    .update(nameID)
    .digest('hex');
}
