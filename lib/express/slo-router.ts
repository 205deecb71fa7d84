import type { IncomingMessage, ServerResponse } from 'node:http';
import { SloError, SloErrorCode, answerFor } from '../errors';
import type { SloLogger } from '../logging/logger';
import { receiveSoapLogout, soapFault } from '../protocol/logout/receive-soap-logout';
import { receiveFrontChannel } from '../protocol/front-channel/receive-front-channel';
import type { LogoutResponder } from '../protocol/logout/respond-to-logout-request';
import type { SpLogoutSettings } from '../protocol/sp-initiated/sp-logout-settings';
import { errorReply, type SloReply } from '../protocol/reply';
import type { XmlLimits } from '../protocol/xml/parse-xml';
import { readBody } from './read-body';
import { tlsClientIdps } from './client-certificate';

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
  readonly metadataPath: string;
  readonly maxBodyBytes: number;
  /** Longest wait for a request body, ms. */
  readonly bodyTimeoutMs: number;
  readonly xmlLimits: XmlLimits;
  readonly responder: LogoutResponder;
  readonly spLogout: SpLogoutSettings;
  /** The SP metadata document, or undefined when metadata is not served. */
  readonly metadata: () => Promise<string>;
  readonly logger: SloLogger;
  /**
   * Mutual TLS on the SOAP endpoint: SHA-256 fingerprint of each accepted client
   * certificate → the IdPs it belongs to. Absent: not required.
   */
  readonly soapClientCertificates?: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * The HTTP side of saml-slo, mounted at the app's root. It routes and reads within
 * limits, then writes the reply the protocol core decided; it decides no outcome itself:
 * - `GET {logoutPath}`: HTTP-Redirect binding (LogoutRequest from the IdP, or its
 *   LogoutResponse to our request);
 * - `POST {logoutPath}`: SOAP (`text/xml`, `application/soap+xml`) or HTTP-POST
 *   (`application/x-www-form-urlencoded`);
 * - `GET {metadataPath}`: SP metadata.
 *
 * @example
 * ```ts
 * app.use(createSloRouter(settings));
 * ```
 */
export function createSloRouter(settings: RouterSettings): SloRequestHandler {
  return (req, res, next) => {
    const path = pathOf(req);
    if (path !== settings.logoutPath && path !== settings.metadataPath) return next();
    const handle =
      path === settings.metadataPath
        ? serveMetadata(req, res, settings)
        : handleLogout(req, res, settings);
    handle.catch((err: unknown) => {
      settings.logger.error(
        { event: 'saml_slo.internal_error', cause: String(err) },
        'saml-slo failed',
      );
      if (res.headersSent) return void res.destroy();
      // A SOAP caller gets a SOAP Fault (soap:Server), as for every other refusal.
      const error = new SloError(SloErrorCode.Internal, 'internal');
      const soapVersion =
        req.method === 'POST' ? soapVersionOf(mediaType(req.headers['content-type'])) : undefined;
      writeReply(res, soapVersion ? soapFault(soapVersion, error) : errorReply(500, error));
    });
  };
}

async function serveMetadata(
  req: IncomingMessage,
  res: ServerResponse,
  settings: RouterSettings,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET');
    return writeReply(
      res,
      errorReply(405, new SloError(SloErrorCode.MethodNotAllowed, 'GET only')),
    );
  }
  const xml = await settings.metadata();
  writeReply(res, {
    statusCode: 200,
    headers: {
      'Content-Type': 'application/samlmetadata+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    },
    body: xml,
  });
}

