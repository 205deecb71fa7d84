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
 * A 302 to `location`, never cached. Characters a header cannot carry (non-ASCII, such as
 * an internationalised path or host in a configured URL; controls; spaces) are
 * percent-encoded as UTF-8, which browsers read back as the same URL; Node would otherwise
 * throw while writing the header.
 *
 * @example
 * ```ts
 * return redirectReply('https://idp.example.com/slo?SAMLResponse=…');
 * ```
 */
export function redirectReply(location: string, extra: Partial<SloReply> = {}): SloReply {
  return {
    statusCode: 302,
    headers: { Location: headerSafeUrl(location), 'Cache-Control': 'no-store' },
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

/** `url` with every character outside printable ASCII percent-encoded (UTF-8). */
function headerSafeUrl(url: string): string {
  let out = '';
  for (const ch of url) {
    const code = ch.codePointAt(0)!;
    out += code > 0x20 && code < 0x7f ? ch : encodeURIComponent(ch);
  }
  return out;
}
