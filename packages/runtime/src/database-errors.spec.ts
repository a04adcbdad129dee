import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { isDatabaseInputError } from './database-errors.js';
import { maskError } from './subgraph-server.js';

/** The shape of Prisma 7's known request errors on the pg driver adapter (as logged from real ones). */
function prismaError(code: string, sqlState?: string) {
  return Object.assign(new Error('Invalid `prisma.profile.update()` invocation: …'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: sqlState
      ? { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode: sqlState, kind: 'postgres' } } }
      : {},
  });
}

describe(isDatabaseInputError.name, () => {
  it.each([
    ['a NUL in text (22021 under P2039)', prismaError('P2039', '22021')],
    ['a value longer than its column (P2000)', prismaError('P2000', '22001')],
    ['text where a uuid goes, in raw SQL (22P02 under P2010)', prismaError('P2010', '22P02')],
    ['text where a timestamp goes (22007)', prismaError('P2010', '22007')],
    ['a number out of range (22003)', prismaError('P2010', '22003')],
    ['a pg error with the SQLSTATE as code', Object.assign(new Error('bad'), { code: '22P02', severity: 'ERROR' })],
    ['one wrapped as a cause', new Error('repository failed', { cause: prismaError('P2000') })],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseInputError(error)).toBe(true);
    expect(isDatabaseInputError(new GraphQLError('x', { originalError: error }))).toBe(true);
  });

  it.each([
    ['a missing table (42P01)', prismaError('P2010', '42P01')],
    ['a unique violation (P2002)', prismaError('P2002')],
    ['a connection failure', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a plain error', new Error('boom')],
    ['nothing', undefined],
  ])('leaves %s a fault of the service', (_name, error) => {
    expect(isDatabaseInputError(error)).toBe(false);
  });
});

describe(maskError.name, () => {
  const mask = maskError({});
  const format = (error: Error) =>
    mask(
      { message: error.message, path: ['updateProfile'] },
      new GraphQLError(error.message, { originalError: error }),
    );

  it('answers a database refusal of a value as BAD_USER_INPUT without its details', () => {
    expect(format(prismaError('P2039', '22021'))).toEqual({
      message: 'A value in this request cannot be stored or used as given.',
      path: ['updateProfile'],
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' },
    });
  });

  it('keeps real database faults masked as INTERNAL_SERVER_ERROR', () => {
    expect(format(prismaError('P2010', '42P01'))).toEqual({
      message: 'Internal server error',
      path: ['updateProfile'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
