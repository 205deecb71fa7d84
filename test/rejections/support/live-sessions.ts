import { DOMParser } from '@xmldom/xmldom';
import { startSp, type SpHarness, type SpHarnessOptions } from '../../support/sp-app';
import { keys } from '../../support/keys';
import {
  soapEnvelope,
  type LogoutRequestInput,
  type LogoutRequestResult,
} from '../../../lib/testing';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const SAMLP_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';

export const STATUS = {
  success: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  requester: 'urn:oasis:names:tc:SAML:2.0:status:Requester',
  requestDenied: 'urn:oasis:names:tc:SAML:2.0:status:RequestDenied',
  versionMismatch: 'urn:oasis:names:tc:SAML:2.0:status:VersionMismatch',
} as const;

/** The users logged in before every refused request, with the SessionIndex of their login. */
export const ALICE = { nameID: 'alice@example.com', sessionIndex: '_alice-session-1' } as const;
export const BOB = { nameID: 'bob@example.com', sessionIndex: '_bob-session-1' } as const;
/** A SessionIndex no login ever had: a request naming it matches nothing. */
export const NOBODYS_SESSION_INDEX = '_nobody-has-this-session';

/** An SP with alice and bob logged in, and the checks every rejection test ends with. */
export interface SpWithLiveSessions {
  readonly sp: SpHarness;
  readonly aliceCookie: string;
  readonly bobCookie: string;
  /** Asserts alice and bob are both still logged in, as the users they logged in as. */
  expectEveryoneStillLoggedIn(): Promise<void>;
  /** Ends alice's session with a valid signed SOAP LogoutRequest: the closing positive control. */
  expectValidLogoutStillEndsAlicesSession(): Promise<void>;
  close(): Promise<void>;
}

/** Starts an SP, logs alice and bob in, and returns the SP and both cookies. */
export async function startSpWithLiveSessions(
  options: SpHarnessOptions = {},
): Promise<SpWithLiveSessions> {
  const sp = await startSp(options);
  const aliceCookie = await sp.login(ALICE.nameID, [ALICE.sessionIndex]);
  const bobCookie = await sp.login(BOB.nameID, [BOB.sessionIndex]);
  let aliceLoggedOut = false;
  return {
    sp,
    aliceCookie,
    bobCookie,
    async expectEveryoneStillLoggedIn() {
      const [alice, bob] = await Promise.all([sp.me(aliceCookie), sp.me(bobCookie)]);
      expect(bob?.user.nameID).toBe(BOB.nameID);
      if (!aliceLoggedOut) expect(alice?.user.nameID).toBe(ALICE.nameID);
    },
    async expectValidLogoutStillEndsAlicesSession() {
      const request = sp.idp.buildSoapLogoutRequest({
        destination: sp.logoutUrl,
        nameID: ALICE.nameID,
        sessionIndexes: [ALICE.sessionIndex],
      });
      const reply = await sp.postSoap(request.envelope, request.contentType);
      expect(reply.status).toBe(200);
      const response = sp.idp.readLogoutResponse(reply.body, keys.sp.certificate);
      expect(response).toMatchObject({
        signatureValid: true,
        status: STATUS.success,
        inResponseTo: request.id,
      });
      aliceLoggedOut = true;
      expect(await sp.me(aliceCookie)).toBeNull();
      expect((await sp.me(bobCookie))?.user.nameID).toBe(BOB.nameID);
    },
    close: () => sp.close(),
  };
}

/** A reply from POST /saml/logout. */
export interface SloHttpReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * Asserts a SAML-level refusal over SOAP: HTTP 200, a SOAP 1.1 envelope holding a
 * LogoutResponse signed by the SP, with the given status and the stable code as
 * StatusMessage.
 */
