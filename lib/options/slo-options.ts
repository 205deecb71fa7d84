import type { KeyObject } from 'node:crypto';
import type { SloLogger } from '../logging/logger';
import type { SloHooks } from '../hooks/hook-events';
import type { SloMetrics } from '../metrics/slo-metrics';
import type { ReplayCache, SessionIndex } from '../session-index/session-index';
import type { LoginRecord } from '../session-index/login-record';
import type { NoSessionStatus } from '../protocol/logout/decide-status';
import type { SigningAlgorithmName } from '../protocol/xml-signature/algorithms';
import type { SloBinding } from '../protocol/message/idp-descriptor';

/**
 * The part of an express-session store saml-slo relies on (express-session's `Store`
 * contract: callback style, an EventEmitter). MemoryStore and connect-redis fit.
 *
 * @example
 * ```ts
 * import session from 'express-session';
 * const store: SessionStoreLike = new session.MemoryStore();
 * ```
 */
export interface SessionStoreLike {
  get(sid: string, callback: (err: unknown, session?: SessionDataLike | null) => void): void;
  set(sid: string, session: SessionDataLike, callback?: (err?: unknown) => void): void;
  destroy(sid: string, callback?: (err?: unknown) => void): void;
  touch?(sid: string, session: SessionDataLike, callback?: (err?: unknown) => void): void;
  all?(callback: (err: unknown, obj?: unknown) => void): void;
  length?(callback: (err: unknown, length?: number) => void): void;
  clear?(callback?: (err?: unknown) => void): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** The session data express-session hands a store: a cookie and whatever the app put in. */
export interface SessionDataLike {
  cookie?: {
    expires?: Date | string | null;
    maxAge?: number | null;
    originalMaxAge?: number | null;
  };
  /** saml-slo's record of the SAML login that authenticated this session. */
  samlSlo?: LoginRecord;
}

/**
 * An endpoint: its URL, or its URL and a separate URL for responses (metadata's
 * `ResponseLocation`).
 *
 * @example
 * ```ts
 * const endpoint: EndpointInput = { location: 'https://idp/slo', responseLocation: 'https://idp/slo/return' };
 * ```
 */
export type EndpointInput =
  string | { readonly location: string; readonly responseLocation?: string };

/** A PEM string (or Buffer); certificates may also be bare base64 DER, as in metadata. */
export type PemInput = string | Buffer;

/**
 * One Identity Provider we accept logout from.
 *
 * @example
 * ```ts
 * const idp: IdpOptions = {
 *   entityID: 'https://idp.example.com/metadata',
 *   signingCertificates: [fs.readFileSync('idp-current.pem', 'utf8'), fs.readFileSync('idp-next.pem', 'utf8')],
 *   singleLogoutService: { soap: 'https://idp.example.com/slo/soap' },
 * };
 * ```
 */
export interface IdpOptions {
  /** The IdP's entityID, exactly as it appears in `<saml:Issuer>`. */
  readonly entityID: string;
  /**
   * The IdP's signing certificate(s); several during a key rollover, as a list or as one PEM
   * bundle (every certificate of a bundle is trusted). Keys in messages are never trusted.
   */
  readonly signingCertificates: PemInput | readonly PemInput[];
  /**
   * Certificates the IdP presents as a TLS client on the SOAP endpoint, when
   * `security.soapClientCertificate` is on (a list, or a PEM bundle of several). Default:
   * its signing certificates. Refused without `security.soapClientCertificate: true`, where
   * it would pin nothing.
   */
  readonly tlsClientCertificates?: PemInput | readonly PemInput[];
  /**
   * The IdP's SingleLogoutService endpoints, by binding: a URL, or `{ location,
   * responseLocation }` when responses go elsewhere. Used to answer front-channel
   * LogoutRequests and to start SP-initiated logout. Keys are the short names `soap`,
   * `redirect`, `post`: anything else (a bare URL, an array, `Redirect`, a binding URI) is
   * refused at start-up.
   */
  readonly singleLogoutService?: {
    readonly soap?: EndpointInput;
    readonly redirect?: EndpointInput;
    readonly post?: EndpointInput;
  };
  /**
   * Not used by saml-slo: accepted so that the result of `idpFromMetadata` (which gives the
   * IdP's SingleSignOnService for the login library) can be passed as is.
   */
  readonly singleSignOnService?: Partial<
    Record<'redirect' | 'post', { readonly location: string }>
  >;
}

/**
 * The one options object of {@link createSlo}. Validated once at start-up: a wrong or
 * missing option throws a `SloError` with code `SLO_OPTION_INVALID` naming the option. An
 * unknown key, at any level of named options (a typo such as `security.allowSHA1`), is
 * refused the same way, naming the key likely meant.
 *
 * @example
 * ```ts
 * const slo = createSlo({
 *   sp: {
 *     entityID: 'https://app.example.com/saml/metadata',
 *     baseUrl: 'https://app.example.com',
 *     privateKey: fs.readFileSync('sp.key.pem', 'utf8'),
 *     certificate: fs.readFileSync('sp.cert.pem', 'utf8'),
 *   },
 *   idps: [{ entityID: 'https://idp.example.com/metadata', signingCertificates: idpCertPem }],
 *   store: new session.MemoryStore(),
 * });
 * ```
 */
export interface SloOptions {
  readonly sp: {
    /** This SP's entityID (the Issuer of what we send). */
    readonly entityID: string;
    /** Public origin (and path prefix, if any) the app is reached at, e.g. `https://app.example.com`. */
    readonly baseUrl: string;
    /** The SP's signing private key (PEM, or a KeyObject). */
    readonly privateKey: PemInput | KeyObject;
    /** The SP's certificate for that key (PEM). Sent in KeyInfo and metadata. */
    readonly certificate: PemInput;
    /** Key to decrypt EncryptedIDs (PEM). Defaults to `privateKey` (PEM or KeyObject). */
    readonly decryptionKey?: PemInput;
    /**
     * The certificate of `decryptionKey`, advertised in metadata for encryption (checked to
     * match). Without it, metadata lists an encryption certificate only when `privateKey`
     * also decrypts (no `decryptionKey`): the signing certificate.
     */
    readonly decryptionCertificate?: PemInput;
    /** Algorithm for what we sign. Default `rsa-sha256`. */
    readonly signatureAlgorithm?: SigningAlgorithmName;
    /** The ACS URL, for metadata. Default `baseUrl + '/login/callback'`. */
    readonly acsUrl?: string;
    /**
     * Where users land after SP-initiated logout, with `saml_logout=complete|partial|failed|local`
     * appended. Default `/`.
     */
    readonly afterLogoutUrl?: string;
  };
  /** The IdPs we accept logout from; a message's Issuer selects one. At least one. */
  readonly idps: readonly IdpOptions[];
  /** The app's express-session store. saml-slo wraps it: pass `slo.store` to `session()`. */
  readonly store: SessionStoreLike;
  /** The session index. Default: a new in-memory index (one instance only). */
  readonly sessionIndex?: SessionIndex;
  /**
   * Where the IDs of accepted LogoutRequests and LogoutResponses are remembered, so none is
   * acted on twice. Default: in memory, one process. Required with a shared `sessionIndex`
   * (`RedisSessionIndex`): pass `new RedisReplayCache({ client })`, so that a message replayed
   * to another instance is refused too.
   */
  readonly replayCache?: ReplayCache;
  /**
   * Endpoint paths, relative to `sp.baseUrl`. Defaults: `/saml/logout`, `/saml/metadata`.
   * The two must differ.
   */
  readonly paths?: { readonly logout?: string; readonly metadata?: string };
  /** Tolerated clock difference with IdPs, ms. Default 120 000 (2 minutes). */
  readonly clockSkewMs?: number;
  /** How old a LogoutRequest's IssueInstant may be, ms. Default 300 000 (5 minutes). */
  readonly maxMessageAgeMs?: number;
  readonly security?: {
    /** Accept RSA-SHA1 / SHA-1 digests from IdPs. Default false. */
    readonly allowSha1?: boolean;
    /** Refuse a LogoutRequest without Destination. Default true. */
    readonly requireDestination?: boolean;
    /**
     * Mutual TLS on the SOAP endpoint: refuse, before reading the body, a SOAP request whose
     * TLS client certificate is not pinned for a configured IdP (`idps[].tlsClientCertificates`,
     * default its signing certificates), or belongs to another IdP than the message's Issuer.
     * Serve the app over HTTPS with `requestCert: true, rejectUnauthorized: false`. Default false.
     */
    readonly soapClientCertificate?: boolean;
  };
  readonly limits?: {
    /**
     * Largest accepted request body, bytes; a larger Content-Length is refused before the
     * body is read. Default 262 144 (256 KiB).
     */
    readonly maxBodyBytes?: number;
    /**
     * Longest wait for a request body to arrive in full, ms; then `SLO_BODY_TIMEOUT` (HTTP
     * 408) and the connection is closed. Default 10 000.
     */
    readonly bodyTimeoutMs?: number;
  };
  /** SP-initiated logout (`slo.logout()`). */
  readonly spInitiated?: {
    /** Bindings to send the LogoutRequest by, first one the IdP offers wins. Default redirect, post, soap. */
    readonly bindings?: readonly SloBinding[];
    /** Accept GET on `slo.logout()` (forgeable cross-site). Default false. */
    readonly allowGet?: boolean;
    /** Longest wait for an IdP's SOAP answer, ms. Default 5000. */
    readonly soapTimeoutMs?: number;
    /** How long the IdP may take to answer a LogoutRequest, ms. Default 900 000 (15 minutes). */
    readonly requestLifetimeMs?: number;
  };
  /** SP metadata (`GET paths.metadata`, `slo.metadata()`). */
  readonly metadata?: {
    /** Sign the metadata with the SP key. Default false. */
    readonly sign?: boolean;
    /**
     * With `sign: true`: the signed metadata's `validUntil` lies this many ms after it is
     * signed (integer from one hour to ten years), as IdPs that require a validUntil on
     * signed metadata (Shibboleth's RequiredValidUntil, saml-slo's own `idpFromMetadata`)
     * expect. It is signed again once a tenth of that has passed, so what is served is always
     * valid for at least nine tenths of it. An IdP that imported the metadata once, as a file,
     * and enforces validUntil stops trusting it then: have it fetch the metadata from
     * `paths.metadata`, or pass `false` for no validUntil. Default 604 800 000 (7 days).
     * Refused without `sign: true`.
     */
    readonly validForMs?: number | false;
    /**
     * Advertise the SOAP SingleLogoutService: `'auto'` (default) only when the session index
     * is shared, since a back-channel request may land on any instance.
     */
    readonly soap?: 'auto' | boolean;
    /** NameID formats to list. Default none. */
    readonly nameIDFormats?: readonly string[];
  };
  /** Status when a valid LogoutRequest matches no session here. Default `'success'`. */
  readonly noSessionStatus?: NoSessionStatus;
  /** Extension points (audit, veto, per-session cleanup, outcome). Default: none. */
  readonly hooks?: SloHooks;
  /** Where counters and durations go. Default: nowhere. */
  readonly metrics?: SloMetrics;
  /** Where logs go (pino-compatible). Default: silent. */
  readonly logger?: SloLogger;
  /** The clock, for tests. Default `Date.now`. */
  readonly now?: () => number;
}
