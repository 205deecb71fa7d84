import { SloError, SloErrorCode, SamlStatus } from '../../errors';
import type { SloLogger } from '../../logging/logger';
import type { SessionIndex } from '../../session-index/session-index';
import { hashNameId } from '../../session-index/hash-name-id';
import type { VerifiedLogoutRequest } from '../logout-request/logout-request';
import {
  verifyLogoutRequest,
  type LogoutRequestContext,
} from '../logout-request/verify-logout-request';
import { buildLogoutResponse } from '../logout-response/build-logout-response';
import type { SigningCredentials } from '../xml-signature/sign-enveloped';
import {
  decideStatus,
  statusForError,
  type NoSessionStatus,
  type ResponseStatus,
} from './decide-status';
import {
  endMatchingSessions,
  type LogoutReport,
  type SessionTerminator,
} from './end-matching-sessions';

/** Everything needed to act on a LogoutRequest, independent of binding and framework. */
export interface LogoutResponder {
  readonly spEntityID: string;
  readonly verification: LogoutRequestContext;
  readonly index: SessionIndex;
  readonly terminator: SessionTerminator;
  readonly signing: SigningCredentials;
  readonly noSessionStatus: NoSessionStatus;
  readonly logger: SloLogger;
}

/** The result of one inbound logout, for the binding to send and for logs and hooks. */
export interface LogoutOutcome {
  /** The verified request; absent when it was refused. */
  readonly request?: VerifiedLogoutRequest;
  readonly status: ResponseStatus;
  readonly report?: LogoutReport;
  /** Why the request was refused, or why logout was partial. */
  readonly error?: SloError;
  /** The signed LogoutResponse to send back (no XML declaration). */
  readonly responseXml: string;
}

/**
 * Verifies a samlp:LogoutRequest element, ends every matching session, and builds the
 * signed LogoutResponse whose status tells the truth (design §6). Never throws for a bad
 * message: a refused request yields a response with a Requester status.
 *
 * @example
 * ```ts
 * const outcome = await respondToLogoutRequest(message, responder, { binding: 'soap' });
 * res.end(wrapInSoapEnvelope(outcome.responseXml, '1.1'));
 * ```
 */
export async function respondToLogoutRequest(
  message: Element,
  responder: LogoutResponder,
  context: { binding: string; destination?: string },
): Promise<LogoutOutcome> {
  const started = Date.now();
  let request: VerifiedLogoutRequest | undefined;
  let report: LogoutReport | undefined;
  let error: SloError | undefined;
  try {
    request = await verifyLogoutRequest(message, responder.verification);
  } catch (err) {
    error =
      err instanceof SloError
        ? err
        : new SloError(SloErrorCode.Internal, 'verification failed', { cause: err });
  }
  if (request) {
    report = await endMatchingSessions(
      { ...request, issuedAt: request.issueInstant.getTime() },
      responder.index,
      responder.terminator,
    );
    error = report.error;
  }
  const status =
    request && report ? decideStatus(report, responder.noSessionStatus) : statusForError(error!);
  const inResponseTo = request?.id ?? error?.inResponseTo;
  const { xml } = await buildLogoutResponse(
    {
      issuer: responder.spEntityID,
      ...(inResponseTo === undefined ? {} : { inResponseTo }),
      ...(context.destination === undefined ? {} : { destination: context.destination }),
      status: status.status,
      ...(status.subStatus === undefined ? {} : { subStatus: status.subStatus }),
      ...(status.code === undefined ? {} : { statusMessage: status.code }),
      now: new Date(responder.verification.now()),
    },
    responder.signing,
  );
  logOutcome(responder.logger, {
    binding: context.binding,
    request,
    report,
    status,
    error,
    started,
  });
  return {
    ...(request ? { request } : {}),
    status,
    ...(report ? { report } : {}),
    ...(error ? { error } : {}),
    responseXml: xml,
  };
}

function logOutcome(
  logger: SloLogger,
  entry: {
    binding: string;
    request?: VerifiedLogoutRequest;
    report?: LogoutReport;
    status: ResponseStatus;
    error?: SloError;
    started: number;
  },
): void {
  const { request, report, status, error } = entry;
  const fields: Record<string, unknown> = {
    event: 'saml_slo.logout_request',
    binding: entry.binding,
    outcome: status.subStatus ?? status.status,
    durationMs: Date.now() - entry.started,
    ...(request
      ? {
          issuer: request.issuer,
          requestId: request.id,
          nameIdHash: hashNameId(request.issuer, request.nameID, request.nameIDFormat).slice(0, 16),
          sessionIndexCount: request.sessionIndexes.length,
        }
      : {}),
    ...(report
      ? { sessionsFound: report.sessionsFound, sessionsDestroyed: report.sessionsDestroyed }
      : {}),
    ...(error ? { code: error.code, reason: error.message } : {}),
  };
  if (status.status === SamlStatus.Success) logger.info(fields, 'SAML logout request processed');
  else if (error?.code === SloErrorCode.Internal)
    logger.error({ ...fields, cause: String(error.cause) }, 'SAML logout request failed');
  else logger.warn(fields, 'SAML logout request not fully honoured');
}
