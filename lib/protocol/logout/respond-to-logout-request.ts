import { SloError, SloErrorCode, SamlStatus, toSloError } from '../../errors';
import { silentLogger, type SloLogger } from '../../logging/logger';
import {
  remembersLogoutRequests,
  type LogoutClaim,
  type LogoutRequestId,
  type SessionIndex,
} from '../../session-index/session-index';
import { hashNameId } from '../../session-index/hash-name-id';
import type { VerifiedLogoutRequest } from '../logout-request/logout-request';
import {
  verifyLogoutRequest,
  type LogoutRequestContext,
} from '../logout-request/verify-logout-request';
import { messageReplayed, replayWindowEnd } from '../message/verify-message-header';
import type { SigningCredentials } from '../xml-signature/sign-enveloped';
import type { SignatureCheck } from '../message/verify-message-header';
import type { IdpDescriptor } from '../message/idp-descriptor';
import { NS } from '../xml/namespaces';
import type { LogoutTrigger, SloHooks } from '../../hooks/hook-events';
import { runHook } from '../../hooks/run-hook';
import type { SloMetrics } from '../../metrics/slo-metrics';
import { optionalChild, readSimpleText } from '../xml/dom';
import {
  decideStatus,
  statusForError,
  type NoSessionStatus,
  type ResponseStatus,
} from './decide-status';
import {
  endMatchingSessions,
  indexUnavailable,
  type LogoutReport,
  type SessionTerminator,
  type Tidying,
} from './end-matching-sessions';

/** Everything needed to act on a LogoutRequest, independent of binding and framework. */
export interface LogoutResponder {
  readonly spEntityID: string;
  readonly verification: LogoutRequestContext;
  /** The configured IdPs with their endpoints (the same ones `verification` trusts). */
  readonly idps: ReadonlyMap<string, IdpDescriptor>;
  readonly index: SessionIndex;
  /**
   * Where a LogoutRequest's ID is checked against replay, always before `hooks.beforeLogout`
   * (which must never be shown a replay) and before anything is claimed:
   * - `'replay-cache'`: `verification.replayCache`, during verification;
   * - `'index-before-hook'`: the index's `rememberLogoutRequest`, just before the hook;
   * - `'index-in-claim'` (no hook configured): the index's `claimForLogoutRequest`, one round
   *   trip less. Both index modes use the same record, so instances configured either way
   *   refuse each other's replays.
   */
  readonly replayCheck: 'replay-cache' | 'index-before-hook' | 'index-in-claim';
  readonly terminator: SessionTerminator;
  readonly signing: SigningCredentials;
  readonly noSessionStatus: NoSessionStatus;
  readonly logger: SloLogger;
  readonly hooks: Required<SloHooks>;
  readonly metrics: SloMetrics;
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
  /**
   * Settles once what the logout left running is done: the index entries of the destroyed
   * sessions removed, then the `onSessionDestroyed` and `afterLogout` hooks and the metrics
   * (so hooks see the index without those sessions). Never rejects. Answer only after it:
   * build the answer meanwhile, so the clean-up's Redis round trip overlaps the signing.
   */
  readonly settled: Promise<void>;
}

/**
 * Verifies a samlp:LogoutRequest (signature by `checkSignature`, the binding's), ends every
 * matching session, decides the status that tells the truth (design §6), and logs one
 * event. Never throws for a bad message: a refused request yields a Requester status.
 * Returns as soon as the status is known; `outcome.settled` then covers the index clean-up,
 * the `onSessionDestroyed` / `afterLogout` hooks and the metrics.
 *
 * @example
 * ```ts
 * const outcome = await handleLogoutRequest(message, responder, 'redirect', redirectCheck);
 * await outcome.settled; // the index clean-up and the hooks, before answering
 * ```
 */
