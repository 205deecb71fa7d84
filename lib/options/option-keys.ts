import type { SloHooks } from '../hooks/hook-events';
import { optionError } from './load-keys';
import { allKeysOf, isOptionObject, refuseUnknownKeys } from './refuse-unknown-keys';
import type { EndpointInput, IdpOptions, SloOptions } from './slo-options';

type Section<K extends keyof SloOptions> = NonNullable<SloOptions[K]>;

/**
 * Every key `createSlo` reads, per level of the options object; anything else is refused as
 * a likely typo. Each list is checked by the compiler against its type, so an option added
 * to {@link SloOptions} must be listed here before it compiles.
 *
 * @example
 * ```ts
 * refuseUnknownKeys(options.security, 'security', OPTION_KEYS.security);
 * ```
 */
export const OPTION_KEYS = {
  top: allKeysOf<SloOptions>()([
    'sp',
    'idps',
    'store',
    'sessionIndex',
    'replayCache',
    'paths',
    'clockSkewMs',
    'maxMessageAgeMs',
    'security',
    'limits',
    'spInitiated',
    'metadata',
    'noSessionStatus',
    'hooks',
    'metrics',
    'logger',
    'now',
  ]),
  sp: allKeysOf<SloOptions['sp']>()([
    'entityID',
    'baseUrl',
    'privateKey',
    'certificate',
    'decryptionKey',
    'decryptionCertificate',
    'signatureAlgorithm',
    'acsUrl',
    'afterLogoutUrl',
  ]),
  idp: allKeysOf<IdpOptions>()([
    'entityID',
    'signingCertificates',
    'tlsClientCertificates',
    'singleLogoutService',
    'singleSignOnService',
  ]),
  singleLogoutService: allKeysOf<NonNullable<IdpOptions['singleLogoutService']>>()([
    'soap',
    'redirect',
    'post',
  ]),
  endpoint: allKeysOf<Exclude<EndpointInput, string>>()(['location', 'responseLocation']),
  paths: allKeysOf<Section<'paths'>>()(['logout', 'metadata']),
  security: allKeysOf<Section<'security'>>()([
    'allowSha1',
    'requireDestination',
    'soapClientCertificate',
  ]),
  limits: allKeysOf<Section<'limits'>>()(['maxBodyBytes', 'bodyTimeoutMs']),
  spInitiated: allKeysOf<Section<'spInitiated'>>()([
    'bindings',
    'allowGet',
    'soapTimeoutMs',
    'requestLifetimeMs',
  ]),
  metadata: allKeysOf<Section<'metadata'>>()(['sign', 'soap', 'nameIDFormats', 'validForMs']),
  hooks: allKeysOf<SloHooks>()([
    'beforeLogout',
    'onSessionDestroyed',
    'afterLogout',
    'onSpLogoutResult',
  ]),
} as const;

/** The sections of the options object that hold named options, each checked like the top. */
const SECTIONS = ['paths', 'security', 'limits', 'spInitiated', 'metadata', 'hooks'] as const;

/**
 * Refuses unknown keys at every level of the options object saml-slo reads as named options
 * (the top, `sp`, `paths`, `security`, `limits`, `spInitiated`, `metadata`, `hooks`; `idps[]`
 * and its endpoints are checked as they are read), and a section that is not an object.
 * The store, index, cache, logger and metrics are the app's own objects: not checked here.
 *
 * @throws {SloError} `SLO_OPTION_INVALID` naming the unknown key's path and, when one is
 *   close, the key meant.
 * @example
 * ```ts
 * refuseUnknownOptionKeys({ ...options, security: { allowSHA1: true } });
 * // → saml-slo option security.allowSHA1 is not an option; did you mean security.allowSha1? …
 * ```
 */
export function refuseUnknownOptionKeys(options: SloOptions): void {
  refuseUnknownKeys(options, '', OPTION_KEYS.top);
  if (isOptionObject(options.sp)) refuseUnknownKeys(options.sp, 'sp', OPTION_KEYS.sp);
  for (const name of SECTIONS) {
    const section: unknown = options[name];
    if (section === undefined) continue;
    if (!isOptionObject(section))
      throw optionError(name, `must be an object: { ${OPTION_KEYS[name].join(', ')} }`);
    refuseUnknownKeys(section, name, OPTION_KEYS[name], {
      ...(name === 'hooks' ? { noun: 'a hook' } : {}),
    });
  }
}
