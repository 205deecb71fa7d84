import { randomBytes } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { Router, type Response } from 'express';
import { readRedirectBindingUrl } from '../../lib/testing';
import { formField } from '../form-field';
import type { IdpContext } from './idp-context';
import { EMAIL_FORMAT, type IdpSession, type TrustedSp } from './idp-sessions';
import { autoPostPage, loginPage, messagePage } from './idp-pages';

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';

/**
 * Single sign-on at the demo IdP:
 * - `GET /sso`: an SP's AuthnRequest (HTTP-Redirect). A browser that already has an IdP
 *   session is signed in at once, without the form: that is SSO.
 * - `POST /sso`: the login form (no password: it is a demo).
 * - `POST /sso/unsolicited`: IdP-initiated SSO, a Response that answers no request.
 *
 * @example
 * ```ts
 * app.use(ssoRoutes(ctx));
 * ```
 */
export function ssoRoutes(ctx: IdpContext): Router {
  const router = Router();
  router.get('/sso', (req, res) => {
    let request: AuthnRequest;
    try {
      request = readAuthnRequest(req.originalUrl);
    } catch {
      return void res.status(400).send(messagePage('That is not a SAML AuthnRequest.'));
    }
    const sp = ctx.sps.get(request.issuer);
    if (!sp) return void res.status(400).send(messagePage(`Unknown SP ${request.issuer}`));
    const session = ctx.sessions.ofBrowser(req);
    if (session) return issueLogin(ctx, res, session, sp, request.id, request.relayState);
    res.send(
      loginPage(sp, {
        sp: sp.entityID,
        inResponseTo: request.id,
        ...(request.relayState === undefined ? {} : { relayState: request.relayState }),
      }),
    );
  });

  router.post('/sso', (req, res) => {
    const sp = ctx.sps.get(formField(req, 'sp'));
    const nameID = formField(req, 'nameID').trim();
    if (!sp || !nameID) return void res.status(400).send(messagePage('Pick a user.'));
    const session = ctx.sessions.create(nameID);
    ctx.sessions.setCookie(res, session);
    issueLogin(
      ctx,
      res,
      session,
      sp,
      formField(req, 'inResponseTo') || undefined,
      formField(req, 'relayState') || undefined,
    );
  });

  router.post('/sso/unsolicited', (req, res) => {
    const sp = ctx.sps.get(formField(req, 'sp'));
    const session = ctx.sessions.ofBrowser(req);
    if (!sp || !session) return res.redirect('/');
    issueLogin(ctx, res, session, sp);
  });
  return router;
}

/** Signs a login Response for `sp`, records it as a participant, and posts it to the ACS. */
function issueLogin(
  ctx: IdpContext,
  res: Response,
  session: IdpSession,
  sp: TrustedSp,
  inResponseTo?: string,
  relayState?: string,
): void {
  const sessionIndex = `_idp-session-${randomBytes(8).toString('hex')}`;
  session.participants.push({ sp, sessionIndex });
  const response = ctx.idp.buildLoginResponse({
    acsUrl: sp.acsUrl, // from the SP's metadata, never from the request
    spEntityID: sp.entityID,
    nameID: session.nameID,
    nameIDFormat: EMAIL_FORMAT,
    sessionIndexes: [sessionIndex],
    ...(inResponseTo === undefined ? {} : { inResponseTo }),
  });
  ctx.log(
    `login of ${session.nameID} to ${sp.name}${inResponseTo ? '' : ' (unsolicited)'}, SessionIndex ${sessionIndex}`,
  );
  res.send(
    autoPostPage(
      sp.acsUrl,
      { SAMLResponse: response.base64, RelayState: relayState },
      `Signing you in to ${sp.name}`,
    ),
  );
}

interface AuthnRequest {
  readonly id: string;
  readonly issuer: string;
  readonly relayState?: string;
}

/** The ID and Issuer of an (unsigned) AuthnRequest sent by HTTP-Redirect. */
function readAuthnRequest(url: string): AuthnRequest {
  const read = readRedirectBindingUrl(url, '');
  if (read.kind !== 'SAMLRequest') throw new Error('not a request');
  const root = new DOMParser().parseFromString(read.xml, 'text/xml').documentElement;
  const issuer = root?.getElementsByTagNameNS(SAML, 'Issuer')[0]?.textContent ?? '';
  if (!root || root.localName !== 'AuthnRequest') throw new Error('not an AuthnRequest');
  return {
    id: root.getAttribute('ID') ?? '',
    issuer: issuer.trim(),
    ...(read.relayState === undefined ? {} : { relayState: read.relayState }),
  };
}
