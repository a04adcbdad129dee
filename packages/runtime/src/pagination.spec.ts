import { describe, expect, it } from '@jest/globals';
import { DomainError } from './errors.js';
import { CREATED_AT_ID, encodeCursor, parsePage, toConnection } from './pagination.js';

const ID = '0199a8d2-6b1e-7c3a-9f00-1234567890ab';
const AT = '2025-11-25T02:00:00.000Z';

function refusal(run: () => unknown): DomainError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
}

describe(parsePage.name, () => {
  it('accepts the cursors toConnection issues and gives their keys back', () => {
    const connection = toConnection(
      [{ at: new Date(AT), id: ID }],
      1,
      (r) => [r.at.toISOString(), r.id],
      (r) => r,
    );
    const cursor = connection.pageInfo.endCursor!;
    expect(parsePage({ first: 5, after: cursor }, CREATED_AT_ID)).toEqual({ first: 5, after: [AT, ID] });
    expect(parsePage({}, CREATED_AT_ID)).toEqual({ first: 20, after: null });
    expect(parsePage({ after: encodeCursor([42]) }, ['integer'])).toEqual({ first: 20, after: [42] });
  });

  it.each([
    ['keys of the wrong types ([1,2])', 'WzEsMl0'],
    ['the keys swapped', encodeCursor([ID, AT])],
    ['a timestamp that is no instant', encodeCursor(['2025-02-30T00:00:00.000Z', ID])],
    ['a timestamp in another spelling', encodeCursor(['2025-11-25 02:00:00', ID])],
    ['an id that is no uuid', encodeCursor([AT, 'nope'])],
    ['too few keys', encodeCursor([AT])],
    ['too many keys', encodeCursor([AT, ID, 1])],
    ['an object instead of a list', Buffer.from('{"0":1}').toString('base64url')],
    ['text that is not JSON', Buffer.from('hello').toString('base64url')],
    ['characters outside base64url', `${encodeCursor([AT, ID])}!`],
    ['standard base64 padding', `${encodeCursor([AT, ID])}=`],
    ['the empty string', ''],
    ['a very long cursor', 'A'.repeat(10_000)],
  ])('refuses a cursor with %s as BAD_USER_INPUT on after', (_name, after) => {
    expect(refusal(() => parsePage({ after }, CREATED_AT_ID))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'after',
    });
  });

  it('refuses an integer key that is a string or a fraction', () => {
    expect(refusal(() => parsePage({ after: encodeCursor(['1']) }, ['integer']))).toMatchObject({ field: 'after' });
    expect(refusal(() => parsePage({ after: encodeCursor([1.5]) }, ['integer']))).toMatchObject({ field: 'after' });
  });

  it('refuses first outside 1..100', () => {
    for (const first of [0, -1, 101]) {
      expect(refusal(() => parsePage({ first }, CREATED_AT_ID))).toMatchObject({ field: 'first' });
    }
  });
});
