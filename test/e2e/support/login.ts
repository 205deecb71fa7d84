import session from 'express-session';
import type { LoginResponseInput } from '../../../lib/testing';
import type { SpHarness } from '../../support/sp-app';

/**
 * Logs in through the SP's ACS with a login Response built from `input` (qualifiers,
 * instants… that `SpHarness.login` does not forward); returns the session cookie.
 */
export async function loginWith(
  sp: SpHarness,
  input: Omit<LoginResponseInput, 'acsUrl' | 'spEntityID'>,
): Promise<string> {
  const acsUrl = `${sp.baseUrl}/login/callback`;
  const response = sp.idp.buildLoginResponse({ acsUrl, spEntityID: sp.spEntityID, ...input });
  const reply = await fetch(acsUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: response.base64 }).toString(),
  });
  const cookie = reply.headers.get('set-cookie')?.split(';')[0];
  if (reply.status !== 302 || reply.headers.get('location') !== '/me' || !cookie) {
    throw new Error(`login failed: ${reply.status} ${await reply.text()}`);
  }
  return cookie;
}

/** A MemoryStore that remembers which session ids were destroyed, in order. */
export class DestroyRecordingStore extends session.MemoryStore {
  readonly destroyed: string[] = [];

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.destroyed.push(sid);
    super.destroy(sid, callback);
  }
}
