// Exclusive c14n writes character data and attribute values with these escapes and no
// others (xml-c14n §2.3, "Example-Chars"). Text written with them by a builder that also
// follows the rest of the canonical form (sorted attributes, namespace declarations where
// first used, no self-closing tags) is already canonical, so it can be digested as it is.
// Written by hand: xml-crypto 6 exports the same two escapes, but deprecated, and calling
// them prints a DeprecationWarning in the app's process. A property test holds our output
// to xml-crypto's ExclusiveCanonicalization.

const TEXT: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#xD;',
};

const ATTRIBUTE: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/**
 * Escapes character data exactly as exclusive c14n writes it (`&`, `<`, `>`, CR).
 *
 * @example
 * ```ts
 * canonicalText('a<b & c>d'); // 'a&lt;b &amp; c&gt;d'
 * ```
 */
export function canonicalText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => TEXT[c]!);
}

/**
 * Escapes a double-quoted attribute value exactly as exclusive c14n writes it (`&`, `<`,
 * `"`, TAB, LF, CR).
 *
 * @example
 * ```ts
 * canonicalAttribute('say "hi"\n'); // 'say &quot;hi&quot;&#xA;'
 * ```
 */
export function canonicalAttribute(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (c) => ATTRIBUTE[c]!);
}
