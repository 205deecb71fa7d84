const REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes a value for use as XML text content or inside a double- or single-quoted
 * attribute value. Escapes `& < > " '`, which is enough for both places.
 *
 * @param value - Any text, e.g. a NameID chosen by a test.
 * @returns The escaped text.
 *
 * @example
 * ```ts
 * import { escapeXml } from 'saml-slo/testing';
 * escapeXml(`a<b & "c"`); // 'a&lt;b &amp; &quot;c&quot;'
 * const xml = `<saml:NameID>${escapeXml(nameID)}</saml:NameID>`;
 * ```
 */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => REPLACEMENTS[ch] ?? ch);
}
