import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import { SloError, SloErrorCode } from '../errors';

/**
 * Reads the request body as text, refusing anything over `limit` bytes before it is
 * buffered (raw-body checks Content-Length up front and counts as it reads). A body that
 * an earlier body parser already read is used as is.
 *
 * @throws {SloError} `SLO_BODY_TOO_LARGE` or `SLO_XML_MALFORMED` (unreadable body).
 * @example
 * ```ts
 * const text = await readBody(req, 262_144);
 * ```
 */
export async function readBody(
  req: IncomingMessage & { body?: unknown },
  limit: number,
): Promise<string> {
  if (typeof req.body === 'string' || Buffer.isBuffer(req.body)) {
    const text = req.body.toString();
    if (Buffer.byteLength(text) > limit) throw tooLarge(limit);
    return text;
  }
  try {
    return await getRawBody(req, { limit, encoding: 'utf-8' });
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') throw tooLarge(limit);
    throw new SloError(SloErrorCode.XmlMalformed, 'the request body could not be read', {
      cause: err,
    });
  }
}

function tooLarge(limit: number): SloError {
  return new SloError(SloErrorCode.BodyTooLarge, `request body over ${limit} bytes`);
}
