import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import { SloError, SloErrorCode } from '../errors';

/** How the body is read: its size and time limits, and what it holds. */
export interface BodyReading {
  /** Largest body accepted, bytes. */
  readonly limit: number;
  /** Longest wait for the whole body, ms. */
  readonly timeoutMs: number;
  /** An `application/x-www-form-urlencoded` form (HTTP-POST binding), else XML (SOAP). */
  readonly form: boolean;
}

/** What the HTTP-POST binding reads from a form; any other field is not ours to check. */
const SAML_FORM_FIELDS = new Set(['SAMLRequest', 'SAMLResponse', 'RelayState']);

/**
 * Reads the request body as text, within limits:
 * - a Content-Length over `limit` is refused before any of the body is read, and a body
 *   without one is counted as it arrives (raw-body);
 * - a body that has not arrived in full within `timeoutMs` is refused (a client that
 *   sends slowly, or stops, would otherwise hold the request until the server's own
 *   timeout, 5 minutes by default in Node);
 * - a body an earlier body parser of the app already read is used when it can be: as text
 *   (`express.text()`, `express.raw()`), or for a form, the fields `express.urlencoded()`
 *   parsed, encoded back into a form (a parameter given twice stays twice, so the binding
 *   still refuses it; values are as that parser decoded them, in its charset, and with
 *   `extended` a `SAMLRequest[]` field reads as `SAMLRequest`: the XML's signature still
 *   decides). Anything else is `SLO_BODY_ALREADY_READ`, naming the fix;
 * - a body it reads itself with a content coding (`Content-Encoding: gzip`) is refused,
 *   not undone (an app-wide body parser before it may have undone it already);
 * - the bytes must be UTF-8 (SAML's encoding in practice; an XML encoding declaration is
 *   not read): anything else is refused, not read with replacement characters.
 *
 * @throws {SloError} `SLO_BODY_TOO_LARGE`, `SLO_BODY_TIMEOUT`, `SLO_BODY_ALREADY_READ`,
 *   `SLO_UNSUPPORTED_MEDIA_TYPE` (a content coding), `SLO_MESSAGE_INVALID` (a parsed form
 *   field that is not text) or `SLO_XML_MALFORMED` (bytes that are not UTF-8, or a body that
 *   could not be read, e.g. the client went away).
 * @example
 * ```ts
 * const text = await readBody(req, { limit: 262_144, timeoutMs: 10_000, form: false });
 * ```
 */
export async function readBody(
  req: IncomingMessage & { body?: unknown; _body?: unknown },
  reading: BodyReading,
): Promise<string> {
  const { limit } = reading;
  if (typeof req.body === 'string' || Buffer.isBuffer(req.body)) {
    const text = typeof req.body === 'string' ? req.body : utf8Text(req.body, req);
    if (Buffer.byteLength(text) > limit) throw tooLarge(limit);
    return text;
  }
  // body-parser marks what it read with `_body`; any reader leaves the stream ended.
  if (req._body === true || req.readableEnded) {
    if (reading.form && isParsedForm(req.body)) {
      const text = encodeParsedForm(req.body);
      if (Buffer.byteLength(text) > limit) throw tooLarge(limit);
      return text;
    }
    throw new SloError(
      SloErrorCode.BodyAlreadyRead,
      'another body parser of the app read the request body before saml-slo, into a form it cannot use: mount slo.router() before app-wide body parsers',
    );
  }
  const coding = contentCoding(req);
  if (coding !== undefined) {
    throw new SloError(
      SloErrorCode.UnsupportedMediaType,
      `Content-Encoding ${coding} is not supported: send the body uncompressed`,
    );
  }
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) throw tooLarge(limit);
  const reading$ = getRawBody(req, {
    limit,
    ...(declared === undefined ? {} : { length: declared }),
  }).then((bytes) => utf8Text(bytes, req));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SloError(
            SloErrorCode.BodyTimeout,
            `the request body did not arrive within ${reading.timeoutMs} ms`,
          ),
        ),
      reading.timeoutMs,
    );
  });
  // After a timeout the read still ends (the reply closes the connection): nothing waits for it.
  reading$.catch(() => undefined);
  try {
    return await Promise.race([reading$, timeout]);
  } catch (err) {
    if (err instanceof SloError) throw err;
    if ((err as { type?: string }).type === 'entity.too.large') throw tooLarge(limit);
    throw new SloError(SloErrorCode.XmlMalformed, 'the request body could not be read', {
      cause: err,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** A content coding other than `identity` (e.g. `gzip`), which saml-slo does not undo. */
function contentCoding(req: IncomingMessage): string | undefined {
  const coding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  return coding === '' || coding === 'identity' ? undefined : coding;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as UTF-8 text; bytes that are not UTF-8 are refused rather than read as U+FFFD
 * (a body in another charset would otherwise reach the signature check altered, and fail
 * there with an error that names the wrong cause). A body in a charset that shares UTF-8's
 * ASCII range, as SAML messages in practice are, reads the same either way.
 */
function utf8Text(bytes: Buffer, req: IncomingMessage): string {
  try {
    return UTF8.decode(bytes);
  } catch (err) {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
    throw new SloError(
      SloErrorCode.XmlMalformed,
      `the request body is not UTF-8 text${charset ? ` (declared charset ${charset})` : ''}`,
      { cause: err },
    );
  }
}

/** The Content-Length of a body sent without a transfer or content coding, else undefined. */
function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined || req.headers['transfer-encoding'] !== undefined) return undefined;
  if (req.headers['content-encoding'] !== undefined) return undefined;
  return /^\d{1,15}$/.test(header) ? Number(header) : undefined;
}

function isParsedForm(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/**
 * A parsed form encoded back as `application/x-www-form-urlencoded`. Written by hand because
 * body-parser hands over `{ name: value | value[] }` (or nested objects with `extended`),
 * and the binding's own reader (decodePostForm) must see every value it was given.
 */
function encodeParsedForm(body: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') form.append(name, item);
      else if (SAML_FORM_FIELDS.has(name)) {
        throw new SloError(SloErrorCode.MessageInvalid, `the ${name} parameter is not text`);
      }
    }
  }
  return form.toString();
}

function tooLarge(limit: number): SloError {
  return new SloError(SloErrorCode.BodyTooLarge, `request body over ${limit} bytes`);
}
