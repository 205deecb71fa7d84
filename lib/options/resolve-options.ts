import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import type { SloLogger } from '../logging/logger';
import { containLogger, silentLogger } from '../logging/logger';
import { MemoryReplayCache } from '../session-index/memory-replay-cache';
import { MemorySessionIndex } from '../session-index/memory-session-index';
import type { ReplayCache, SessionIndex } from '../session-index/session-index';
import type { EndpointRef, IdpDescriptor, SloBinding } from '../protocol/message/idp-descriptor';
import type { NoSessionStatus } from '../protocol/logout/decide-status';
import type { SigningCredentials } from '../protocol/xml-signature/sign-enveloped';
import { DEFAULT_XML_LIMITS, type XmlLimits } from '../protocol/xml/parse-xml';
import {
  loadCertificate,
  loadCertificates,
  loadPrivateKey,
  optionError,
  refuseWeakRsaKey,
} from './load-keys';
import { integerOption } from './integer-option';
import type { ConfiguredCertificate } from './warn-expired-certificates';
import { isOptionObject, refuseUnknownKeys } from './refuse-unknown-keys';
import { OPTION_KEYS, refuseUnknownOptionKeys } from './option-keys';
import { BINDING_URI } from '../protocol/metadata/build-sp-metadata';
import type { SloHooks } from '../hooks/hook-events';
import { DEFAULT_HOOKS } from '../hooks/default-hooks';
import { NO_METRICS, type SloMetrics } from '../metrics/slo-metrics';
import type {
  EndpointInput,
  IdpOptions,
  PemInput,
  SessionStoreLike,
  SloOptions,
} from './slo-options';

/** An IdP after validation: keys parsed, endpoints checked. */
export interface ResolvedIdp extends IdpDescriptor {
  readonly certificates: readonly X509Certificate[];
  /** `tlsClientCertificates`, parsed, when given. */
  readonly tlsClientCertificates?: readonly X509Certificate[];
}

/** The validated, parsed configuration every part of saml-slo works from. */
export interface ResolvedConfig {
  readonly spEntityID: string;
  readonly logoutUrl: string;
  readonly metadataUrl: string;
  readonly logoutPath: string;
  readonly metadataPath: string;
  readonly signing: SigningCredentials;
  readonly spCertificate: X509Certificate;
  /** The key that decrypts EncryptedIDs (PKCS#8 PEM): `sp.decryptionKey`, else `sp.privateKey`. */
  readonly decryptionKeyPem: string;
  /** The certificate to advertise for encryption (base64 DER), when known to match the decryption key. */
  readonly encryptionCertificateBase64?: string;
  readonly idps: ReadonlyMap<string, ResolvedIdp>;
  /** `sp.certificate` and every IdP signing certificate, with their option paths. */
  readonly certificates: readonly ConfiguredCertificate[];
  readonly store: SessionStoreLike;
  readonly sessionIndex: SessionIndex;
  readonly replayCache: ReplayCache;
  readonly clockSkewMs: number;
  readonly maxMessageAgeMs: number;
  readonly allowSha1: boolean;
  readonly requireDestination: boolean;
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  readonly xmlLimits: XmlLimits;
  readonly noSessionStatus: NoSessionStatus;
  readonly logger: SloLogger;
  readonly now: () => number;
  readonly hooks: Required<SloHooks>;
  /** Whether the app gave a `beforeLogout` hook (which must never be shown a replay). */
  readonly beforeLogoutConfigured: boolean;
  /** Mutual TLS pins (fingerprint256 → IdPs), when `security.soapClientCertificate`. */
  readonly soapClientCertificates?: ReadonlyMap<string, ReadonlySet<string>>;
  readonly metrics: SloMetrics;
  readonly baseOrigin: string;
  readonly acsUrl: string;
  readonly afterLogoutUrl: string;
  readonly spBindings: readonly SloBinding[];
  readonly allowGetLogout: boolean;
  readonly soapTimeoutMs: number;
  readonly requestLifetimeMs: number;
  readonly signMetadata: boolean;
  /**
   * With `signMetadata`: how long signed metadata is valid after it is signed, ms; absent
   * for `metadata.validForMs: false` (no validUntil).
   */
  readonly metadataValidForMs?: number;
  readonly advertiseSoap: 'auto' | boolean;
  readonly nameIDFormats: readonly string[];
}

