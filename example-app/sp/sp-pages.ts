import type { LoginRecord } from '../../lib';
import { button, h, page } from '../html';

/** A link to another party of the demo. */
export interface Link {
  readonly label: string;
  readonly url: string;
}

/** What an SP page shows around its content. */
export interface SpPageFrame {
  readonly name: string;
  readonly accent: string;
  /** Other parties of the demo. */
  readonly links: readonly Link[];
  /** Where sessions live, e.g. "MemoryStore, in-memory session index". */
  readonly backendLabel: string;
  readonly logoutUrl: string;
}

/**
 * The SP's home page: who is logged in (NameID, SessionIndex, IdP, session id) and the
 * logout button (a POST to `slo.logout()`), or the login link.
 *
 * @example
 * ```ts
 * res.send(homePage(frame, req.session.samlSlo, req.sessionID, req.query.login === 'failed'));
 * ```
 */
export function homePage(
  frame: SpPageFrame,
  login: LoginRecord | undefined,
  sessionID: string,
  loginFailed: boolean,
): string {
  const body = login
    ? `<p id="status">Logged in as <strong>${h(login.nameID)}</strong></p>
<table id="session"><tr><th>User</th><td id="user">${h(login.nameID)}</td></tr>
<tr><th>NameID</th><td id="name-id">${h(login.nameID)}</td></tr>
<tr><th>SessionIndex</th><td><code id="session-index">${h(login.sessionIndexes.join(', '))}</code></td></tr>
<tr><th>IdP</th><td><code>${h(login.issuer)}</code></td></tr>
<tr><th>Session id</th><td><code id="session-id">${h(sessionID)}</code></td></tr></table>
<p>${button('/logout', 'Log out (SP-initiated: here and everywhere, through the IdP)', { id: 'logout' })}</p>`
    : `${loginFailed ? '<p class="warn" id="login-failed">The login was refused (see the server log). An unsolicited (IdP-initiated) login is accepted only with UNSOLICITED_SSO=1.</p>' : ''}
<p id="status">Not logged in.</p><p><a id="login" href="/login">Log in through the IdP</a></p>`;
  return frameHtml(frame, body);
}

const RESULTS: Readonly<Record<string, { cls: string; text: (name: string) => string }>> = {
  complete: {
    cls: 'ok',
    text: (name) =>
      `You are logged out of ${name} and, through the IdP, of every other app of your IdP session: logout complete.`,
  },
  partial: {
    cls: 'warn',
    text: (name) =>
      `Partial logout: you are logged out of ${name}, but the IdP could not log you out of every other app. Close your browser to be safe.`,
  },
  failed: {
    cls: 'warn',
    text: (name) =>
      `You are logged out of ${name}, but the IdP did not confirm the logout elsewhere (logout failed).`,
  },
  local: {
    cls: 'ok',
    text: (name) => `You are logged out of ${name} only (no SAML login to end at the IdP).`,
  },
};

/**
 * The post-logout page (`sp.afterLogoutUrl`): says whether logout was complete or partial,
 * from the `saml_logout` parameter saml-slo adds.
 *
 * @example
 * ```ts
 * res.send(loggedOutPage(frame, String(req.query.saml_logout)));
 * ```
 */
export function loggedOutPage(frame: SpPageFrame, result: string): string {
  const known = RESULTS[result] ?? RESULTS.failed!;
  const key = RESULTS[result] ? result : 'failed';
  return frameHtml(
    frame,
    `<p id="logout-result" class="${known.cls}" data-result="${h(key)}">${h(known.text(frame.name))}</p>
<p><a href="/">Back to ${h(frame.name)}</a></p>`,
  );
}

function frameHtml(frame: SpPageFrame, body: string): string {
  const nav = frame.links.map((l) => `<a href="${h(l.url)}">${h(l.label)} →</a>`).join('');
  return page(
    frame.name,
    frame.accent,
    `<header><h1>${h(frame.name)}</h1><p>A demo Service Provider using saml-slo.</p></header>
<nav>${nav}</nav>${body}
<p class="muted">Sessions: ${h(frame.backendLabel)}.<br>Logout endpoint (SOAP, Redirect, POST): <code>${h(frame.logoutUrl)}</code><br>
<a href="/saml/metadata">SP metadata</a> · <a href="/me">/me</a></p>`,
  );
}
