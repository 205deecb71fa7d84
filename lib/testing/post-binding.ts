import type { SamlMessageParameter } from './redirect-binding';

/**
 * The form fields of an HTTP-POST binding message: the base64 message under `K`
 * (`SAMLRequest` or `SAMLResponse`) and `RelayState` when there is one.
 *
 * @example
 * ```ts
 * const fields: PostBindingFields<'SAMLResponse'> = { SAMLResponse: base64, RelayState: 'r1' };
 * await fetch(sloUrl, { method: 'POST', body: formBody(fields), headers: { 'content-type': FORM_CONTENT_TYPE } });
 * ```
 */
export type PostBindingFields<K extends SamlMessageParameter> = { [P in K]: string } & {
  RelayState?: string;
};

/**
 * The `Content-Type` of an HTTP-POST binding form.
 *
 * @example
 * ```ts
 * fetch(url, { method: 'POST', headers: { 'content-type': FORM_CONTENT_TYPE }, body: formBody(fields) });
 * ```
 */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * Builds the HTTP-POST binding fields for a message: base64 of the XML (UTF-8) under `kind`,
 * plus `RelayState` when given.
 *
 * @example
 * ```ts
 * const fields = postBindingFields('SAMLRequest', signedXml, 'r1');
 * // { SAMLRequest: 'PHNhbWxwOkxvZ291dFJlcXVlc3Qg…', RelayState: 'r1' }
 * ```
 */
export function postBindingFields<K extends SamlMessageParameter>(
  kind: K,
  xml: string,
  relayState?: string,
): PostBindingFields<K> {
  const message = { [kind]: Buffer.from(xml, 'utf8').toString('base64') } as { [P in K]: string };
  return relayState === undefined ? message : { ...message, RelayState: relayState };
}

/**
 * An `application/x-www-form-urlencoded` body from fields; `undefined` values are left out.
 *
 * @example
 * ```ts
 * formBody({ SAMLRequest: 'PHNhbWw…', RelayState: undefined }); // 'SAMLRequest=PHNhbWw%E2%80%A6'
 * ```
 */
export function formBody(fields: Readonly<Record<string, string | undefined>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) params.append(name, value);
  }
  return params.toString();
}

/**
 * What {@link readPostForm} found in an auto-submitting HTML page.
 *
 * @example
 * ```ts
 * const { action, fields }: PostFormReadout = readPostForm(html);
 * ```
 */
export interface PostFormReadout {
  /** The form's `action`, HTML entities decoded. */
  action: string;
  /** The form's `method`, lower case (`get`, HTML's default, when absent). */
  method: string;
  /** Every `<input name=… value=…>` of the form, entities decoded. */
  fields: Record<string, string>;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * Reads the HTTP-POST binding page an SP or IdP sends (one `<form>` with hidden inputs, as
 * saml-slo's auto-submit pages are): the form's action and method, and its named inputs,
 * with HTML character references decoded. Not a general HTML parser.
 *
 * @throws When the page holds no `<form>`, or more than one, or a field name twice.
 *
 * @example
 * ```ts
 * import { readPostForm } from 'saml-slo/testing';
 * const page = await fetch(`${sp}/saml/logout?${query}`);
 * const { action, fields } = readPostForm(await page.text());
 * const readout = idp.readLogoutResponse(Buffer.from(fields.SAMLResponse!, 'base64').toString(), spCertPem);
 * ```
 */
export function readPostForm(html: string): PostFormReadout {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form\s*>/gi)];
  const form = forms[0];
  if (forms.length !== 1 || form === undefined) {
    throw new Error(`readPostForm: expected exactly one <form>, found ${forms.length}`);
  }
  const formAttributes = readAttributes(form[1] ?? '');
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const attributes = readAttributes(input[1] ?? '');
    const name = attributes.name;
    if (name === undefined) continue;
    if (Object.prototype.hasOwnProperty.call(fields, name)) {
      throw new Error(`readPostForm: field ${name} appears twice`);
    }
    fields[name] = attributes.value ?? '';
  }
  return {
    action: formAttributes.action ?? '',
    method: (formAttributes.method ?? 'get').toLowerCase(),
    fields,
  };
}

function readAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([^\s=/"'>]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    const name = (match[1] ?? '').toLowerCase();
    attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) {
      return String.fromCodePoint(parseInt(body.slice(2), 16));
    }
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return NAMED_ENTITIES[body] ?? whole;
  });
}
