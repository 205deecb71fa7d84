import type {
  LoginResponseInput,
  LogoutResponseReadout,
  SoapLogoutRequestInput,
  TestIdp,
} from '../../../lib/testing';
import { keys } from '../../support/keys';

/** The addresses of one SP instance, as its IdP knows them. */
export interface SpAddress {
  readonly baseUrl: string;
  readonly idp: TestIdp;
  /** The SP's entityID, shared by the instances of one app (default `{baseUrl}/saml/metadata`). */
  readonly entityID?: string;
}

export const spEntityIdOf = (sp: SpAddress) => sp.entityID ?? `${sp.baseUrl}/saml/metadata`;
export const acsUrlOf = (sp: SpAddress) => `${sp.baseUrl}/login/callback`;
export const logoutUrlOf = (sp: SpAddress) => `${sp.baseUrl}/saml/logout`;

/** What the ACS answered to one posted login Response. */
export interface AcsReply {
  readonly status: number;
  readonly location: string | null;
  /** The session cookie (`name=value`) the reply set, if any. */
  readonly cookie: string | undefined;
  readonly body: string;
}

/** Posts a signed login Response for `input` to the instance's ACS, as the browser would. */
export async function postLogin(
  sp: SpAddress,
  input: Omit<LoginResponseInput, 'acsUrl' | 'spEntityID'>,
): Promise<AcsReply> {
  const response = sp.idp.buildLoginResponse({
    acsUrl: acsUrlOf(sp),
    spEntityID: spEntityIdOf(sp),
    ...input,
  });
  const reply = await fetch(acsUrlOf(sp), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: response.base64 }).toString(),
  });
  return {
    status: reply.status,
    location: reply.headers.get('location'),
    cookie: reply.headers.get('set-cookie')?.split(';')[0],
    body: await reply.text(),
  };
}

/** Logs in and returns the session cookie; throws unless the ACS redirected to /me. */
export async function login(
  sp: SpAddress,
  nameID: string,
  sessionIndexes: string[],
  extra: Partial<LoginResponseInput> = {},
): Promise<string> {
  const reply = await postLogin(sp, { nameID, sessionIndexes, ...extra });
  if (reply.status !== 302 || reply.location !== '/me' || !reply.cookie) {
    throw new Error(`login failed: ${reply.status} ${reply.location} ${reply.body}`);
  }
  return reply.cookie;
}

/** Who GET /me says the cookie belongs to, or null when anonymous (401). */
export interface Me {
  readonly user: { nameID: string };
  readonly sessionID: string;
}

export async function me(sp: SpAddress, cookie?: string): Promise<Me | null> {
  const reply = await fetch(`${sp.baseUrl}/me`, { headers: cookie ? { cookie } : {} });
  if (reply.status === 401) return null;
  if (reply.status !== 200) throw new Error(`/me answered ${reply.status}`);
  return (await reply.json()) as Me;
}

/** What the instance answered to one SOAP LogoutRequest. */
export interface SoapLogoutReply {
  readonly requestId: string;
  readonly status: number;
  readonly body: string;
  /** The LogoutResponse, read and checked against the SP certificate. */
  readonly response: LogoutResponseReadout;
}

/** Sends a signed SOAP LogoutRequest to the instance (Destination = its own logout URL). */
export async function soapLogout(
  sp: SpAddress,
  input: Omit<SoapLogoutRequestInput, 'destination'>,
): Promise<SoapLogoutReply> {
  const request = sp.idp.buildSoapLogoutRequest({ destination: logoutUrlOf(sp), ...input });
  const reply = await fetch(logoutUrlOf(sp), {
    method: 'POST',
    headers: {
      'content-type': request.contentType,
      soapaction: 'http://www.oasis-open.org/committees/security',
    },
    body: request.envelope,
  });
  const body = await reply.text();
  return {
    requestId: request.id,
    status: reply.status,
    body,
    response: sp.idp.readLogoutResponse(body, keys.sp.certificate),
  };
}

/** The parts of a LogoutResponse every answer from `sp` to `reply` must get right. */
export function signedAnswer(sp: SpAddress, reply: SoapLogoutReply) {
  return { signatureValid: true, inResponseTo: reply.requestId, issuer: spEntityIdOf(sp) };
}