/** 7 days: how long signed SP metadata is valid by default (half Shibboleth's 14-day limit). */
const DEFAULT_METADATA_VALIDITY_MS = 7 * 24 * 3_600_000;
/**
 * The shortest `metadata.validForMs` accepted: one hour, so what is served (valid for nine
 * tenths of it at least) outlives the 5 minutes caches may keep it (`Cache-Control`).
 */
const SHORTEST_METADATA_VALIDITY_MS = 3_600_000;
/** The longest `metadata.validForMs` accepted: ten years, as `idpFromMetadata`'s `maxValidityMs`. */
const LONGEST_METADATA_VALIDITY_MS = 10 * 365 * 24 * 3_600_000;

/** The fix for a weak SP key: a new one, and its certificate given to the IdPs. */
const NEW_SP_KEY =
  'generate an RSA key of 2048 bits or more with its certificate (openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj /CN=sp -keyout sp.key.pem -out sp.cert.pem) and give the IdPs the new certificate (SP metadata carries it)';

const SIGNING_ALGORITHMS = ['rsa-sha256', 'rsa-sha384', 'rsa-sha512', 'rsa-sha1'] as const;

/**
 * Validates {@link SloOptions} once, at start-up, and parses every key.
 *
 * @throws {SloError} `SLO_OPTION_INVALID` with `option` set to the offending path and a
 *   message that says how to fix it.
 * @example
 * ```ts
 * const config = resolveOptions(options);
 * ```
 */
