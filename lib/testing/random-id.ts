import { randomBytes } from 'node:crypto';

/**
 * A fresh SAML message/assertion ID: `_` followed by 40 random hex digits. It starts
 * with `_` so it is a valid `xs:ID` (NCName).
 *
 * @example
 * ```ts
 * const id = randomSamlId(); // e.g. '_3f9c…'
 * ```
 */
export function randomSamlId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

/**
 * An `xs:dateTime` in UTC as SAML expects it, e.g. `2024-01-02T03:04:05.678Z`.
 *
 * @example
 * ```ts
 * samlInstant(new Date(0)); // '1970-01-01T00:00:00.000Z'
 * ```
 */
export function samlInstant(date: Date): string {
  return date.toISOString();
}
