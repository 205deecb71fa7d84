import { SloError, SloErrorCode } from '../errors';

/**
 * Sends a SOAP 1.1 message to an IdP server to server (SAML SOAP binding) and returns the
 * answer's body, bounded in time (`timeoutMs`, for the whole exchange) and size (the body
 * is read as a stream and abandoned past `maxBytes`).
 *
 * @throws {SloError} `SLO_IDP_UNREACHABLE` when the IdP is unreachable, times out, answers
 *   non-200 or more than `maxBytes`.
 * @example
 * ```ts
 * const answer = await sendSoap(idp.singleLogoutService.soap.location, envelope, 5000);
 * ```
 */
export async function sendSoap(
  url: string,
  envelope: string,
  timeoutMs: number,
  maxBytes = 262_144,
): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'text/xml; charset=utf-8',
        SOAPAction: 'http://www.oasis-open.org/committees/security',
      },
      body: envelope,
      signal,
      redirect: 'error',
    });
  } catch (cause) {
    throw unreachable('the IdP SOAP endpoint could not be reached', cause);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw unreachable(`the IdP SOAP endpoint answered HTTP ${response.status}`);
  }
  return readCapped(response, maxBytes);
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw unreachable(`the IdP SOAP answer is larger than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof SloError) throw err;
    throw unreachable('the IdP SOAP answer could not be read', err);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function unreachable(message: string, cause?: unknown): SloError {
  return new SloError(SloErrorCode.IdpUnreachable, message, cause === undefined ? {} : { cause });
}
