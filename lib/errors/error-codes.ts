/**
 * Every stable error code saml-slo raises, and how each one is answered.
 *
 * One table (design §8): the code decides the SAML status of the `LogoutResponse`
 * we send back, the HTTP status when there is nothing to answer with SAML, and the
 * SOAP fault code when the envelope itself is unusable. Codes never change meaning;
 * new ones are only added.
 *
 * @example
 * ```ts
 * import { SloErrorCode } from 'saml-slo';
 * if (err.code === SloErrorCode.SignatureInvalid) alertSecurityTeam(err);
 * ```
 */
export const SloErrorCode = {
  /** An option passed to `createSlo` is missing or wrong; the message names it. */
  OptionInvalid: 'SLO_OPTION_INVALID',
  /** The HTTP body is larger than `limits.maxBodyBytes` (or its Content-Length says so). */
  BodyTooLarge: 'SLO_BODY_TOO_LARGE',
  /** The HTTP body did not arrive in full within `limits.bodyTimeoutMs`. */
  BodyTimeout: 'SLO_BODY_TIMEOUT',
  /**
   * Another body parser of the app read the request body before saml-slo, into a form this
   * endpoint cannot use (mount `slo.router()` before app-wide body parsers).
   */
  BodyAlreadyRead: 'SLO_BODY_ALREADY_READ',
  /** The request's Content-Type is not one the endpoint accepts. */
  UnsupportedMediaType: 'SLO_UNSUPPORTED_MEDIA_TYPE',
  /** The HTTP method is not one the endpoint accepts. */
  MethodNotAllowed: 'SLO_METHOD_NOT_ALLOWED',
  /** The body is not well-formed XML, or exceeds a structural limit (depth, size). */
  XmlMalformed: 'SLO_XML_MALFORMED',
  /** The XML holds a DOCTYPE, an entity declaration or a processing instruction. */
  XmlForbiddenConstruct: 'SLO_XML_FORBIDDEN_CONSTRUCT',
  /** The XML is not a SOAP envelope with one SAML message in its Body. */
  SoapMalformed: 'SLO_SOAP_MALFORMED',
  /** A SOAP header marked mustUnderstand that we do not understand. */
  SoapMustUnderstand: 'SLO_SOAP_MUST_UNDERSTAND',
  /** The SAML message is not the kind expected here (e.g. not a LogoutRequest). */
  MessageUnexpected: 'SLO_MESSAGE_UNEXPECTED',
  /** The SAML message misses a required part or carries an invalid value. */
  MessageInvalid: 'SLO_MESSAGE_INVALID',
  /** The SAML message's Version is not 2.0. */
  VersionMismatch: 'SLO_VERSION_MISMATCH',
  /** The message carries no signature, and one is required. */
  SignatureMissing: 'SLO_SIGNATURE_MISSING',
  /** The signature does not verify against any configured certificate of the issuer. */
  SignatureInvalid: 'SLO_SIGNATURE_INVALID',
  /** The signature's structure could be a wrapping attack: wrong reference, several signatures, duplicate IDs. */
  SignatureWrapping: 'SLO_SIGNATURE_WRAPPING',
  /** A signature, digest or canonicalization algorithm that is not allowed. */
  AlgorithmForbidden: 'SLO_ALGORITHM_FORBIDDEN',
  /** The Issuer is not a configured IdP. */
  IssuerUnknown: 'SLO_ISSUER_UNKNOWN',
  /** The Destination is missing or is not this endpoint. */
  DestinationMismatch: 'SLO_DESTINATION_MISMATCH',
  /** IssueInstant is outside the accepted window, or NotOnOrAfter has passed. */
  MessageExpired: 'SLO_MESSAGE_EXPIRED',
  /** A message with this ID from this issuer was already processed. */
  MessageReplayed: 'SLO_MESSAGE_REPLAYED',
  /** An EncryptedID could not be decrypted with the SP's decryption key. */
  DecryptionFailed: 'SLO_DECRYPTION_FAILED',
  /** One or more matching sessions could not be destroyed. */
  SessionDestroyFailed: 'SLO_SESSION_DESTROY_FAILED',
  /** The session index could not be read or written (e.g. Redis down). */
  SessionIndexUnavailable: 'SLO_SESSION_INDEX_UNAVAILABLE',
  /** A login was refused because the IdP already logged this session out. */
  LoginAlreadyLoggedOut: 'SLO_LOGIN_ALREADY_LOGGED_OUT',
  /** A login could not be recorded (missing NameID, no session). */
  LoginCaptureFailed: 'SLO_LOGIN_CAPTURE_FAILED',
  /** Mutual TLS is required on the SOAP endpoint and the client presented no certificate of a configured IdP. */
  ClientCertificateRequired: 'SLO_CLIENT_CERTIFICATE_REQUIRED',
  /** The TLS client certificate belongs to another IdP than the message's Issuer. */
  ClientCertificateMismatch: 'SLO_CLIENT_CERTIFICATE_MISMATCH',
  /** The app's `beforeLogout` hook refused this logout. */
  LogoutVetoed: 'SLO_LOGOUT_VETOED',
  /** A request that may be forged cross-site (e.g. a logout POST from another origin). */
  RequestForged: 'SLO_REQUEST_FORGED',
  /** An IdP endpoint this SP called (SOAP) was unreachable, timed out, or answered an error or too much. */
  IdpUnreachable: 'SLO_IDP_UNREACHABLE',
  /** An unexpected internal failure; details are logged, never sent. */
  Internal: 'SLO_INTERNAL',
} as const;

/** One of the stable codes in {@link SloErrorCode}. */
export type SloErrorCodeValue = (typeof SloErrorCode)[keyof typeof SloErrorCode];