async function handleLogout(
  req: IncomingMessage,
  res: ServerResponse,
  settings: RouterSettings,
): Promise<void> {
  const type = mediaType(req.headers['content-type']);
  if (req.method === 'GET') {
    const url = req.url ?? '';
    const rawQuery = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    return writeReply(
      res,
      await receiveFrontChannel(
        { binding: 'redirect', rawQuery },
        settings.responder,
        settings.spLogout,
        settings.xmlLimits,
      ),
    );
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'GET, POST');
    // The body is never read: close rather than let Node drain it to reuse the connection.
    res.setHeader('Connection', 'close');
    return writeReply(
      res,
      soapFault('1.1', new SloError(SloErrorCode.MethodNotAllowed, `${req.method} not allowed`)),
    );
  }
  const soapVersion = soapVersionOf(type);
  if (!soapVersion && type !== 'application/x-www-form-urlencoded') {
    res.setHeader('Connection', 'close');
    return writeReply(
      res,
      soapFault(
        '1.1',
        new SloError(
          SloErrorCode.UnsupportedMediaType,
          'expected SOAP (text/xml, application/soap+xml) or a form post',
        ),
      ),
    );
  }
  let tlsIdps: Set<string> | undefined;
  if (soapVersion && settings.soapClientCertificates) {
    // Refused before the body is read, let alone parsed.
    tlsIdps = tlsClientIdps(req, settings.soapClientCertificates);
    if (tlsIdps.size === 0) {
      settings.logger.warn(
        { event: 'saml_slo.client_certificate_refused' },
        'SOAP logout without an IdP client certificate',
      );
      res.setHeader('Connection', 'close');
      return writeReply(
        res,
        soapFault(
          soapVersion,
          new SloError(
            SloErrorCode.ClientCertificateRequired,
            'no client certificate of a configured IdP',
          ),
        ),
      );
    }
  }
  let body: string;
  try {
    body = await readBody(req, {
      limit: settings.maxBodyBytes,
      timeoutMs: settings.bodyTimeoutMs,
      form: !soapVersion,
    });
  } catch (err) {
    if (!(err instanceof SloError)) throw err;
    const record = { event: 'saml_slo.body_refused', code: err.code, reason: err.message };
    if (err.code === SloErrorCode.BodyAlreadyRead) settings.logger.error(record, err.message);
    else settings.logger.warn(record, 'logout request body refused');
    res.setHeader('Connection', 'close');
    return writeReply(
      res,
      soapVersion ? soapFault(soapVersion, err) : errorReply(answerFor(err.code).httpStatus, err),
    );
  }
  if (soapVersion) {
    return writeReply(
      res,
      await receiveSoapLogout(body, soapVersion, settings.responder, settings.xmlLimits, tlsIdps),
    );
  }
  writeReply(
    res,
    await receiveFrontChannel(
      { binding: 'post', formBody: body },
      settings.responder,
      settings.spLogout,
      settings.xmlLimits,
    ),
  );
}

/** The SOAP version a media type names, if any. */
function soapVersionOf(type: string): '1.1' | '1.2' | undefined {
  return type === 'text/xml' ? '1.1' : type === 'application/soap+xml' ? '1.2' : undefined;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * The request's path: Express's `req.path`, else `req.url` up to `?` or `#`, as Express
 * takes it. An origin-form target is never URL-parsed (parsing throws on targets like `//`
 * and would crash a plain node:http server; it would also resolve dot segments, which
 * Express does not, so `/x/../saml/logout` is not ours). An absolute-form target (what a
 * forward proxy sends, `http://host/saml/logout`) gives its pathname, or nothing when it
 * does not parse.
 */
function pathOf(req: IncomingMessage & { path?: string }): string {
  if (typeof req.path === 'string') return req.path;
  const url = req.url ?? '/';
  if (!url.startsWith('/')) {
    try {
      return new URL(url).pathname;
    } catch {
      return '';
    }
  }
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}

/**
 * Writes a protocol reply as is, with `nosniff`.
 *
 * @example
 * ```ts
 * writeReply(res, redirectReply('/'));
 * ```
 */
export function writeReply(res: ServerResponse, reply: SloReply): void {
  res.statusCode = reply.statusCode;
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(reply.body);
}
