import { SloError, SloErrorCode } from '../errors';

/**
 * Sends a SOAP 1.1 message to an IdP server to server (SAML SOAP binding) and returns the
 * answer's body, bounded in time and size.
 *
 * @throws {SloError} `SLO_INTERNAL` when the IdP is
 *   unreachable, times out, answers non-200 or too much.
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
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'text/xml; charset=utf-8',
        SOAPAction: 'http://www.oasis-open.org/committees/security',
      },
      body: envelope,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (cause) {
    throw new SloError(SloErrorCode.Internal, 'the IdP SOAP endpoint could not be reached', {
      cause,
    });
  }
  const text = await response.text();
  if (Buffer.byteLength(text) > maxBytes) {
    throw new SloError(SloErrorCode.BodyTooLarge, 'the IdP SOAP answer is too large');
  }
  if (response.status !== 200) {
    throw new SloError(
      SloErrorCode.Internal,
      `the IdP SOAP endpoint answered HTTP ${response.status}`,
    );
  }
  return text;
}
