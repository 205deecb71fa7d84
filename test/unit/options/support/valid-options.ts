import session from 'express-session';
import type { IdpOptions, SloOptions } from '../../../../lib';
import { keys } from '../../../support/keys';

/** The entityID of the one IdP {@link validOptions} trusts. */
export const TEST_IDP = 'https://idp.test/metadata';

/**
 * The smallest valid options: the fixture SP key at https://sp.test, one IdP (`TEST_IDP`,
 * the fixture IdP certificate), a MemoryStore; `sp` and `idp` fields overridden, and any
 * other option added, as given.
 *
 * @example
 * ```ts
 * createSlo(validOptions({ sp: { privateKey: weakKey }, paths: { logout: '/slo' } }));
 * ```
 */
export function validOptions({
  sp,
  idp,
  ...rest
}: { sp?: Partial<SloOptions['sp']>; idp?: Partial<IdpOptions> } & Partial<
  Omit<SloOptions, 'sp'>
> = {}): SloOptions {
  return {
    sp: { entityID: 'https://sp.test/metadata', baseUrl: 'https://sp.test', ...keys.sp, ...sp },
    idps: [{ entityID: TEST_IDP, signingCertificates: keys.idp.certificate, ...idp }],
    store: new session.MemoryStore(),
    ...rest,
  };
}
