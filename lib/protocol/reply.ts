import type { SloError } from '../errors';
import type { LogoutOutcome } from './logout/respond-to-logout-request';

/**
 * An HTTP reply, decided by the protocol core and written as is by the framework glue.
 *
 * @example
 * ```ts
 * res.writeHead(reply.statusCode, reply.headers).end(reply.body);
 * ```
 */
export interface SloReply {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Present when a LogoutRequest was acted on (or refused with a SAML status). */
  readonly outcome?: LogoutOutcome;
  /** Present when the reply is an error without a SAML response (fault, 4xx). */
  readonly error?: SloError;
}

/**
 * A 302 to `location`, never cached.
 *
 * @example
 * ```ts
 * return redirectReply('https://idp.example.com/slo?SAMLResponse=…');
 * ```
 */
export function redirectReply(location: string, extra: Partial<SloReply> = {}): SloReply {
  return {
    statusCode: 302,
    headers: { Location: location, 'Cache-Control': 'no-store' },
    body: '',
    ...extra,
  };
}

/**
 * A plain-text error naming only the stable code (never internals).
 *
 * @example
 * ```ts
 * return errorReply(400, err);
 * ```
 */
export function errorReply(statusCode: number, error: SloError): SloReply {
  return {
    statusCode,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    body: `SAML logout refused: ${error.code}\n`,
    error,
  };
}
