import type { LogoutResponseReadout } from '../../lib/testing';
import type { IdpContext } from './idp-context';
import { EMAIL_FORMAT, type Participant } from './idp-sessions';

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const SOAP_TIMEOUT_MS = 3000;

/** How one SP answered (or did not answer) the IdP's LogoutRequest. */
export interface LogoutOutcome {
  readonly sp: string;
  readonly binding: 'SOAP back-channel' | 'Redirect front-channel' | 'POST front-channel' | 'none';
  /** The SP confirmed, with a valid signature, that the session is gone. */
  readonly ok: boolean;
  /** What it said, e.g. `Success (signature valid)` or `unreachable (ECONNREFUSED)`. */
  readonly detail: string;
}

/**
 * Logs one participant out by back-channel SOAP: server to server, no browser. The SP's
 * LogoutResponse must be signed with the certificate of its metadata, answer this request
 * and say Success; anything else (or no answer) is not ok.
 *
 * @example
 * ```ts
 * const outcome = await logoutBySoap(ctx, participant, 'alice@example.com');
 * ```
 */
export async function logoutBySoap(
  ctx: IdpContext,
  participant: Participant,
  nameID: string,
): Promise<LogoutOutcome> {
  const sp = participant.sp;
  const destination = sp.singleLogoutService.soap!.location;
  const request = ctx.idp.buildSoapLogoutRequest({
    destination,
    nameID,
    nameIDFormat: EMAIL_FORMAT,
    sessionIndexes: [participant.sessionIndex],
  });
  const outcome = (ok: boolean, detail: string): LogoutOutcome => ({
    sp: sp.name,
    binding: 'SOAP back-channel',
    ok,
    detail,
  });
  try {
    const reply = await fetch(destination, {
      method: 'POST',
      headers: { 'content-type': request.contentType },
      body: request.envelope,
      signal: AbortSignal.timeout(SOAP_TIMEOUT_MS),
    });
    const read = ctx.idp.readLogoutResponse(await reply.text(), sp.certificate);
    return judgeResponse(read, request.id, outcome);
  } catch (err) {
    return outcome(false, `unreachable (${reasonOf(err)})`);
  }
}

/**
 * Whether an SP's LogoutResponse confirms the logout: signed by the SP, in response to
 * `requestId`, status Success.
 *
 * @example
 * ```ts
 * judgeResponse(read, requestId, (ok, detail) => ({ sp: 'Cars', binding: 'Redirect front-channel', ok, detail }));
 * ```
 */
export function judgeResponse(
  read: LogoutResponseReadout,
  requestId: string,
  outcome: (ok: boolean, detail: string) => LogoutOutcome,
): LogoutOutcome {
  const status = shortStatus(read.subStatus ?? read.status ?? 'no status');
  if (!read.signatureValid) return outcome(false, `${status} (signature NOT valid)`);
  if (read.inResponseTo !== requestId) return outcome(false, `${status} (answers another request)`);
  return outcome(
    read.status === SUCCESS && read.subStatus === undefined,
    `${status} (signature valid)`,
  );
}

/**
 * The last part of a SAML status URI.
 *
 * @example
 * ```ts
 * shortStatus('urn:oasis:names:tc:SAML:2.0:status:PartialLogout'); // 'PartialLogout'
 * ```
 */
export function shortStatus(uri: string): string {
  return uri.replace('urn:oasis:names:tc:SAML:2.0:status:', '');
}

function reasonOf(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return err instanceof Error ? err.name : 'error';
}
