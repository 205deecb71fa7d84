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
import type { SignatureCheck } from '../message/verify-message-header';
import type { IdpDescriptor } from '../message/idp-descriptor';
import { NS } from '../xml/namespaces';
import { optionalChild, readSimpleText } from '../xml/dom';
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
  /** The configured IdPs with their endpoints (the same ones `verification` trusts). */
  readonly idps: ReadonlyMap<string, IdpDescriptor>;
  readonly index: SessionIndex;
  readonly terminator: SessionTerminator;
  readonly signing: SigningCredentials;
  readonly noSessionStatus: NoSessionStatus;
  readonly logger: SloLogger;
}

/** The result of acting on one inbound LogoutRequest. */
export interface LogoutOutcome {
  /** The verified request; absent when it was refused. */
  readonly request?: VerifiedLogoutRequest;
  readonly status: ResponseStatus;
  readonly report?: LogoutReport;
  /** Why the request was refused, or why logout was partial. */
  readonly error?: SloError;
  /** The request's ID when readable, for InResponseTo. */
  readonly inResponseTo?: string;
  /**
   * The configured IdP the message's Issuer names — set even for a refused request (so a
   * front-channel refusal can be answered at a configured endpoint), never for an Issuer
   * that is not configured.
   */
  readonly idp?: IdpDescriptor;
  /** The signed LogoutResponse, for bindings that carry the signature in the XML. */
  readonly responseXml?: string;
}

/**
 * Verifies a samlp:LogoutRequest (signature by `checkSignature`, the binding's), ends every
 * matching session, decides the status that tells the truth (design §6), and logs one
 * event. Never throws for a bad message: a refused request yields a Requester status.
 *
 * @example
 * ```ts
 * const outcome = await handleLogoutRequest(message, responder, 'redirect', redirectCheck);
 * ```
 */
export async function handleLogoutRequest(
  message: Element,
  responder: LogoutResponder,
  binding: string,
  checkSignature?: SignatureCheck,
): Promise<LogoutOutcome> {
  const started = Date.now();
  let request: VerifiedLogoutRequest | undefined;
  let report: LogoutReport | undefined;
  let error: SloError | undefined;
  try {
    request = await verifyLogoutRequest(message, responder.verification, checkSignature);
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
  const idp = responder.idps.get(request?.issuer ?? unverifiedIssuer(message) ?? '');
  logOutcome(responder.logger, { binding, request, report, status, error, started });
  return {
    ...(request ? { request } : {}),
    status,
    ...(report ? { report } : {}),
    ...(error ? { error } : {}),
    ...(inResponseTo === undefined ? {} : { inResponseTo }),
    ...(idp ? { idp } : {}),
  };
}

/**
 * {@link handleLogoutRequest}, then the LogoutResponse with an enveloped signature (SOAP
 * and POST bindings), addressed to `destination` when given.
 *
 * @example
 * ```ts
 * const outcome = await respondToLogoutRequest(message, responder, { binding: 'soap' });
 * res.end(wrapInSoapEnvelope(outcome.responseXml!, '1.1'));
 * ```
 */
export async function respondToLogoutRequest(
  message: Element,
  responder: LogoutResponder,
  context: { binding: string; destination?: (outcome: LogoutOutcome) => string | undefined },
): Promise<LogoutOutcome & { responseXml: string }> {
  const outcome = await handleLogoutRequest(message, responder, context.binding);
  const destination = context.destination?.(outcome);
  const { xml } = await buildLogoutResponse(
    responseInput(outcome, responder, destination),
    responder.signing,
  );
  return { ...outcome, responseXml: xml };
}

/**
 * The fields of the LogoutResponse answering `outcome`.
 *
 * @example
 * ```ts
 * const { xml } = await buildLogoutResponse(responseInput(outcome, responder, url), undefined);
 * ```
 */
export function responseInput(
  outcome: LogoutOutcome,
  responder: LogoutResponder,
  destination: string | undefined,
) {
  const { status } = outcome;
  return {
    issuer: responder.spEntityID,
    ...(outcome.inResponseTo === undefined ? {} : { inResponseTo: outcome.inResponseTo }),
    ...(destination === undefined ? {} : { destination }),
    status: status.status,
    ...(status.subStatus === undefined ? {} : { subStatus: status.subStatus }),
    ...(status.code === undefined ? {} : { statusMessage: status.code }),
    now: new Date(responder.verification.now()),
  };
}

/** The Issuer text of an unverified message, only to look up a configured IdP. */
function unverifiedIssuer(message: Element): string | undefined {
  try {
    const issuer = optionalChild(message, NS.saml, 'Issuer');
    return issuer ? readSimpleText(issuer).trim() : undefined;
  } catch {
    return undefined;
  }
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
  else if (error?.code === SloErrorCode.Internal) {
    logger.error({ ...fields, cause: String(error.cause) }, 'SAML logout request failed');
  } else logger.warn(fields, 'SAML logout request not fully honoured');
}
