import pg from 'pg';

/** PostgreSQL's type oid for `timestamptz`, the type of every Shutter timestamp column. */
export const TIMESTAMPTZ_OID = 1184;

type Parse = (text: string) => unknown;
const parseAnyTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as Parse;

/** The number written at text[start, end) in ASCII digits, or -1 when a character is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * A `timestamptz` as pg's own parser (postgres-date) reads it, without its regular expressions for
 * the one shape a UTC session writes: `YYYY-MM-DD HH:MM:SS[.ffffff]+00`. Every other text (another
 * zone offset, BC, infinity, a year before 100) goes to pg's parser. Issue 10: pg's date parsing was
 * 3–4 % of `npm start`'s CPU under the feed load (two timestamps per post and per author read).
 */
export function parseTimestamptz(text: string): unknown {
  const length = text.length;
  if (
    length < 22 ||
    length > 29 ||
    !text.endsWith('+00') ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 32 || // space
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    (length > 22 && text.charCodeAt(19) !== 46) // .
  ) {
    return parseAnyTimestamptz(text);
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  const fraction = length > 22 ? digitsAt(text, 20, length - 3) : 0;
  // Date.UTC reads years 0–99 as 1900–1999; pg's parser corrects that, so it parses those.
  if (year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || fraction < 0) {
    return parseAnyTimestamptz(text);
  }
  // The milliseconds exactly as postgres-date computes them (and Date.UTC truncates).
  const ms = length > 22 ? 1000 * parseFloat(text.slice(19, length - 3)) : 0;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
}

/** pg's type parsers, with the fast `timestamptz` one: for a query's `types`. */
export const fastTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): Parse {
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz;
    return pg.types.getTypeParser(oid, format ?? 'text') as Parse;
  },
};
