import { button, h, page, postForm } from '../html';
import type { Binding } from '../saml-metadata';
import type { FinishedLogout, IdpContext } from './idp-context';
import type { IdpSession, TrustedSp } from './idp-sessions';
import type { LogoutJob } from './logout-job';

const ACCENT = '#6f42c1';

const BANNER = `<header><h1>Demo IdP</h1></header>
<p class="demo" id="demo-banner"><strong>DEMO Identity Provider</strong>, built on saml-slo's signing test IdP
(<code>saml-slo/testing</code>). It signs real SAML messages but checks no password: never use it for real users.</p>`;

/**
 * The IdP's home page: this browser's session, every session and its participants, the
 * "log out everywhere" buttons (back-channel and front-channel), and the trusted SPs with
 * their outage switches.
 *
 * @example
 * ```ts
 * res.send(homePage(ctx, ctx.sessions.ofBrowser(req)));
 * ```
 */
export function homePage(ctx: IdpContext, mine: IdpSession | undefined): string {
  const sps = [...ctx.sps.values()];
  const you = mine
    ? `<p id="idp-user">This browser is logged in as <strong>${h(mine.nameID)}</strong>.</p>
<p>IdP-initiated (unsolicited) SSO — accepted only by an SP started with <code>UNSOLICITED_SSO=1</code>:
${sps.map((sp) => button('/sso/unsolicited', `Open ${sp.name}`, { id: `unsolicited-${slug(sp.name)}`, fields: { sp: sp.entityID } })).join(' ')}</p>`
    : `<p id="idp-user">This browser is not logged in here. Open an SP and log in: ${sps
        .map((sp) => `<a href="${h(sp.homeUrl)}">${h(sp.name)}</a>`)
        .join(', ')}.</p>`;
  const rows = ctx.sessions
    .all()
    .flatMap((s) =>
      s.participants.map(
        (p) =>
          `<tr><td>${h(s.nameID)}</td><td><code>${h(s.id.slice(0, 8))}…</code></td><td>${h(p.sp.name)}</td>` +
          `<td><code>${h(p.sessionIndex)}</code></td><td>${p.sp.singleLogoutService.soap ? 'SOAP (back-channel)' : 'front-channel'}</td></tr>`,
      ),
    )
    .join('');
  return page(
    'Demo IdP',
    ACCENT,
    `${BANNER}${you}
<h2>Sessions at this IdP</h2>
<table id="sessions"><tr><th>User</th><th>IdP session</th><th>Service Provider</th><th>SessionIndex</th><th>Logout by</th></tr>${
      rows || '<tr><td colspan="5">No sessions.</td></tr>'
    }</table>
<h2>Log a user out everywhere (IdP-initiated)</h2>
<form method="post" action="/logout-everywhere"><label>User <input name="nameID" value="${h(mine?.nameID ?? 'alice@example.com')}"></label><br>
<button type="submit" id="logout-back-channel">Back-channel: SOAP to each SP (server to server)</button><br>
<button type="submit" id="logout-front-channel" formaction="/logout-front-channel">Front-channel: send this browser through each SP (Redirect)</button></form>
<h2>Recent logouts</h2>
<ul id="history">${ctx.history.map(historyItem).join('') || '<li>None yet.</li>'}</ul>
<h2>Service Providers (read from their metadata)</h2>
<table id="sps"><tr><th>SP</th><th>entityID</th><th>SingleLogoutService</th><th>Demo</th></tr>${sps.map((sp) => spRow(ctx, sp)).join('')}</table>
<p class="muted">This IdP's metadata: <a href="/metadata">${h(ctx.url)}/metadata</a></p>`,
  );
}

function historyItem(done: FinishedLogout): string {
  const outcomes = done.outcomes.map((o) => `${o.sp} (${o.binding}): ${o.detail}`).join('; ');
  return `<li>${h(done.nameID)}, started by ${h(done.startedBy)}: <strong>${done.complete ? 'complete' : 'partial'}</strong>${
    outcomes ? ` — ${h(outcomes)}` : ''
  }</li>`;
}

function spRow(ctx: IdpContext, sp: TrustedSp): string {
  const bindings = (Object.keys(sp.singleLogoutService) as Binding[]).join(', ');
  const control = ctx.switches.get(sp.name);
  const id = slug(sp.name);
  const action = !control
    ? ''
    : control.running
      ? `<span id="state-${id}">running</span> ${button('/demo/outage', `Simulate ${sp.name} outage`, { id: `outage-${id}`, fields: { sp: sp.name, action: 'stop' } })}`
      : `<strong id="state-${id}">stopped</strong> ${button('/demo/outage', `Restore ${sp.name}`, { id: `restore-${id}`, fields: { sp: sp.name, action: 'start' } })}`;
  return `<tr><td>${h(sp.name)}</td><td><code>${h(sp.entityID)}</code></td><td>${h(bindings)}</td><td>${action}</td></tr>`;
}

/**
 * The login form shown when this browser has no IdP session yet.
 *
 * @example
 * ```ts
 * res.send(loginPage(sp, { sp: sp.entityID, inResponseTo: id }));
 * ```
 */
export function loginPage(sp: TrustedSp, hidden: Readonly<Record<string, string>>): string {
  const inputs = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${h(name)}" value="${h(value)}">`)
    .join('');
  return page(
    'Demo IdP — log in',
    ACCENT,
    `${BANNER}<p><strong>${h(sp.name)}</strong> asks who you are. No password: pick a user.</p>
<form method="post" action="/sso">${inputs}
<label>User <input name="nameID" id="user" value="alice@example.com"></label>
<button type="submit" id="sign-in">Log in</button></form>`,
  );
}

/**
 * The outcome of an IdP-initiated logout, one line per participant.
 *
 * @example
 * ```ts
 * res.send(resultsPage(job, job.outcomes.every((o) => o.ok)));
 * ```
 */
export function resultsPage(job: LogoutJob, complete: boolean): string {
  const items = job.outcomes
    .map(
      (o) => `<li>${h(o.sp)} (${h(o.binding)}): <span class="outcome">${h(o.detail)}</span></li>`,
    )
    .join('');
  const summary = complete
    ? `<p id="logout-summary" class="ok" data-result="complete">Logout complete: every Service Provider confirmed.</p>`
    : `<p id="logout-summary" class="warn" data-result="partial">Partial logout: at least one Service Provider did not confirm. The user may still be logged in there.</p>`;
  return page(
    'Demo IdP — logout',
    ACCENT,
    `${BANNER}<h2>Logout of ${h(job.nameID)}</h2>${summary}
<ul id="results">${items || '<li>No sessions.</li>'}</ul><p><a href="/">Back to the IdP</a></p>`,
  );
}

/**
 * An auto-submitting page for the HTTP-POST binding.
 *
 * @example
 * ```ts
 * res.send(autoPostPage(acsUrl, { SAMLResponse: base64 }, 'Signing you in to Flights'));
 * ```
 */
export function autoPostPage(
  action: string,
  fields: Readonly<Record<string, string | undefined>>,
  title: string,
): string {
  return page(
    'Demo IdP',
    ACCENT,
    `<p>${h(title)}…</p>${postForm(action, fields, { autoSubmit: true })}`,
  );
}

/**
 * A short message page (errors, refusals).
 *
 * @example
 * ```ts
 * res.status(400).send(messagePage('Unknown SP'));
 * ```
 */
export function messagePage(text: string): string {
  return page(
    'Demo IdP',
    ACCENT,
    `${BANNER}<p id="message">${h(text)}</p><p><a href="/">Back</a></p>`,
  );
}

/** `Cars` → `cars`: element ids. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
