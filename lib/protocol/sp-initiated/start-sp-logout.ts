import { SloErrorCode, toSloError } from '../../errors';
import type { SloLogger } from '../../logging/logger';
import type { LoginRecord } from '../../session-index/login-record';
import { buildPostForm } from '../../bindings/post';
import { encodeRedirectUrl } from '../../bindings/redirect';
import { sendSoap } from '../../bindings/soap-client';
import { unwrapSoapEnvelope, wrapInSoapEnvelope } from '../../bindings/soap';
import { buildLogoutRequest } from '../logout-request/build-logout-request';
import type { SpLogoutResult } from '../../hooks/hook-events';
import { logoutResultOf, verifyLogoutResponse } from '../logout-response/verify-logout-response';
import { pickEndpoint, type IdpDescriptor } from '../message/idp-descriptor';
import type { SigningCredentials } from '../xml-signature/sign-enveloped';
import { parseUntrustedXml } from '../xml/parse-xml';
import { redirectReply, type SloReply } from '../reply';
import { landingUrl, type SpLogoutSettings } from './sp-logout-settings';

/** What starting SP-initiated logout needs. */
export interface SpLogoutStarter {
  readonly spEntityID: string;
  readonly idps: ReadonlyMap<string, IdpDescriptor>;
  readonly signing: SigningCredentials;
  readonly settings: SpLogoutSettings;
  readonly logger: SloLogger;
  readonly now: () => number;
}

/**
 * Starts SP-initiated logout (flow 4) for a session whose local part the caller has
 * already ended: builds a LogoutRequest with the recorded NameID and every SessionIndex
 * and sends it by the first binding of the preference the IdP offers — a Redirect, an
 * auto-submitting POST form, or SOAP (server to server, answered at once). Without a SAML
 * login or a usable IdP endpoint the user lands with `saml_logout=local`.
 *
 * @example
 * ```ts
 * const reply = await startSpLogout(req.session.samlSlo, starter); // after req.logout()
 * ```
 */
export async function startSpLogout(
  login: LoginRecord | undefined,
  starter: SpLogoutStarter,
): Promise<SloReply> {
  const { settings } = starter;
  const idp = login && starter.idps.get(login.issuer);
  const target = idp && pickEndpoint(idp, settings.bindingPreference);
  if (!login || !idp || !target) {
    if (login) {
      starter.logger.warn(
        { event: 'saml_slo.sp_logout_local_only', issuer: login.issuer },
        'no SingleLogoutService to send the LogoutRequest to; logged out locally only',
      );
    }
    return redirectReply(landingUrl(settings.afterLogoutUrl, 'local'));
  }
  const destination = target.endpoint.location;
  const input = {
    id: settings.requestIds.issue(idp.entityID),
    issuer: starter.spEntityID,
    destination,
    nameID: login.nameID,
    ...(login.nameIDFormat === undefined ? {} : { nameIDFormat: login.nameIDFormat }),
    ...(login.nameQualifier === undefined ? {} : { nameQualifier: login.nameQualifier }),
    ...(login.spNameQualifier === undefined ? {} : { spNameQualifier: login.spNameQualifier }),
    sessionIndexes: login.sessionIndexes,
    now: new Date(starter.now()),
    validForMs: settings.requestLifetimeMs,
  };
  starter.logger.info(
    {
      event: 'saml_slo.sp_logout_started',
      binding: target.binding,
      issuer: idp.entityID,
      requestId: input.id,
    },
    'SP-initiated logout started',
  );
  if (target.binding === 'redirect') {
    const xml = await buildLogoutRequest(input, undefined);
    return redirectReply(
      await encodeRedirectUrl(destination, 'SAMLRequest', xml, undefined, starter.signing),
    );
  }
  const signed = await buildLogoutRequest(input, starter.signing);
  if (target.binding === 'post') {
    const form = buildPostForm(destination, 'SAMLRequest', signed, undefined);
    return { statusCode: 200, headers: form.headers, body: form.html };
  }
  const outcome = await logoutBySoap(destination, signed, input.id, starter);
  await settings.onResult({
    binding: 'soap',
    result: outcome.result,
    issuer: idp.entityID,
    ...(outcome.code === undefined ? {} : { code: outcome.code }),
  });
  return redirectReply(landingUrl(settings.afterLogoutUrl, outcome.result));
}

async function logoutBySoap(
  url: string,
  signedRequest: string,
  requestId: string,
  starter: SpLogoutStarter,
): Promise<{ result: SpLogoutResult; code?: string }> {
  const { settings } = starter;
  let answer: string;
  try {
    answer = await sendSoap(url, wrapInSoapEnvelope(signedRequest, '1.1'), settings.soapTimeoutMs);
  } catch (err) {
    // No answer came: the IdP did not log the user out, as far as we can know.
    return soapFailure(err, starter);
  }
  try {
    const { message } = unwrapSoapEnvelope(parseUntrustedXml(answer));
    // Over SOAP the answer comes back on the same connection: no Destination to check.
    const context = { ...settings.responseContext, requireDestination: false };
    // The answer on this connection must answer the request sent on it: another request of
    // ours (another user's logout) is not this one.
    const response = await verifyLogoutResponse(
      message,
      context,
      (id, idp) =>
        id === requestId && settings.requestIds.check(id, idp, settings.requestLifetimeMs),
    );
    const result = logoutResultOf(response);
    starter.logger[result === 'complete' ? 'info' : 'warn'](
      {
        event: 'saml_slo.sp_logout_completed',
        binding: 'soap',
        issuer: response.issuer,
        result,
        status: response.status,
      },
      'SP-initiated logout answered',
    );
    return { result };
  } catch (err) {
    // An answer came, on our own connection to the IdP, but failed verification: unlike a
    // browser's, nobody else can send it, so the IdP's logout failed (the cause is the IdP's,
    // or its configuration here: a signing key it rolled over, say), not `refused`.
    return soapFailure(err, starter);
  }
}

function soapFailure(err: unknown, starter: SpLogoutStarter): { result: 'failed'; code: string } {
  const error = toSloError(err, SloErrorCode.Internal, 'SOAP logout failed');
  starter.logger.warn(
    { event: 'saml_slo.sp_logout_soap_failed', code: error.code, reason: error.message },
    'SOAP logout failed',
  );
  return { result: 'failed', code: error.code };
}
