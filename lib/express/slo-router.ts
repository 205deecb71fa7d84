import type { IncomingMessage, ServerResponse } from 'node:http';
import { SloError, SloErrorCode } from '../errors';
import type { SloLogger } from '../logging/logger';
import {
  receiveSoapLogout,
  soapFault,
  type SloReply,
} from '../protocol/logout/receive-soap-logout';
import type { LogoutResponder } from '../protocol/logout/respond-to-logout-request';
import type { XmlLimits } from '../protocol/xml/parse-xml';
import { readBody } from './read-body';

/**
 * A connect-style handler: works with `app.use()` in Express 4 and 5 (and plain connect)
 * without tying saml-slo to one Express version.
 *
 * @example
 * ```ts
 * const handler: SloRequestHandler = slo.router();
 * app.use(handler);
 * ```
 */
export type SloRequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

/** What the router needs from the configuration. */
export interface RouterSettings {
  readonly logoutPath: string;
  readonly maxBodyBytes: number;
  readonly xmlLimits: XmlLimits;
  readonly responder: LogoutResponder;
  readonly logger: SloLogger;
}

/**
 * The HTTP side of saml-slo: routes `POST {logoutPath}` by Content-Type to a binding,
 * reads the body within limits, and writes the reply the protocol core decided. It
 * decides no outcome itself. Mount it at the app's root.
 *
 * @example
 * ```ts
 * app.use(createSloRouter(settings));
 * ```
 */
export function createSloRouter(settings: RouterSettings): SloRequestHandler {
  return (req, res, next) => {
    if (pathOf(req) !== settings.logoutPath) return next();
    handleLogout(req, res, settings).catch((err: unknown) => {
      settings.logger.error(
        { event: 'saml_slo.internal_error', cause: String(err) },
        'saml-slo failed',
      );
      if (!res.headersSent)
        writeReply(res, soapFault('1.1', new SloError(SloErrorCode.Internal, 'internal')));
      else res.destroy();
    });
  };
}

async function handleLogout(
  req: IncomingMessage,
  res: ServerResponse,
  settings: RouterSettings,
): Promise<void> {
  const soapVersion = soapVersionOf(req.headers['content-type']);
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return writeReply(
      res,
      soapFault('1.1', new SloError(SloErrorCode.MethodNotAllowed, `${req.method} not allowed`)),
    );
  }
  if (!soapVersion) {
    return writeReply(
      res,
      soapFault(
        '1.1',
        new SloError(
          SloErrorCode.UnsupportedMediaType,
          'expected text/xml or application/soap+xml',
        ),
      ),
    );
  }
  let body: string;
  try {
    body = await readBody(req, settings.maxBodyBytes);
  } catch (err) {
    if (!(err instanceof SloError)) throw err;
    settings.logger.warn(
      { event: 'saml_slo.body_refused', code: err.code },
      'logout request body refused',
    );
    res.setHeader('Connection', 'close');
    return writeReply(res, soapFault(soapVersion, err));
  }
  writeReply(
    res,
    await receiveSoapLogout(body, soapVersion, settings.responder, settings.xmlLimits),
  );
}

function soapVersionOf(contentType: string | undefined): '1.1' | '1.2' | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/xml') return '1.1';
  if (type === 'application/soap+xml') return '1.2';
  return undefined;
}

function pathOf(req: IncomingMessage & { path?: string }): string {
  if (typeof req.path === 'string') return req.path;
  return new URL(req.url ?? '/', 'http://localhost').pathname;
}

function writeReply(res: ServerResponse, reply: SloReply): void {
  res.statusCode = reply.statusCode;
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(reply.body);
}