export async function handleLogoutRequest(
  message: Element,
  responder: LogoutResponder,
  binding: string,
  checkSignature?: SignatureCheck,
): Promise<LogoutOutcome> {
  const started = Date.now();
  const tidyWork: Promise<void>[] = [];
  let request: VerifiedLogoutRequest | undefined;
  let report: LogoutReport | undefined;
  let error: SloError | undefined;
  const byIndex =
    responder.replayCheck !== 'replay-cache' && remembersLogoutRequests(responder.index);
  try {
    request = await verifyLogoutRequest(message, responder.verification, checkSignature, {
      replayCheck: byIndex ? 'caller' : 'replay-cache',
    });
  } catch (err) {
    error = toSloError(err, SloErrorCode.Internal, 'verification failed');
  }
  const trigger = binding as LogoutTrigger;
  let vetoStatus: ResponseStatus | undefined;
  if (request) {
    const verified = request;
    const claim = { ...verified, issuedAt: verified.issueInstant.getTime() };
    const requestId = {
      id: verified.id,
      keepUntil: replayWindowEnd(verified.issueInstant, responder.verification),
    };
    // With a hook, the index records the ID first: the hook is never shown a replay.
    const recorded =
      byIndex && responder.replayCheck === 'index-before-hook'
        ? await recordRequest(responder.index, claim, requestId)
        : undefined;
    const veto = recorded
      ? undefined
      : await runHook(
          'beforeLogout',
          () => responder.hooks.beforeLogout({ trigger, request: verified }),
          responder.logger,
        );
    if (recorded?.code === SloErrorCode.MessageReplayed) {
      error = recorded;
      request = undefined;
    } else if (recorded) {
      // The index could not answer: nothing was done, reported as when its claim fails.
      error = recorded;
      report = { sessionsFound: 0, sessionsDestroyed: 0, failedSessionIds: [], error };
    } else if (veto && (veto.deny === 'requester' || veto.deny === 'responder')) {
      error = new SloError(SloErrorCode.LogoutVetoed, 'the beforeLogout hook refused this logout');
      vetoStatus =
        veto.deny === 'responder'
          ? { status: SamlStatus.Responder, subStatus: SamlStatus.RequestDenied, code: error.code }
          : statusForError(error);
    } else {
      report = await endMatchingSessions(
        claim,
        responder.index,
        withDestroyedHook(responder, trigger, verified),
        {
          tidying: (work) => tidyWork.push(work),
          ...(byIndex && responder.replayCheck === 'index-in-claim' ? { request: requestId } : {}),
        },
      );
      error = report.error;
      if (error?.code === SloErrorCode.MessageReplayed) {
        // Refused by the claim, which changed nothing: answered as a refused request.
        error = error.withInResponseTo(verified.id);
        request = undefined;
        report = undefined;
      }
    }
  }
  const status =
    vetoStatus ??
    (request && report
      ? decideStatus(report, responder.noSessionStatus)
      : statusForError(error ?? new SloError(SloErrorCode.Internal, 'no outcome')));
  const inResponseTo = request?.id ?? error?.inResponseTo;
  const idp = responder.idps.get(request?.issuer ?? unverifiedIssuer(message) ?? '');
  logOutcome(responder.logger, { binding, request, report, status, error, started });
  const settled = Promise.all(tidyWork).then(() =>
    reportOutcome(responder, { trigger, request, report, status, error, started }),
  );
  return {
    ...(request ? { request } : {}),
    status,
    ...(report ? { report } : {}),
    ...(error ? { error } : {}),
    ...(inResponseTo === undefined ? {} : { inResponseTo }),
    ...(idp ? { idp } : {}),
    settled,
  };
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

/**
 * Wraps the terminator so `hooks.onSessionDestroyed` runs (contained) after each destroy —
 * with `tidying`, after the session's index clean-up too, as part of the tidying work — and
 * after each session its `endsInClaim` ended.
 *
 * @example
 * ```ts
 * await endMatchingSessions(claim, index, withDestroyedHook(responder, 'admin', { issuer, nameID }));
 * ```
 */
export function withDestroyedHook(
  responder: Pick<LogoutResponder, 'terminator' | 'hooks' | 'logger'>,
  trigger: LogoutTrigger,
  subject: { issuer: string; nameID: string },
): SessionTerminator {
  const { terminator } = responder;
  const afterEnding = async (
    sessionId: string,
    tidying: Tidying | undefined,
    end: (tidyingOfEnd: Tidying | undefined) => Promise<void>,
  ): Promise<void> => {
    const cleanUp: Promise<void>[] = [];
    await end(tidying && ((work) => void cleanUp.push(work)));
    const hook = async () => {
      await Promise.all(cleanUp);
      await runHook(
        'onSessionDestroyed',
        () =>
          responder.hooks.onSessionDestroyed({
            trigger,
            sessionId,
            issuer: subject.issuer,
            nameID: subject.nameID,
          }),
        responder.logger,
      );
    };
    if (tidying) tidying(hook());
    else await hook();
  };
  const inClaim = terminator.endsInClaim;
  return {
    destroy: (sessionId, owner, tidying) =>
      afterEnding(sessionId, tidying, (t) => terminator.destroy(sessionId, owner, t)),
    ...(inClaim
      ? {
          endsInClaim: {
            claimAndEnd: inClaim.claimAndEnd,
            ended: (sessionId, tidying) =>
              afterEnding(sessionId, tidying, (t) => inClaim.ended(sessionId, t)),
          },
        }
      : {}),
  };
}

/**
 * Runs `hooks.afterLogout` (contained) and records metrics for one inbound logout.
 *
 * @example
 * ```ts
 * await reportOutcome(responder, { trigger: 'admin', report, status, started: Date.now() });
 * ```
 */
export async function reportOutcome(
  responder: Pick<LogoutResponder, 'hooks' | 'metrics' | 'logger'>,
  entry: {
    trigger: LogoutTrigger;
    request?: VerifiedLogoutRequest | undefined;
    report?: LogoutReport | undefined;
    status: ResponseStatus;
    error?: SloError | undefined;
    started: number;
  },
): Promise<void> {
  const { report, status } = entry;
  const durationMs = Date.now() - entry.started;
  const statusUri = status.subStatus ?? status.status;
  const outcome = statusUri.slice(statusUri.lastIndexOf(':') + 1); // 'Success', 'PartialLogout', …
  try {
    responder.metrics.logoutHandled(
      { binding: entry.trigger, outcome, code: entry.error?.code ?? 'none' },
      durationMs / 1000,
    );
    if (report && report.sessionsDestroyed > 0) {
      responder.metrics.sessionsDestroyed(report.sessionsDestroyed);
    }
  } catch (err) {
    responder.logger.error(
      { event: 'saml_slo.metrics_failed', cause: String(err) },
      'a metric failed',
    );
  }
  await runHook(
    'afterLogout',
    () =>
      responder.hooks.afterLogout({
        trigger: entry.trigger,
        ...(entry.request ? { request: entry.request } : {}),
        status: status.status,
        ...(status.subStatus === undefined ? {} : { subStatus: status.subStatus }),
        ...(status.code === undefined ? {} : { code: status.code }),
        sessionsFound: report?.sessionsFound ?? 0,
        sessionsDestroyed: report?.sessionsDestroyed ?? 0,
        durationMs,
      }),
    responder.logger,
  );
}

/**
 * Remembers a verified request's ID in the index: undefined the first time; otherwise
 * `SLO_MESSAGE_REPLAYED` (carrying the request's ID), or `SLO_SESSION_INDEX_UNAVAILABLE`
 * when the index could not answer.
 */
async function recordRequest(
  index: SessionIndex & Required<Pick<SessionIndex, 'rememberLogoutRequest'>>,
  claim: LogoutClaim,
  requestId: LogoutRequestId,
): Promise<SloError | undefined> {
  try {
    if (await index.rememberLogoutRequest(claim, requestId)) return undefined;
    return messageReplayed().withInResponseTo(requestId.id);
  } catch (cause) {
    return indexUnavailable(cause);
  }
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
  // The default logger drops every record: spare it the fields (and the NameID hash).
  if (logger === silentLogger) return;
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
