import type { Pysaml2Idp } from './pysaml2-idp';

/** What pysaml2 issued for one SSO login. */
export interface Pysaml2Login {
  cookie: string;
  nameID: string;
  nameIDFormat: string;
  sessionIndex: string;
  issuer: string;
}

/**
 * SSO: pysaml2 `create_authn_response` (Response and Assertion signed, pysaml2's own
 * SessionIndex) POSTed to the SP's ACS with a fresh cookie jar.
 */
export async function loginWithPysaml2(
  idp: Pysaml2Idp,
  spBaseUrl: string,
  nameID: string,
): Promise<Pysaml2Login> {
  const acsUrl = `${spBaseUrl}/login/callback`;
  const issued = await idp.control<Omit<Pysaml2Login, 'cookie'> & { samlResponse: string }>(
    '/control/authn-response',
    { nameID, acsUrl },
  );
  const reply = await fetch(acsUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: issued.samlResponse }).toString(),
  });
  const cookie = reply.headers.get('set-cookie')?.split(';')[0];
  if (reply.status !== 302 || reply.headers.get('location') !== '/me' || !cookie) {
    throw new Error(
      `the SP refused pysaml2's login Response: ${reply.status} ${reply.headers.get('location')} ` +
        `${await reply.text()}\n--- pysaml2 stderr\n${idp.stderr()}`,
    );
  }
  const { nameID: issuedNameID, nameIDFormat, sessionIndex, issuer } = issued;
  return { cookie, nameID: issuedNameID, nameIDFormat, sessionIndex, issuer };
}
