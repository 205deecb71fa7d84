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
 * zone is read strictly as written by `Date`. Returns `undefined` for anything unparseable,
 * including a date the calendar does not have (`Date` would roll February 30 over to
 * March 2), an hour past 23, a minute or second past 59, or a zone offset past ±14:00.
 *
 * @example
 * ```ts
 * parseSamlInstant('2026-11-22T10:00:00Z')?.getTime();
 * parseSamlInstant('2026-02-30T10:00:00Z'); // undefined
 * ```
 */
export function parseSamlInstant(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const parts = XSD_DATE_TIME.exec(text);
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as number[];
  const offsetHours = parts[8] === undefined ? 0 : Number(parts[8]);
  const offsetMinutes = parts[9] === undefined ? 0 : Number(parts[9]);
  if (
    month! < 1 ||
    month! > 12 ||
    day! < 1 ||
    day! > daysInMonth(year!, month!) ||
    hour! > 23 ||
    minute! > 59 ||
    second! > 59 ||
    offsetHours * 60 + offsetMinutes > 14 * 60 ||
    offsetMinutes > 59
  ) {
    return undefined;
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

// Year, month, day, hour, minute, second, fraction, then Z or the offset's hours and minutes.
const XSD_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Days in `month` (1–12) of `year`, proleptic Gregorian, as xsd:dateTime counts them. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}
