import { randomBytes } from 'node:crypto';

// xsd:ID is an NCName; we also cap the length so an echoed InResponseTo stays small.
const NCNAME = /^[A-Za-z_][\w.-]{0,255}$/;

/**
 * True when `value` can be used as (or echoed into) a SAML `ID` / `InResponseTo`.
 *
 * @example
 * ```ts
 * isSamlId('_abc123'); // true
 * isSamlId('1abc');   // false: an NCName cannot start with a digit
 * ```
 */
export function isSamlId(value: string | null | undefined): value is string {
  return typeof value === 'string' && NCNAME.test(value);
}

/**
 * A fresh SAML message ID: `_` and 160 random bits in hex (SAML core §1.3.4 asks for at
 * least 128).
 *
 * @example
 * ```ts
 * newSamlId(); // '_3f1c…'
 * ```
 */
export function newSamlId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

/**
 * An xsd:dateTime in UTC, as SAML wants it (no fraction beyond milliseconds).
 *
 * @example
 * ```ts
 * samlInstant(new Date(0)); // '1970-01-01T00:00:00.000Z'
 * ```
 */
export function samlInstant(date: Date): string {
  return date.toISOString();
}

/**
 * Parses an xsd:dateTime; SAML requires UTC, so a value without a zone or with another
 * zone is read strictly as written by `Date`. Returns `undefined` for anything unparseable.
 *
 * @example
 * ```ts
 * parseSamlInstant('2026-11-22T10:00:00Z')?.getTime();
 * ```
 */
export function parseSamlInstant(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value.trim())) {
    return undefined;
  }
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}
