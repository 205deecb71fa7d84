import { deflateRawSync } from 'node:zlib';
import { SamlStatus } from '../../../lib';
import {
  FORM_CONTENT_TYPE,
  createTestIdp,
  formBody,
  readPostForm,
  type LogoutResponseReadout,
  type RedirectLogoutResponseReadout,
  type TestIdp,
} from '../../../lib/testing';
import { keys } from '../../support/keys';
import { startSp, type SpHarness, type SpHarnessOptions } from '../../support/sp-app';

/** The IdP every front-channel test talks to (the fixture IdP key). */
export const IDP_ENTITY_ID = 'https://idp.test/metadata';

/** The IdP's SingleLogoutService: responses go to a ResponseLocation distinct from Location. */
export const IDP_SLO = {
  redirect: {
    location: 'https://idp.test/slo/redirect',
    responseLocation: 'https://idp.test/slo/redirect/return',
  },
  post: {
    location: 'https://idp.test/slo/post',
    responseLocation: 'https://idp.test/slo/post/return?from=sp&x="1"',
  },
} as const;

export type IdpEndpoints = NonNullable<
  NonNullable<SpHarnessOptions['slo']>['idps']
>[number]['singleLogoutService'];

/** A test IdP with the fixture key pair. */
export function fixtureIdp(entityID = IDP_ENTITY_ID): Promise<TestIdp> {
  return createTestIdp({ ...keys.idp, entityID });
}

/**
 * The harness SP trusting the fixture IdP, whose SingleLogoutService is `endpoints`
 * (default: Redirect and POST, each with a ResponseLocation).
 */
export async function startFrontChannelSp(
  options: {
    endpoints?: IdpEndpoints;
    slo?: SpHarnessOptions['slo'];
    redis?: SpHarnessOptions['redis'];
    express?: SpHarnessOptions['express'];
    beforeRouter?: SpHarnessOptions['beforeRouter'];
  } = {},
): Promise<SpHarness> {
  const idp = await fixtureIdp();
  return startSp({
    idp,
    ...(options.redis ? { redis: options.redis } : {}),
    ...(options.express ? { express: options.express } : {}),
    ...(options.beforeRouter ? { beforeRouter: options.beforeRouter } : {}),
    slo: {
      idps: [
        {
          entityID: idp.entityID,
          signingCertificates: idp.certificate,
          singleLogoutService: options.endpoints ?? IDP_SLO,
        },
      ],
      ...options.slo,
    },
  });
}

/** The SP's reply, read once. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly location: string | null;
  readonly body: string;
}

async function read(response: Response): Promise<Reply> {
  return {
    status: response.status,
    headers: response.headers,
    location: response.headers.get('location'),
    body: await response.text(),
  };
}

/** The browser following the IdP's Redirect: a GET, by default without the SP's cookie. */
export async function getRedirect(url: string, cookie?: string): Promise<Reply> {
  return read(
    await fetch(url, { redirect: 'manual', headers: cookie === undefined ? {} : { cookie } }),
  );
}

/** The browser (or a server) posting a form to the SP's logout URL, by default cookie-less. */
export async function postForm(
  sp: SpHarness,
  fields: Readonly<Record<string, string | undefined>>,
  cookie?: string,
): Promise<Reply> {
  return postFormBody(sp, formBody(fields), cookie);
}

/** Posts an already encoded form body (e.g. one giving a parameter twice) to the logout URL. */
export async function postFormBody(sp: SpHarness, body: string, cookie?: string): Promise<Reply> {
  return read(
    await fetch(sp.logoutUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': FORM_CONTENT_TYPE, ...(cookie === undefined ? {} : { cookie }) },
      body,
    }),
  );
}

/** The LogoutResponse the SP redirected to the IdP's Redirect ResponseLocation. */
export function redirectedResponse(sp: SpHarness, reply: Reply): RedirectLogoutResponseReadout {
  expect(reply.status).toBe(302);
  expect(reply.location?.startsWith(`${IDP_SLO.redirect.responseLocation}?SAMLResponse=`)).toBe(
    true,
  );
  return sp.idp.readRedirectLogoutResponse(reply.location!, keys.sp.certificate);
}

/** The LogoutResponse in the SP's auto-submit form, with the form's action. */
export function postedResponse(
  sp: SpHarness,
  reply: Reply,
): LogoutResponseReadout & { action: string; relayState?: string; xml: string } {
  expect(reply.status).toBe(200);
  const form = readPostForm(reply.body);
  const xml = Buffer.from(form.fields.SAMLResponse ?? '', 'base64').toString('utf8');
  return {
    ...sp.idp.readLogoutResponse(xml, keys.sp.certificate),
    action: form.action,
    ...(form.fields.RelayState === undefined ? {} : { relayState: form.fields.RelayState }),
    xml,
  };
}

/**
 * What a refused request from the configured IdP gets back: a LogoutResponse signed by the
 * SP, answering the request, with Requester/RequestDenied and the stable code as StatusMessage.
 */
export function refusal(requestId: string, code: string) {
  return {
    signatureValid: true,
    inResponseTo: requestId,
    status: SamlStatus.Requester,
    subStatus: SamlStatus.RequestDenied,
    statusMessage: code,
  };
}

/** Asserts that every cookie still belongs to a logged-in session. */
export async function expectLoggedIn(sp: SpHarness, ...cookies: string[]): Promise<void> {
  for (const cookie of cookies) {
    expect((await sp.me(cookie))?.user).toBeDefined();
  }
}

/** `url` with its SAMLRequest replaced by `xml` (DEFLATEd, base64, URL-encoded), all else kept. */
export function withSamlRequest(url: string, xml: string): string {
  const encoded = encodeURIComponent(deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64'));
  return url.replace(/SAMLRequest=[^&]*/, `SAMLRequest=${encoded}`);
}

/** A 400/403 plain-text refusal naming only the stable code. */
export function expectPlainRefusal(reply: Reply, status: number, code: string): void {
  expect(reply.status).toBe(status);
  expect(reply.location).toBeNull();
  expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(reply.body).toBe(`SAML logout refused: ${code}\n`);
}
