import type { IncomingMessage } from 'node:http';
import { SloError, SloErrorCode } from '../errors';
import type { SloLogger } from '../logging/logger';
import type { LoginRecord } from '../session-index/login-record';
import { startSpLogout, type SpLogoutStarter } from '../protocol/sp-initiated/start-sp-logout';
import { errorReply } from '../protocol/reply';
import { writeReply, type SloRequestHandler } from './slo-router';

type Done = (err?: unknown) => void;

type LogoutRequestLike = IncomingMessage & {
  session?: { samlSlo?: LoginRecord; destroy?: (cb: Done) => void };
  logout?: (options: unknown, done: Done) => void;
};

/** Options of {@link createStartLogoutHandler}. */
export interface StartLogoutOptions {
  /** Also accept GET (a plain link). Off by default: a GET can be forged cross-site. */
  readonly allowGet?: boolean;
}

/**
 * SP-initiated logout as a route handler: ends the local session first (Passport's
 * `req.logout()` when present, else `req.session.destroy()`), then sends the IdP the
 * LogoutRequest and lands the user on `afterLogoutUrl?saml_logout=…`.
 *
 * Cross-site forgery: POST only unless `allowGet`; a request whose `Sec-Fetch-Site` is
 * `cross-site`/`same-site`, or whose `Origin` is not the app's, is refused with 403 and code
 * `SLO_REQUEST_FORGED`. A session cookie with `SameSite=Lax` adds a second line, but the app
 * must ask for it (`session({ cookie: { sameSite: 'lax' } })`): express-session sets no
 * SameSite attribute by default.
 *
 * @example
 * ```ts
 * app.post('/logout', slo.logout());
 * ```
 */
export function createStartLogoutHandler(
  starter: SpLogoutStarter,
  appOrigin: string,
  logger: SloLogger,
  options: StartLogoutOptions = {},
): SloRequestHandler {
  return (rawReq, res, next) => {
    const req = rawReq as LogoutRequestLike;
    if (req.method !== 'POST' && !(options.allowGet && req.method === 'GET')) {
      res.setHeader('Allow', options.allowGet ? 'GET, POST' : 'POST');
      return writeReply(
        res,
        errorReply(405, new SloError(SloErrorCode.MethodNotAllowed, 'logout must be a POST')),
      );
    }
    if (!sameOrigin(req, appOrigin)) {
      logger.warn(
        { event: 'saml_slo.logout_cross_site_refused' },
        'cross-site logout attempt refused',
      );
      return writeReply(
        res,
        errorReply(403, new SloError(SloErrorCode.RequestForged, 'cross-site logout refused')),
      );
    }
    const login = req.session?.samlSlo;
    endLocalSession(req, (err) => {
      if (err) return next(err);
      // .catch after .then: a throw while writing the reply reaches next(), never the process.
      startSpLogout(login, starter)
        .then((reply) => writeReply(res, reply))
        .catch(next);
    });
  };
}

function sameOrigin(req: IncomingMessage, appOrigin: string): boolean {
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = header(req, 'origin');
  return origin === undefined || origin === appOrigin;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function endLocalSession(req: LogoutRequestLike, done: Done): void {
  if (typeof req.logout === 'function') return req.logout({}, done);
  if (req.session && typeof req.session.destroy === 'function') return req.session.destroy(done);
  done();
}
