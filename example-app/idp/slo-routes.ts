import { Router, type Request, type Response } from 'express';
import type { LogoutRequestReadout } from '../../lib/testing';
import { formField } from '../form-field';
import { judgeResponse, type LogoutOutcome } from './back-channel';
import type { IdpContext } from './idp-context';
import type { IdpSession, TrustedSp } from './idp-sessions';
import { messagePage } from './idp-pages';
import { continueLogout, recordOutcome, startLogout, type PropagationMode } from './logout-job';

/**
 * Single Logout at the demo IdP:
 * - `GET /slo?SAMLRequest=…`: an SP's LogoutRequest (SP-initiated, HTTP-Redirect, query
 *   signed by the SP). The IdP ends its session, logs the other participants out, and
 *   answers the SP with a signed LogoutResponse: Success, or Responder/PartialLogout.
 * - `GET /slo?SAMLResponse=…`: an SP's answer during a front-channel chain; the chain goes on.
 * - `POST /logout-everywhere`, `POST /logout-front-channel`: IdP-initiated logout of a user.
 *
 * @example
 * ```ts
 * app.use(sloRoutes(ctx));
 * ```
 */
export function sloRoutes(ctx: IdpContext): Router {
  const router = Router();
  router.get('/slo', async (req, res) => {
    if (typeof req.query.SAMLResponse === 'string') return receiveResponse(ctx, req, res);
    if (typeof req.query.SAMLRequest === 'string') return receiveRequest(ctx, req, res);
    res.status(400).send(messagePage('Expected a SAMLRequest or a SAMLResponse.'));
  });
  const logoutEverywhere = (mode: PropagationMode) => async (req: Request, res: Response) => {
    const mine = ctx.sessions.ofBrowser(req);
    const nameID = formField(req, 'nameID').trim() || mine?.nameID || '';
    const sessions = ctx.sessions.ofUser(nameID);
    ctx.log(`IdP-initiated logout of ${nameID} (${mode === 'auto' ? 'back-channel' : mode})`);
    endsBrowserSession(ctx, res, mine, sessions);
    await startLogout(ctx, res, { sessions, nameID, mode });
  };
  router.post('/logout-everywhere', logoutEverywhere('auto'));
  router.post('/logout-front-channel', logoutEverywhere('front-channel'));
  return router;
}

async function receiveRequest(ctx: IdpContext, req: Request, res: Response): Promise<void> {
  const refuse = (reason: string) => {
    ctx.log(`LogoutRequest refused: ${reason}`);
    res.status(400).send(messagePage(`Logout refused: ${reason}`));
  };
  let request: LogoutRequestReadout;
  let sp: TrustedSp | undefined;
  try {
    // Read once for the Issuer, then again to check the query signature with that SP's key.
    const issuer = ctx.idp.readLogoutRequest({ redirectUrl: req.originalUrl }, '').issuer;
    sp = ctx.sps.get(issuer);
    if (!sp) return refuse(`unknown SP ${issuer}`);
    request = ctx.idp.readLogoutRequest({ redirectUrl: req.originalUrl }, sp.certificate);
  } catch {
    return refuse('not a readable LogoutRequest');
  }
  if (!request.signatureValid) return refuse(`the signature does not verify for ${sp.name}`);
  if (request.destination !== ctx.sloUrl) return refuse('wrong Destination');
  if (request.notOnOrAfter && Date.parse(request.notOnOrAfter) <= Date.now())
    return refuse('expired');
  const sessions = ctx.sessions.named(sp.entityID, request.nameID, request.sessionIndexes);
  ctx.log(`${sp.name} asks to log out ${request.nameID} (SP-initiated, Redirect)`);
  endsBrowserSession(ctx, res, ctx.sessions.ofBrowser(req), sessions);
  await startLogout(ctx, res, {
    sessions,
    nameID: request.nameID,
    mode: 'auto',
    initiator: {
      sp,
      requestId: request.id,
      sessionIndexes: request.sessionIndexes,
      ...(request.relayState === undefined ? {} : { relayState: request.relayState }),
    },
  });
}

function receiveResponse(ctx: IdpContext, req: Request, res: Response): void {
  const relayState = typeof req.query.RelayState === 'string' ? req.query.RelayState : '';
  const job = ctx.jobs.get(relayState);
  const pending = job?.pending;
  if (!job || !pending) {
    return void res.status(400).send(messagePage('No logout in progress for that response.'));
  }
  const outcome = (ok: boolean, detail: string): LogoutOutcome => ({
    sp: pending.participant.sp.name,
    binding: pending.binding,
    ok,
    detail,
  });
  try {
    const read = ctx.idp.readRedirectLogoutResponse(
      req.originalUrl,
      pending.participant.sp.certificate,
    );
    recordOutcome(ctx, job, judgeResponse(read, pending.requestId, outcome));
  } catch {
    recordOutcome(ctx, job, outcome(false, 'unreadable LogoutResponse'));
  }
  continueLogout(ctx, res, job);
}

/** Forgets this browser's IdP cookie when its session is among those ending. */
function endsBrowserSession(
  ctx: IdpContext,
  res: Response,
  mine: IdpSession | undefined,
  ending: readonly IdpSession[],
): void {
  if (mine && ending.includes(mine)) ctx.sessions.clearCookie(res);
}
