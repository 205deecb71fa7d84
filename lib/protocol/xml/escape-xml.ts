/**
 * Escapes text for use in XML character data or a double-quoted attribute.
 *
 * @example
 * ```ts
 * escapeXml('a<b & "c"'); // 'a&lt;b &amp; &quot;c&quot;'
 * ```
 */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"'\r\n\t]/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};
