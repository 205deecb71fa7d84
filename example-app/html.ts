import { escapeXml } from '../lib/testing';

/**
 * Escapes text for HTML (the XML escaping is a superset of what HTML needs).
 *
 * @example
 * ```ts
 * `<td>${h(nameID)}</td>`;
 * ```
 */
export const h = escapeXml;

/**
 * A minimal page shell; `accent` tells the demo's parties apart.
 *
 * @example
 * ```ts
 * res.send(page('Flights', '#0d6efd', '<p>Hello</p>'));
 * ```
 */
export function page(title: string, accent: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${h(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
header{border-left:.5rem solid ${accent};padding-left:1rem;margin-bottom:1rem}header h1{margin:0}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
code{font-size:.85rem;word-break:break-all}button{font-size:1rem;padding:.4rem 1rem;margin:.2rem 0}
form.inline{display:inline}.demo{background:#fff3cd;border:1px solid #e0c36a;padding:.5rem 1rem}
.ok{background:#d1e7dd;padding:.5rem 1rem}.warn{background:#f8d7da;padding:.5rem 1rem}
.muted{color:#666;font-size:.9rem}nav a{margin-right:1rem}</style>
</head><body>${body}</body></html>`;
}

/**
 * A form posting SAML values to another party. With `autoSubmit` a script submits it at
 * once (the HTTP-POST binding); the Continue button stays for browsers without JavaScript.
 *
 * @example
 * ```ts
 * postForm(acsUrl, { SAMLResponse: base64 }, { autoSubmit: true });
 * ```
 */
export function postForm(
  action: string,
  fields: Readonly<Record<string, string | undefined>>,
  options: { autoSubmit?: boolean } = {},
): string {
  const inputs = Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${h(name)}" value="${h(value)}">`)
    .join('');
  const form = `<form method="post" action="${h(action)}" id="saml-post">${inputs}<button type="submit" id="continue">Continue</button></form>`;
  return options.autoSubmit
    ? `${form}<script>document.getElementById('saml-post').submit()</script>`
    : form;
}

/**
 * A one-button form (POST, so that no link or prefetch can trigger the action).
 *
 * @example
 * ```ts
 * button('/logout', 'Log out', { id: 'logout' });
 * ```
 */
export function button(
  action: string,
  label: string,
  options: { id: string; fields?: Readonly<Record<string, string>> },
): string {
  const inputs = Object.entries(options.fields ?? {})
    .map(([name, value]) => `<input type="hidden" name="${h(name)}" value="${h(value)}">`)
    .join('');
  return `<form class="inline" method="post" action="${h(action)}">${inputs}<button type="submit" id="${h(options.id)}">${h(label)}</button></form>`;
}
