import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { logoutBySoap, type LogoutOutcome } from './back-channel';
import type { IdpContext } from './idp-context';
import { EMAIL_FORMAT, type IdpSession, type Participant, type TrustedSp } from './idp-sessions';
import { autoPostPage, resultsPage } from './idp-pages';

const ABANDONED_AFTER_MS = 15 * 60 * 1000;

/**
 * How the IdP reaches each participant: `auto` by what its metadata offers (SOAP when it
 * has a SOAP SingleLogoutService, else through the browser); `front-channel` always
 * through the browser, by Redirect (or POST).
 */
export type PropagationMode = 'auto' | 'front-channel';

/** The SP whose LogoutRequest started the logout (SP-initiated), to be answered at the end. */
export interface Initiator {
  readonly sp: TrustedSp;
  readonly requestId: string;
  readonly relayState?: string;
  readonly sessionIndexes: readonly string[];
}

/** One logout being propagated to every participant of the ended IdP sessions. */
export interface LogoutJob {
  /** Also the RelayState of each front-channel LogoutRequest: how the chain continues. */
  readonly id: string;
  readonly nameID: string;
  /** When it started (ms): an abandoned front-channel chain is forgotten after a while. */
  readonly startedAt: number;
  readonly initiator?: Initiator;
  /** Participants still to visit through the browser. */
  readonly queue: Participant[];
  /** The front-channel request whose answer the IdP awaits. */
  pending?: {
    readonly participant: Participant;
    readonly requestId: string;
    readonly binding: LogoutOutcome['binding'];
  };
  readonly outcomes: LogoutOutcome[];
}

/**
 * Ends the given IdP sessions and logs their participants out: back-channel SOAP first
 * (server to server, in parallel), then the rest through the browser one SP at a time.
 * Finally answers the initiating SP (Success, or Responder/PartialLogout when a participant
 * did not confirm) or shows the IdP's result page.
 *
 * @example
 * ```ts
 * await startLogout(ctx, res, { sessions: ctx.sessions.ofUser(nameID), nameID, mode: 'auto' });
 * ```
 */
export async function startLogout(
  ctx: IdpContext,
  res: Response,
  input: {
    sessions: readonly IdpSession[];
    nameID: string;
    mode: PropagationMode;
    initiator?: Initiator;
  },
): Promise<void> {
  for (const session of input.sessions) ctx.sessions.end(session);
  const initiator = input.initiator;
  // The initiating SP has already ended its own session: it only awaits the answer.
  const isInitiator = (p: Participant) =>
    initiator?.sp.entityID === p.sp.entityID &&
    (initiator.sessionIndexes.length === 0 || initiator.sessionIndexes.includes(p.sessionIndex));
  const participants = input.sessions.flatMap((s) => s.participants).filter((p) => !isInitiator(p));
  const bySoap =
    input.mode === 'auto' ? participants.filter((p) => p.sp.singleLogoutService.soap) : [];
  const job: LogoutJob = {
    id: `_job-${randomBytes(12).toString('hex')}`,
    nameID: input.nameID,
    startedAt: Date.now(),
    ...(initiator ? { initiator } : {}),
    queue: participants.filter((p) => !bySoap.includes(p)),
    outcomes: await Promise.all(bySoap.map((p) => logoutBySoap(ctx, p, input.nameID))),
  };
  for (const outcome of job.outcomes) ctx.log(describe(job, outcome));
  continueLogout(ctx, res, job);
}

/**
 * Sends the browser to the next front-channel participant, or finishes the logout.
 *
 * @example
 * ```ts
 * job.outcomes.push(outcome);
 * continueLogout(ctx, res, job);
 * ```
 */
export function continueLogout(ctx: IdpContext, res: Response, job: LogoutJob): void {
  delete job.pending;
  const next = job.queue.shift();
  if (next) return sendFrontChannelRequest(ctx, res, job, next);
  ctx.jobs.delete(job.id);
  const complete = job.outcomes.every((o) => o.ok);
  ctx.log(`logout of ${job.nameID}: ${complete ? 'complete' : 'PARTIAL'}`);
  const startedBy = job.initiator?.sp.name ?? 'IdP';
  ctx.history.unshift({ nameID: job.nameID, startedBy, complete, outcomes: job.outcomes });
  ctx.history.splice(5);
  if (job.initiator) return answerInitiator(ctx, res, job.initiator, complete);
  res.send(resultsPage(job, complete));
}

/**
 * Records how a participant answered and logs it.
 *
 * @example
 * ```ts
 * recordOutcome(ctx, job, outcome);
 * ```
 */
export function recordOutcome(ctx: IdpContext, job: LogoutJob, outcome: LogoutOutcome): void {
  job.outcomes.push(outcome);
  ctx.log(describe(job, outcome));
}

function sendFrontChannelRequest(
  ctx: IdpContext,
  res: Response,
  job: LogoutJob,
  participant: Participant,
): void {
  const slo = participant.sp.singleLogoutService;
  const input = {
    nameID: job.nameID,
    nameIDFormat: EMAIL_FORMAT,
    sessionIndexes: [participant.sessionIndex],
    relayState: job.id,
  };
  for (const [id, other] of ctx.jobs) {
    if (Date.now() - other.startedAt > ABANDONED_AFTER_MS) ctx.jobs.delete(id);
  }
  ctx.jobs.set(job.id, job);
  if (slo.redirect) {
    const request = ctx.idp.buildRedirectLogoutRequest({
      ...input,
      destination: slo.redirect.location,
    });
    job.pending = { participant, requestId: request.id, binding: 'Redirect front-channel' };
    return res.redirect(request.url);
  }
  if (slo.post) {
    const request = ctx.idp.buildPostLogoutRequest({ ...input, destination: slo.post.location });
    job.pending = { participant, requestId: request.id, binding: 'POST front-channel' };
    return void res.send(autoPostPage(slo.post.location, request.fields, 'Logging you out'));
  }
  recordOutcome(ctx, job, {
    sp: participant.sp.name,
    binding: 'none',
    ok: false,
    detail: 'no SingleLogoutService in its metadata',
  });
  continueLogout(ctx, res, job);
}

function answerInitiator(
  ctx: IdpContext,
  res: Response,
  initiator: Initiator,
  complete: boolean,
): void {
  const slo = initiator.sp.singleLogoutService;
  const endpoint = slo.redirect ?? slo.post;
  if (!endpoint) {
    res.status(400).send('The SP has no front-channel SingleLogoutService to answer.');
    return;
  }
  const destination = endpoint.responseLocation ?? endpoint.location;
  const response = {
    inResponseTo: initiator.requestId,
    destination,
    ...(complete ? {} : { status: 'Responder', subStatus: 'PartialLogout' }),
  };
  if (slo.redirect) {
    // HTTP-Redirect: the XML carries no signature, the query is signed instead.
    const { xml } = ctx.idp.buildLogoutResponse({ ...response, sign: false });
    return res.redirect(ctx.idp.redirectLogoutResponseUrl(destination, xml, initiator.relayState));
  }
  const { xml } = ctx.idp.buildLogoutResponse(response);
  res.send(
    autoPostPage(
      destination,
      ctx.idp.postLogoutResponseFields(xml, initiator.relayState),
      'Finishing logout',
    ),
  );
}

function describe(job: LogoutJob, outcome: LogoutOutcome): string {
  return `logout of ${job.nameID}: ${outcome.sp} by ${outcome.binding}: ${outcome.detail}`;
}
