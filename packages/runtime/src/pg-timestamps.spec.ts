import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { parseTimestamptz, TIMESTAMPTZ_OID } from './pg-timestamps.js';

const pgParse = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => unknown;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe(parseTimestamptz.name, () => {
  it('reads every UTC timestamp exactly as pg does, whatever its fraction digits', () => {
    let seed = 20261201;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i += 1) {
      const digits = next(7);
      const fraction = digits ? `.${pad(next(10 ** digits), digits)}` : '';
      const text = `${pad(100 + next(9900), 4)}-${pad(1 + next(12), 2)}-${pad(1 + next(28), 2)} ${pad(next(24), 2)}:${pad(next(60), 2)}:${pad(next(60), 2)}${fraction}+00`;
      const fast = parseTimestamptz(text) as Date;
      expect(fast).toBeInstanceOf(Date);
      expect(fast.getTime()).toBe((pgParse(text) as Date).getTime());
    }
  });

  it('leaves every other shape to pg: other zones, BC, infinity, early years', () => {
    for (const text of [
      '2026-12-01 01:02:03.456+01',
      '2026-12-01 01:02:03-05:30',
      '0044-03-15 12:00:00+00 BC',
      '0099-01-01 00:00:00+00',
      'infinity',
      '-infinity',
      '12026-01-01 00:00:00+00',
    ]) {
      expect(parseTimestamptz(text)).toEqual(pgParse(text));
    }
  });
});
