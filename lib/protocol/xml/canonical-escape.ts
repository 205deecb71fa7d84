import { encodeSpecialCharactersInAttribute, encodeSpecialCharactersInText } from 'xml-crypto';

// The escapes exclusive c14n writes (xml-c14n §2.3), taken from xml-crypto, whose
// ExclusiveCanonicalization uses the same two functions. Text written with them by a
// builder that also follows the rest of the canonical form (sorted attributes, namespace
// declarations where first used, no self-closing tags) is already canonical, so it can be
// digested as it is.

/**
 * Escapes character data exactly as exclusive c14n writes it (`&`, `<`, `>`, CR).
 *
 * @example
 * ```ts
 * canonicalText('a<b & c>d'); // 'a&lt;b &amp; c&gt;d'
 * ```
 */
export function canonicalText(value: string): string {
  return encodeSpecialCharactersInText(value);
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
  return encodeSpecialCharactersInAttribute(value) as string;
}