export function resolveOptions(options: SloOptions): ResolvedConfig {
  if (!options || typeof options !== 'object') throw optionError('(options)', 'must be an object');
  // A misspelt option would otherwise read as absent: its default, silently.
  refuseUnknownOptionKeys(options);
  const sp = options.sp;
  if (!sp || typeof sp !== 'object')
    throw optionError('sp', 'is required: { entityID, baseUrl, privateKey, certificate }');
  const spEntityID = requireString(sp.entityID, 'sp.entityID', "this SP's entityID");
  const baseUrl = requireBaseUrl(sp.baseUrl);
  const logoutPath = requirePath(options.paths?.logout ?? '/saml/logout', 'paths.logout');
  const metadataPath = requirePath(options.paths?.metadata ?? '/saml/metadata', 'paths.metadata');
  // The router serves metadata at a path it matches first: a logout endpoint on the same
  // path would be advertised but answer every LogoutRequest 405.
  if (logoutPath === metadataPath)
    throw optionError(
      'paths.logout',
      `equals paths.metadata (${metadataPath}), so the logout endpoint could not be reached; give the two endpoints different paths`,
    );
  if (sp.privateKey === undefined)
    throw optionError('sp.privateKey', "is required: the SP's signing key (PEM)");
  const privateKey = loadPrivateKey(sp.privateKey, 'sp.privateKey');
  if (sp.certificate === undefined)
    throw optionError('sp.certificate', "is required: the SP's certificate (PEM)");
  const spCertificate = loadCertificate(sp.certificate, 'sp.certificate');
  if (!spCertificate.checkPrivateKey(privateKey)) {
    throw optionError(
      'sp.certificate',
      'does not match sp.privateKey; pass the certificate issued for that key',
    );
  }
  const algorithm = sp.signatureAlgorithm ?? 'rsa-sha256';
  if (!SIGNING_ALGORITHMS.includes(algorithm)) {
    throw optionError('sp.signatureAlgorithm', `must be one of ${SIGNING_ALGORITHMS.join(', ')}`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw optionError('sp.privateKey', `must be an RSA key (got ${privateKey.asymmetricKeyType})`);
  }
  // sp.certificate was checked to match this key, so it holds the same modulus.
  refuseWeakRsaKey(privateKey, 'sp.privateKey', NEW_SP_KEY);
  const decryptionKeyPem = resolveDecryptionKey(sp.decryptionKey, privateKey);
  const encryptionCertificateBase64 = resolveEncryptionCertificate(
    sp,
    spCertificate,
    decryptionKeyPem,
  );

  if (!Array.isArray(options.idps) || options.idps.length === 0) {
    throw optionError('idps', 'must list at least one IdP: [{ entityID, signingCertificates }]');
  }
  const idps = new Map<string, ResolvedIdp>();
  const certificates: ConfiguredCertificate[] = [
    { option: 'sp.certificate', certificate: spCertificate },
  ];
  options.idps.forEach((idp, i) => {
    const resolved = resolveIdp(idp, `idps[${i}]`, certificates);
    if (idps.has(resolved.entityID))
      throw optionError(`idps[${i}].entityID`, `repeats ${resolved.entityID}; list each IdP once`);
    idps.set(resolved.entityID, resolved);
  });

  requireStore(options.store);
  const maxBodyBytes = integerOption(
    options.limits?.maxBodyBytes ?? 256 * 1024,
    'limits.maxBodyBytes',
  );
  const bodyTimeoutMs = integerOption(
    options.limits?.bodyTimeoutMs ?? 10_000,
    'limits.bodyTimeoutMs',
  );
  const noSessionStatus = options.noSessionStatus ?? 'success';
  if (noSessionStatus !== 'success' && noSessionStatus !== 'unknown-principal') {
    throw optionError('noSessionStatus', "must be 'success' or 'unknown-principal'");
  }
  requireInterface(options.sessionIndex, 'sessionIndex', [
    'add',
    'find',
    'claimForLogout',
    'touch',
    'tombstone',
    'remove',
    'isLoggedOut',
  ]);
  if (options.sessionIndex !== undefined && typeof options.sessionIndex.shared !== 'boolean') {
    throw optionError(
      'sessionIndex',
      'must say whether every instance sees it: shared: true (e.g. in Redis) or shared: false (one process)',
    );
  }
  requireInterface(options.replayCache, 'replayCache', ['remember']);
  if (options.sessionIndex?.shared === true && options.replayCache === undefined) {
    // The default replay cache lives in one process. With an index every instance shares, a
    // captured LogoutRequest replayed to another instance would be acted on again (logging
    // out sessions made since), so a shared index needs its replay cache named.
    throw optionError(
      'replayCache',
      "is required with a shared sessionIndex (several instances): pass new RedisReplayCache({ client }) from 'saml-slo/redis', or new MemoryReplayCache() if one process serves every logout",
    );
  }
  requireInterface(options.logger, 'logger', ['debug', 'info', 'warn', 'error']);
  const now = options.now ?? Date.now;
  // A clock returning a Date (or anything but a number) would turn the time-window
  // arithmetic into string concatenation or NaN, and every comparison false.
  if (!clockWorks(now))
    throw optionError(
      'now',
      'must be a function returning ms since epoch as a number, like Date.now',
    );
  const spBindings = options.spInitiated?.bindings ?? ['redirect', 'post', 'soap'];
  if (
    !Array.isArray(spBindings) ||
    spBindings.length === 0 ||
    spBindings.some((b) => !['redirect', 'post', 'soap'].includes(b))
  ) {
    throw optionError(
      'spInitiated.bindings',
      "must list one or more of 'redirect', 'post', 'soap'",
    );
  }
  const advertiseSoap = options.metadata?.soap ?? 'auto';
  if (advertiseSoap !== 'auto' && typeof advertiseSoap !== 'boolean') {
    throw optionError('metadata.soap', "must be 'auto', true or false");
  }
  const afterLogoutUrl = options.sp.afterLogoutUrl ?? '/';
  if (
    typeof afterLogoutUrl !== 'string' ||
    !(afterLogoutUrl.startsWith('/') || /^https?:\/\//.test(afterLogoutUrl)) ||
    // "//host/x" and "/\\host/x" are read by browsers as another host, not a path.
    /^\/[/\\]/.test(afterLogoutUrl) ||
    // Browsers drop tabs and newlines from URLs ("/<TAB>/host" becomes "//host"), so no
    // control characters or spaces at all.
    hasControlOrSpace(afterLogoutUrl)
  ) {
    throw optionError(
      'sp.afterLogoutUrl',
      'must be a path starting with a single "/" or an absolute http(s) URL',
    );
  }
  // Unknown hook names were refused with the other unknown keys.
  const hooks = options.hooks ?? {};
  for (const name of Object.keys(hooks) as Array<keyof SloHooks>) {
    if (hooks[name] !== undefined && typeof hooks[name] !== 'function')
      throw optionError(`hooks.${name}`, 'must be a function');
  }
  requireInterface(options.metrics, 'metrics', [
    'logoutHandled',
    'sessionsDestroyed',
    'spLogoutCompleted',
  ]);
  const soapClientCertificate = booleanOption(
    options.security?.soapClientCertificate ?? false,
    'security.soapClientCertificate',
  );
  options.idps.forEach((idp, i) => {
    // Pins without the flag would never be checked, while reading as if mutual TLS were on.
    if (idp.tlsClientCertificates !== undefined && !soapClientCertificate)
      throw optionError(
        `idps[${i}].tlsClientCertificates`,
        'is set but security.soapClientCertificate is not true, so no client certificate would be checked; set security.soapClientCertificate: true to require mutual TLS on the SOAP endpoint, or leave tlsClientCertificates out',
      );
  });
  const signMetadata = booleanOption(options.metadata?.sign ?? false, 'metadata.sign');
  if (options.metadata?.validForMs !== undefined && !signMetadata)
    throw optionError(
      'metadata.validForMs',
      'applies to signed metadata only; set metadata.sign: true, or leave metadata.validForMs out',
    );
  const given = Object.fromEntries(Object.entries(hooks).filter(([, v]) => v !== undefined));
  const config: ResolvedConfig = {
    ...(soapClientCertificate ? { soapClientCertificates: tlsPins(idps) } : {}),
    hooks: { ...DEFAULT_HOOKS, ...given },
    beforeLogoutConfigured: Object.hasOwn(given, 'beforeLogout'),
    metrics: options.metrics ?? NO_METRICS,
    baseOrigin: new URL(baseUrl).origin,
    acsUrl:
      sp.acsUrl === undefined ? `${baseUrl}/login/callback` : requireUrl(sp.acsUrl, 'sp.acsUrl'),
    afterLogoutUrl,
    spBindings,
    allowGetLogout: booleanOption(options.spInitiated?.allowGet ?? false, 'spInitiated.allowGet'),
    soapTimeoutMs: integerOption(
      options.spInitiated?.soapTimeoutMs ?? 5000,
      'spInitiated.soapTimeoutMs',
    ),
    requestLifetimeMs: integerOption(
      options.spInitiated?.requestLifetimeMs ?? 900_000,
      'spInitiated.requestLifetimeMs',
    ),
    signMetadata,
    ...(options.metadata?.validForMs === false
      ? {}
      : {
          metadataValidForMs: integerOption(
            options.metadata?.validForMs ?? DEFAULT_METADATA_VALIDITY_MS,
            'metadata.validForMs',
            SHORTEST_METADATA_VALIDITY_MS,
            LONGEST_METADATA_VALIDITY_MS,
          ),
        }),
    advertiseSoap,
    nameIDFormats: stringList(options.metadata?.nameIDFormats ?? [], 'metadata.nameIDFormats'),
    spEntityID,
    logoutUrl: baseUrl + logoutPath,
    metadataUrl: baseUrl + metadataPath,
    logoutPath,
    metadataPath,
    signing: { privateKey, certificateBase64: spCertificate.raw.toString('base64'), algorithm },
    spCertificate,
    decryptionKeyPem,
    ...(encryptionCertificateBase64 === undefined ? {} : { encryptionCertificateBase64 }),
    idps,
    certificates,
    store: options.store,
    sessionIndex: options.sessionIndex ?? new MemorySessionIndex({ now }),
    replayCache: options.replayCache ?? new MemoryReplayCache({ now }),
    clockSkewMs: integerOption(options.clockSkewMs ?? 120_000, 'clockSkewMs', 0),
    maxMessageAgeMs: integerOption(options.maxMessageAgeMs ?? 300_000, 'maxMessageAgeMs'),
    allowSha1: booleanOption(options.security?.allowSha1 ?? false, 'security.allowSha1'),
    requireDestination: booleanOption(
      options.security?.requireDestination ?? true,
      'security.requireDestination',
    ),
    maxBodyBytes,
    bodyTimeoutMs,
    xmlLimits: { ...DEFAULT_XML_LIMITS, maxChars: maxBodyBytes },
    noSessionStatus,
    logger: containLogger(options.logger ?? silentLogger),
    now,
  };
  // Last, once every option is valid: the index learns which SP it serves.
  config.sessionIndex.forServiceProvider?.(spEntityID);
  return config;
}

/** Validates one IdP; its signing certificates are added to `given`, with their paths. */
function resolveIdp(idp: IdpOptions, path: string, given: ConfiguredCertificate[]): ResolvedIdp {
  if (!idp || typeof idp !== 'object')
    throw optionError(path, 'must be an object { entityID, signingCertificates }');
  refuseUnknownKeys(idp, path, OPTION_KEYS.idp);
  const entityID = requireString(
    idp.entityID,
    `${path}.entityID`,
    "the IdP's entityID, as in its <Issuer>",
  );
  const list = Array.isArray(idp.signingCertificates)
    ? idp.signingCertificates
    : [idp.signingCertificates];
  if (idp.signingCertificates === undefined || list.length === 0) {
    throw optionError(
      `${path}.signingCertificates`,
      "is required: the IdP's signing certificate(s) (PEM)",
    );
  }
  // A PEM string may bundle several certificates (the current one and its successor): each
  // is trusted, not only the first that Node's X509Certificate would read.
  const certificates = loadCertificates(
    idp.signingCertificates,
    `${path}.signingCertificates`,
    (certificate, option) => {
      const type = certificate.publicKey.asymmetricKeyType;
      if (type !== 'rsa' && type !== 'ec') {
        throw optionError(
          option,
          `holds a ${type} key; SAML signatures here are RSA or ECDSA: pass the IdP's RSA or EC signing certificate`,
        );
      }
      refuseWeakRsaKey(
        certificate.publicKey,
        option,
        'have the IdP roll its signing key over to RSA of 2048 bits or more (or EC), and configure its new certificate',
      );
      given.push({ option, certificate });
    },
  );
  // Parsed whether or not mutual TLS is on, so a wrong certificate is refused as such.
  const tls = idp.tlsClientCertificates;
  if (tls !== undefined && Array.isArray(tls) && tls.length === 0)
    throw optionError(
      `${path}.tlsClientCertificates`,
      "is empty; list the IdP's TLS client certificate(s), or leave it out to pin its signing certificates",
    );
  const tlsClientCertificates =
    tls === undefined ? undefined : loadCertificates(tls, `${path}.tlsClientCertificates`);
  return {
    entityID,
    certificates,
    ...(tlsClientCertificates === undefined ? {} : { tlsClientCertificates }),
    signingKeys: certificates.map((c): KeyObject => c.publicKey),
    singleLogoutService: resolveServices(idp.singleLogoutService, `${path}.singleLogoutService`),
  };
}

function tlsPins(idps: ReadonlyMap<string, ResolvedIdp>): Map<string, Set<string>> {
  const pins = new Map<string, Set<string>>();
  for (const idp of idps.values()) {
    for (const certificate of idp.tlsClientCertificates ?? idp.certificates) {
      let owners = pins.get(certificate.fingerprint256);
      if (!owners) pins.set(certificate.fingerprint256, (owners = new Set()));
      owners.add(idp.entityID);
    }
  }
  return pins;
}

/** The IdP's SingleLogoutService by binding: an object whose keys are binding short names. */
function resolveServices(
  input: IdpOptions['singleLogoutService'],
  path: string,
): Partial<Record<SloBinding, EndpointRef>> {
  if (input === undefined) return {};
  // A bare URL, an array or a key spelled otherwise would otherwise yield no endpoint at all:
  // front-channel replies and SP-initiated logout would then find none, without a word.
  if (!isOptionObject(input))
    throw optionError(
      path,
      "must be an object by binding, e.g. { redirect: 'https://idp.example.com/slo' }: keys soap, redirect, post, each a URL or { location, responseLocation }",
    );
  refuseUnknownKeys(input, path, OPTION_KEYS.singleLogoutService, {
    noun: 'a binding',
    aliases: BINDING_ALIASES,
  });
  const services: Partial<Record<SloBinding, EndpointRef>> = {};
  for (const binding of OPTION_KEYS.singleLogoutService) {
    const endpoint = input[binding];
    if (endpoint !== undefined) services[binding] = resolveEndpoint(endpoint, `${path}.${binding}`);
  }
  return services;
}

/** A binding's SAML URI, given as a key, means its short name. */
const BINDING_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(BINDING_URI).map(([name, uri]) => [uri, name]),
);

function resolveEndpoint(input: EndpointInput, path: string): EndpointRef {
  if (typeof input === 'string') return { location: requireUrl(input, path) };
  if (!isOptionObject(input))
    throw optionError(path, 'must be a URL or { location, responseLocation }');
  refuseUnknownKeys(input, path, OPTION_KEYS.endpoint);
  const location = requireUrl(input.location, `${path}.location`);
  return input.responseLocation === undefined
    ? { location }
    : {
        location,
        responseLocation: requireUrl(input.responseLocation, `${path}.responseLocation`),
      };
}

function resolveEncryptionCertificate(
  sp: SloOptions['sp'],
  signingCertificate: X509Certificate,
  decryptionKeyPem: string,
): string | undefined {
  if (sp.decryptionCertificate !== undefined) {
    const certificate = loadCertificate(sp.decryptionCertificate, 'sp.decryptionCertificate');
    if (!certificate.checkPrivateKey(createPrivateKey(decryptionKeyPem))) {
      throw optionError(
        'sp.decryptionCertificate',
        'does not match sp.decryptionKey; pass the certificate issued for that key',
      );
    }
    return certificate.raw.toString('base64');
  }
  // Without an explicit certificate, only the signing certificate is known to match — and
  // only when the signing key is also the decryption key.
  return sp.decryptionKey === undefined ? signingCertificate.raw.toString('base64') : undefined;
}

/**
 * The key that decrypts EncryptedIDs, as PKCS#8 PEM (what xml-encryption takes):
 * `sp.decryptionKey`, else the signing key, given as PEM or as a KeyObject. Either way an
 * RSA key (`sp.privateKey` was checked to be one), so what metadata advertises for
 * encryption can be decrypted.
 */
function resolveDecryptionKey(explicit: PemInput | undefined, signingKey: KeyObject): string {
  const key = explicit === undefined ? signingKey : loadPrivateKey(explicit, 'sp.decryptionKey');
  if (explicit !== undefined) {
    // EncryptedIDs are decrypted by RSA key transport only: an EC key would be advertised in
    // metadata for encryption, and nothing encrypted to it could be read.
    if (key.asymmetricKeyType !== 'rsa')
      throw optionError(
        'sp.decryptionKey',
        `must be an RSA key (got ${key.asymmetricKeyType}): EncryptedIDs are decrypted by RSA key transport only; pass an RSA private key with its certificate as sp.decryptionCertificate, or leave sp.decryptionKey out to decrypt with sp.privateKey`,
      );
    // sp.decryptionCertificate must match this key, so it holds the same modulus.
    refuseWeakRsaKey(key, 'sp.decryptionKey', NEW_SP_KEY);
  }
  try {
    return key.export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch (cause) {
    throw optionError(
      explicit === undefined ? 'sp.privateKey' : 'sp.decryptionKey',
      'cannot be exported to decrypt EncryptedIDs; pass sp.decryptionKey as an unencrypted PEM private key',
      cause,
    );
  }
}

function requireStore(store: unknown): void {
  if (!store || typeof store !== 'object') {
    throw optionError(
      'store',
      'is required: the express-session store, e.g. new session.MemoryStore() or a RedisStore',
    );
  }
  requireInterface(store, 'store', ['get', 'set', 'destroy', 'on']);
}

function requireInterface(value: unknown, option: string, methods: readonly string[]): void {
  if (value === undefined) return;
  const missing = methods.filter(
    (m) => typeof (value as Record<string, unknown>)?.[m] !== 'function',
  );
  if (missing.length > 0)
    throw optionError(option, `lacks ${missing.join(', ')}(); pass an object implementing them`);
}

function requireString(value: unknown, option: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw optionError(option, `is required: ${what}`);
  const bad = NOT_XML_CHAR.exec(value);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw optionError(
      option,
      `holds U+${code} at ${bad.index}, which XML 1.0 cannot carry: it would make our SAML messages unreadable`,
    );
  }
  return value;
}

/** A character outside XML 1.0's Char production (control characters, lone surrogates, U+FFFE/F). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function requireUrl(value: unknown, option: string): string {
  const text = requireString(value, option, 'an absolute http(s) URL');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw optionError(option, `is not an absolute URL: "${text}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw optionError(option, 'must be an http(s) URL');
  return text;
}

/**
 * `sp.baseUrl` without trailing slashes. Paths are appended to it as text to make the URLs
 * published in metadata and compared with Destination, so a query, fragment or credentials
 * in it would produce endpoints the router never serves.
 */
function requireBaseUrl(value: unknown): string {
  const text = requireUrl(value, 'sp.baseUrl');
  const url = new URL(text);
  if (/[?#]/.test(text))
    throw optionError(
      'sp.baseUrl',
      'must not carry a query or fragment: give origin and path only',
    );
  if (url.username || url.password) throw optionError('sp.baseUrl', 'must not carry credentials');
  return text.replace(/\/+$/, '');
}

function stringList(value: unknown, option: string): string[] {
  if (!Array.isArray(value)) throw optionError(option, 'must be an array of non-empty strings');
  return value.map((v: unknown) => requireString(v, option, 'a non-empty string'));
}

function requirePath(value: unknown, option: string): string {
  if (typeof value !== 'string' || !/^\/[\w\-./]*$/.test(value))
    throw optionError(option, 'must be a path starting with "/"');
  return value;
}

/** Whether `text` holds a C0 control character, a space or DEL. */
function hasControlOrSpace(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Whether `now` is a clock saml-slo can use: called once, it returns a finite number. */
function clockWorks(now: unknown): boolean {
  if (typeof now !== 'function') return false;
  try {
    const value: unknown = now();
    return typeof value === 'number' && Number.isFinite(value);
  } catch {
    return false;
  }
}

function booleanOption(value: unknown, option: string): boolean {
  if (typeof value !== 'boolean') throw optionError(option, 'must be true or false');
  return value;
}
