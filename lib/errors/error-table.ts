import { SloErrorCode, type SloErrorCodeValue } from './error-codes';
import { SamlStatus, type SamlStatusValue } from './saml-status';

/** How one error code is answered, on each channel. */
export interface ErrorAnswer {
  /** Top-level SAML status of the LogoutResponse, when one can be sent. */
  readonly status: SamlStatusValue;
  /** Second-level SAML status, if any. */
  readonly subStatus?: SamlStatusValue;
  /** HTTP status when the answer is not a SAML message (or is a SOAP fault). */
  readonly httpStatus: number;
  /**
   * True when no SAML LogoutResponse can be built for the error (the SOAP envelope or XML
   * itself is unusable), so the SOAP binding answers with a SOAP Fault instead.
   */
  readonly soapFault: boolean;
}

const requesterDenied = {
  status: SamlStatus.Requester,
  subStatus: SamlStatus.RequestDenied,
  httpStatus: 400,
  soapFault: false,
} as const;

/**
 * The one table from error code to reply (design §6, §8).
 *
 * @example
 * ```ts
 * import { answerFor, SloErrorCode } from 'saml-slo';
 * answerFor(SloErrorCode.SignatureInvalid).status; // 'urn:oasis:names:tc:SAML:2.0:status:Requester'
 * ```
 */
export const ERROR_TABLE: Readonly<Record<SloErrorCodeValue, ErrorAnswer>> = {
  [SloErrorCode.OptionInvalid]: { status: SamlStatus.Responder, httpStatus: 500, soapFault: true },
  [SloErrorCode.BodyTooLarge]: { status: SamlStatus.Requester, httpStatus: 413, soapFault: true },
  [SloErrorCode.BodyTimeout]: { status: SamlStatus.Requester, httpStatus: 408, soapFault: true },
  // The app's set-up, not the sender's message: a server error.
  [SloErrorCode.BodyAlreadyRead]: {
    status: SamlStatus.Responder,
    httpStatus: 500,
    soapFault: true,
  },
  [SloErrorCode.UnsupportedMediaType]: {
    status: SamlStatus.Requester,
    httpStatus: 415,
    soapFault: true,
  },
  [SloErrorCode.MethodNotAllowed]: {
    status: SamlStatus.Requester,
    httpStatus: 405,
    soapFault: true,
  },
  [SloErrorCode.XmlMalformed]: { status: SamlStatus.Requester, httpStatus: 400, soapFault: true },
  [SloErrorCode.XmlForbiddenConstruct]: {
    status: SamlStatus.Requester,
    httpStatus: 400,
    soapFault: true,
  },
  [SloErrorCode.SoapMalformed]: { status: SamlStatus.Requester, httpStatus: 400, soapFault: true },
  [SloErrorCode.SoapMustUnderstand]: {
    status: SamlStatus.Requester,
    httpStatus: 500,
    soapFault: true,
  },
  [SloErrorCode.MessageUnexpected]: {
    status: SamlStatus.Requester,
    httpStatus: 400,
    soapFault: true,
  },
  [SloErrorCode.MessageInvalid]: {
    status: SamlStatus.Requester,
    httpStatus: 400,
    soapFault: false,
  },
  [SloErrorCode.VersionMismatch]: {
    status: SamlStatus.VersionMismatch,
    httpStatus: 400,
    soapFault: false,
  },
  [SloErrorCode.SignatureMissing]: requesterDenied,
  [SloErrorCode.SignatureInvalid]: requesterDenied,
  [SloErrorCode.SignatureWrapping]: requesterDenied,
  [SloErrorCode.AlgorithmForbidden]: requesterDenied,
  [SloErrorCode.IssuerUnknown]: requesterDenied,
  [SloErrorCode.DestinationMismatch]: requesterDenied,
  [SloErrorCode.MessageExpired]: requesterDenied,
  [SloErrorCode.MessageReplayed]: requesterDenied,
  [SloErrorCode.DecryptionFailed]: {
    status: SamlStatus.Requester,
    httpStatus: 400,
    soapFault: false,
  },
  [SloErrorCode.SessionDestroyFailed]: {
    status: SamlStatus.Responder,
    subStatus: SamlStatus.PartialLogout,
    httpStatus: 500,
    soapFault: false,
  },
  [SloErrorCode.SessionIndexUnavailable]: {
    status: SamlStatus.Responder,
    subStatus: SamlStatus.PartialLogout,
    httpStatus: 503,
    soapFault: false,
  },
  [SloErrorCode.LoginAlreadyLoggedOut]: {
    status: SamlStatus.Requester,
    subStatus: SamlStatus.RequestDenied,
    httpStatus: 403,
    soapFault: false,
  },
  [SloErrorCode.LoginCaptureFailed]: {
    status: SamlStatus.Responder,
    httpStatus: 500,
    soapFault: false,
  },
  [SloErrorCode.ClientCertificateRequired]: {
    status: SamlStatus.Requester,
    subStatus: SamlStatus.RequestDenied,
    httpStatus: 403,
    soapFault: true,
  },
  [SloErrorCode.ClientCertificateMismatch]: {
    status: SamlStatus.Requester,
    subStatus: SamlStatus.RequestDenied,
    httpStatus: 403,
    soapFault: true,
  },
  [SloErrorCode.LogoutVetoed]: {
    status: SamlStatus.Requester,
    subStatus: SamlStatus.RequestDenied,
    httpStatus: 403,
    soapFault: false,
  },
  [SloErrorCode.RequestForged]: {
    status: SamlStatus.Requester,
    subStatus: SamlStatus.RequestDenied,
    httpStatus: 403,
    soapFault: false,
  },
  [SloErrorCode.IdpUnreachable]: {
    status: SamlStatus.Responder,
    httpStatus: 502,
    soapFault: false,
  },
  [SloErrorCode.Internal]: { status: SamlStatus.Responder, httpStatus: 500, soapFault: false },
};

/**
 * Looks up how an error code is answered.
 *
 * @example
 * ```ts
 * answerFor('SLO_BODY_TOO_LARGE').httpStatus; // 413
 * ```
 */
export function answerFor(code: SloErrorCodeValue): ErrorAnswer {
  return ERROR_TABLE[code];
}
