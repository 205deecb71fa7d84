import { randomBytes } from 'node:crypto';
import { SloError, SloErrorCode } from '../errors';
import { escapeXml } from '../protocol/xml/escape-xml';
import type { SamlMessageKind } from './redirect';

/** A decoded HTTP-POST binding message. */
export interface PostMessage {
  readonly kind: SamlMessageKind;
  readonly xml: string;
  readonly relayState?: string;
}

/**
 * Decodes the HTTP-POST binding (SAML bindings §3.5) from an
 * `application/x-www-form-urlencoded` body: exactly one of SAMLRequest / SAMLResponse
 * (base64), optional RelayState, no parameter twice. The signature is the XML's own.
 *
 * @throws {SloError} `SLO_MESSAGE_INVALID`.
 * @example
 * ```ts
 * const message = decodePostForm(bodyText);
 * ```
 */
export function decodePostForm(body: string): PostMessage {
  const form = new URLSearchParams(body);
  for (const name of ['SAMLRequest', 'SAMLResponse', 'RelayState']) {
    if (form.getAll(name).length > 1) throw invalid(`duplicate ${name} parameter`);
  }
  const kinds = (['SAMLRequest', 'SAMLResponse'] as const).filter((k) => form.has(k));
  if (kinds.length !== 1) throw invalid('exactly one of SAMLRequest or SAMLResponse is required');
  const kind = kinds[0]!;
  const base64 = form.get(kind)!.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalid(`${kind} is not base64`);
  const relayState = form.get('RelayState') ?? undefined;
  return {
    kind,
    xml: Buffer.from(base64, 'base64').toString('utf8'),
    ...(relayState === undefined ? {} : { relayState }),
  };
}

/** An HTML page and the headers it must be sent with. */
export interface HtmlReply {
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The auto-submitting form of the HTTP-POST binding. Every value is escaped; the script
 * runs under a strict Content-Security-Policy by nonce (no `unsafe-inline`), the page
 * cannot be framed or cached, and a button remains for browsers without JavaScript.
 *
 * @example
 * ```ts
 * const { html, headers } = buildPostForm(idpSloUrl, 'SAMLResponse', signedXml, relayState);
 * res.writeHead(200, headers).end(html);
 * ```
 */
export function buildPostForm(
  action: string,
  kind: SamlMessageKind,
  xml: string,
  relayState: string | undefined,
): HtmlReply {
  const nonce = randomBytes(16).toString('base64');
  const fields =
    `<input type="hidden" name="${kind}" value="${escapeXml(Buffer.from(xml, 'utf8').toString('base64'))}">` +
    (relayState === undefined
      ? ''
      : `<input type="hidden" name="RelayState" value="${escapeXml(relayState)}">`);
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Continuing logout…</title></head>` +
    `<body><form id="saml-slo" method="post" action="${escapeXml(action)}">${fields}` +
    `<noscript><p>JavaScript is off: press Continue to finish logging out.</p></noscript>` +
    `<button type="submit">Continue</button></form>` +
    `<script nonce="${nonce}">document.getElementById('saml-slo').submit();</script></body></html>`;
  return {
    html,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      // No form-action: browsers apply it to the IdP's own redirects after the post too.
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'`,
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    },
  };
}

function invalid(message: string): SloError {
  return new SloError(SloErrorCode.MessageInvalid, message);
}
