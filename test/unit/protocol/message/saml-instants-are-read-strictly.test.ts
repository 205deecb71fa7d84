import { parseSamlInstant } from '../../../../lib/protocol/saml-id';

describe('parseSamlInstant reads an xsd:dateTime strictly', () => {
  it.each([
    ['UTC with Z', '2026-11-22T10:00:00Z', '2026-11-22T10:00:00.000Z'],
    ['milliseconds', '2026-11-22T10:00:00.123Z', '2026-11-22T10:00:00.123Z'],
    ['an offset, read as written', '2026-11-22T10:00:00+02:00', '2026-11-22T08:00:00.000Z'],
    ['the largest offset, -14:00', '2026-11-22T10:00:00-14:00', '2026-11-23T00:00:00.000Z'],
    ['February 29 of a leap year', '2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['February 29 of a year divisible by 400', '2000-02-29T12:00:00Z', '2000-02-29T12:00:00.000Z'],
    ['the last second of a year', '2026-12-31T23:59:59Z', '2026-12-31T23:59:59.000Z'],
    ['white space around it', ' 2026-11-22T10:00:00Z\n', '2026-11-22T10:00:00.000Z'],
  ])('accepts %s', (_case, text, iso) => {
    expect(parseSamlInstant(text)?.toISOString()).toBe(iso);
  });

  // Date would roll each of these over to another instant instead of refusing it.
  it.each([
    ['February 30', '2026-02-30T10:00:00Z'],
    ['February 29 of a common year', '2026-02-29T10:00:00Z'],
    ['February 29 of a century not divisible by 400', '1900-02-29T10:00:00Z'],
    ['April 31', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['month 00', '2026-00-10T00:00:00Z'],
    ['day 00', '2026-01-00T00:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['minute 60', '2026-01-01T23:60:00Z'],
    ['second 60 (a leap second, which xsd:dateTime has not)', '2026-01-01T23:59:60Z'],
    ['an offset past 14:00', '2026-01-01T10:00:00+14:01'],
    ['an offset minute past 59', '2026-01-01T10:00:00+01:60'],
    ['no zone', '2026-11-22T10:00:00'],
    ['a date only', '2026-11-22'],
    ['a lowercase z', '2026-11-22T10:00:00z'],
    ['words', 'yesterday'],
  ])('refuses %s', (_case, text) => {
    expect(parseSamlInstant(text)).toBeUndefined();
  });

  it('reads an absent value as absent', () => {
    expect(parseSamlInstant(undefined)).toBeUndefined();
  });
});