export function expectSamlRefusal(
  sp: SpHarness,
  reply: SloHttpReply,
  expected: {
    code: string;
    inResponseTo: string | undefined;
    status?: string;
    subStatus?: string | undefined;
  },
): void {
  expect(reply.status).toBe(200);
  expect(reply.contentType).toMatch(/^text\/xml\b/);
  const response = sp.idp.readLogoutResponse(reply.body, keys.sp.certificate);
  expect({
    signatureValid: response.signatureValid,
    status: response.status,
    subStatus: response.subStatus,
    statusMessage: response.statusMessage,
    inResponseTo: response.inResponseTo,
    issuer: response.issuer,
  }).toEqual({
    signatureValid: true,
    status: expected.status ?? STATUS.requester,
    subStatus: 'subStatus' in expected ? expected.subStatus : STATUS.requestDenied,
    statusMessage: expected.code,
    inResponseTo: expected.inResponseTo,
    issuer: sp.spEntityID,
  });
}

/** Asserts a SOAP 1.1 Fault: the HTTP status, `faultcode` and `faultstring` = the stable code. */
export function expectSoap11Fault(
  reply: SloHttpReply,
  expected: { code: string; httpStatus?: number; faultcode?: string },
): void {
  expect(reply.status).toBe(expected.httpStatus ?? 500);
  expect(reply.contentType).toMatch(/^text\/xml\b/);
  const fault = readFault(reply.body, SOAP11_NS);
  expect({
    faultcode: textOf(fault, null, 'faultcode'),
    faultstring: textOf(fault, null, 'faultstring'),
  }).toEqual({ faultcode: expected.faultcode ?? 'soap:Client', faultstring: expected.code });
}

/** Asserts a SOAP 1.2 Fault: the HTTP status, Code/Value and Reason/Text = the stable code. */
export function expectSoap12Fault(
  reply: SloHttpReply,
  expected: { code: string; httpStatus?: number; faultcode?: string },
): void {
  expect(reply.status).toBe(expected.httpStatus ?? 400);
  expect(reply.contentType).toMatch(/^application\/soap\+xml\b/);
  const fault = readFault(reply.body, SOAP12_NS);
  const code = fault.getElementsByTagNameNS(SOAP12_NS, 'Code')[0];
  const reason = fault.getElementsByTagNameNS(SOAP12_NS, 'Reason')[0];
  expect({
    code: code && textOf(code, SOAP12_NS, 'Value'),
    reason: reason && textOf(reason, SOAP12_NS, 'Text'),
  }).toEqual({ code: expected.faultcode ?? 'soap:Sender', reason: expected.code });
}

function readFault(body: string, ns: string): Element {
  const doc = new DOMParser().parseFromString(body, 'text/xml');
  const root = doc.documentElement;
  expect([root?.namespaceURI, root?.localName]).toEqual([ns, 'Envelope']);
  const soapBody = root!.getElementsByTagNameNS(ns, 'Body')[0];
  const fault = soapBody?.getElementsByTagNameNS(ns, 'Fault')[0];
  if (!fault) throw new Error(`no SOAP Fault in reply: ${body}`);
  return fault as unknown as Element;
}

function textOf(parent: Element, ns: string | null, localName: string): string | undefined {
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    const el = child as Element;
    if (child.nodeType === 1 && el.localName === localName && (el.namespaceURI || null) === ns) {
      return el.textContent ?? undefined;
    }
  }
  return undefined;
}

/** Wraps raw XML text in a SOAP 1.1 envelope, exactly as given. */
export function inSoap11Envelope(bodyXml: string): string {
  return soapEnvelope(bodyXml, '1.1');
}

/**
 * A LogoutRequest from the SP's IdP, addressed to the SP, naming alice's live session,
 * signed unless `overrides.sign` is false. Overrides change one thing at a time.
 */
export function logoutRequestForAlicesSession(
  sp: SpHarness,
  overrides: Partial<LogoutRequestInput> = {},
): LogoutRequestResult {
  return sp.idp.buildLogoutRequest({
    destination: sp.logoutUrl,
    nameID: ALICE.nameID,
    sessionIndexes: [ALICE.sessionIndex],
    ...overrides,
  });
}
