import { escapeXml } from './escape-xml';
import { NS } from './namespaces';

/**
 * A SAML NameID with its optional qualifiers.
 *
 * @example
 * ```ts
 * const n: NameIDInput = {
 *   nameID: 'alice@example.com',
 *   nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
 * };
 * ```
 */
export interface NameIDInput {
  /** The NameID text. */
  nameID: string;
  /** `Format` attribute. */
  nameIDFormat?: string;
  /** `NameQualifier` attribute. */
  nameQualifier?: string;
  /** `SPNameQualifier` attribute. */
  spNameQualifier?: string;
}

/**
 * Renders `<saml:NameID>` with its `Format`/`NameQualifier`/`SPNameQualifier` attributes when
 * given. With `declareNamespace` the element declares `xmlns:saml` itself (needed when it is
 * encrypted and later decrypted on its own).
 *
 * @example
 * ```ts
 * renderNameID({ nameID: 'a&b' }); // '<saml:NameID>a&amp;b</saml:NameID>'
 * ```
 */
export function renderNameID(input: NameIDInput, declareNamespace = false): string {
  const attrs = [
    declareNamespace ? ` xmlns:saml="${NS.saml}"` : '',
    attr('Format', input.nameIDFormat),
    attr('NameQualifier', input.nameQualifier),
    attr('SPNameQualifier', input.spNameQualifier),
  ].join('');
  return `<saml:NameID${attrs}>${escapeXml(input.nameID)}</saml:NameID>`;
}

/**
 * ` name="value"` with the value escaped, or `''` when the value is undefined.
 *
 * @example
 * ```ts
 * attr('Reason', 'urn:x'); // ' Reason="urn:x"'
 * attr('Reason', undefined); // ''
 * ```
 */
export function attr(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}="${escapeXml(value)}"`;
}
