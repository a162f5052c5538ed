import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { iso } from '../../server/src/modules/requests/requests.mapper';

/** PostgreSQL's text for a UTC timestamptz: fractions trimmed of trailing zeros, up to 6 digits. */
function pgText(d: Date, micros: number): string {
  const [day, time] = d.toISOString().slice(0, 19).split('T');
  const us = String(d.getUTCMilliseconds() * 1000 + micros)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${day} ${time}${us ? `.${us}` : ''}+00`;
}

describe('timestamps in a page', () => {
  test.prop(
    [
      fc.date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('9999-12-31T23:59:59Z'),
        noInvalidDate: true,
      }),
      fc.integer({ min: 0, max: 999 }),
    ],
    { numRuns: 2000, seed: 11 },
  )('read as text give what a Date would', (d, micros) => {
    const text = pgText(d, micros);
    expect(iso(text)).toBe(new Date(text).toISOString());
  });

  test('other spellings and values still go through Date', () => {
    expect(iso('2026-03-02 10:00:00+01')).toBe('2026-03-02T09:00:00.000Z');
    expect(iso(new Date('2026-03-02T09:00:00.5Z'))).toBe('2026-03-02T09:00:00.500Z');
    expect(iso(null)).toBeNull();
  });
});
