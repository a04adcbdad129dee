import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { pino } from 'pino';
import { z } from 'zod';
import { type DomainError, InvalidFieldsError } from './errors.js';
import { startSubgraph, type BaseContext, type RunningSubgraphServer } from './subgraph-server.js';
import { validateInput } from './validation.js';

const signUp = z.object({
  email: z.email('must be an email address'),
  username: z.string().regex(/^[a-z0-9_]{3,30}$/, 'must be 3-30 lower-case letters, digits or _'),
  password: z.string().min(12, 'must be at least 12 characters').max(200),
});

describe(validateInput.name, () => {
  it('reports every invalid field at once, one problem per field', () => {
    let error: unknown;
    try {
      validateInput(signUp, { email: 'nope', username: 'A!', password: 'short' }, 'input');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidFieldsError);
    expect((error as InvalidFieldsError).problems).toEqual([
      { field: 'input.email', message: 'input.email: must be an email address' },
      { field: 'input.username', message: 'input.username: must be 3-30 lower-case letters, digits or _' },
      { field: 'input.password', message: 'input.password: must be at least 12 characters' },
    ]);
  });

  it('keeps a single invalid field a plain BAD_USER_INPUT error naming it', () => {
    expect(() => validateInput(signUp, { email: 'a@b.co', username: 'ada', password: 'x' }, 'input')).toThrow(
      expect.objectContaining({ field: 'input.password', code: 'INVALID_INPUT' }) as unknown as DomainError,
    );
  });
});

describe('a subgraph answering several invalid fields', () => {
  let service: RunningSubgraphServer;
  beforeAll(async () => {
    service = await startSubgraph<BaseContext>(
      {
        name: 'forms',
        typeDefs: parse(`
          type Query { ok: Boolean }
          input SignUpInput { email: String! username: String! password: String! }
          type Mutation { signUp(input: SignUpInput!): Boolean }
        `),
        resolvers: {
          Mutation: { signUp: (_: unknown, args: { input: unknown }) => !!validateInput(signUp, args.input, 'input') },
        },
        errors: {},
        identitySecret: 's'.repeat(32),
        logger: pino({ level: 'silent' }),
        production: true,
        createContext: (base) => base,
        checkReady: async () => undefined,
      },
      { port: 0 },
    );
  });
  afterAll(() => service.close());

  it('answers one BAD_USER_INPUT error per field, each naming its field, with the same path', async () => {
    const result = await service.execute(
      {
        query: 'mutation($input: SignUpInput!) { signUp(input: $input) }',
        variables: { input: { email: 'nope', username: 'A!', password: 'short' } },
      },
      { userId: null, role: null, requestId: 'r' },
    );
    expect(result.data).toEqual({ signUp: null });
    expect(result.errors?.map((e) => [e.extensions?.field, e.extensions?.code, e.path])).toEqual([
      ['input.email', 'BAD_USER_INPUT', ['signUp']],
      ['input.username', 'BAD_USER_INPUT', ['signUp']],
      ['input.password', 'BAD_USER_INPUT', ['signUp']],
    ]);
    expect(result.errors?.[1]?.message).toBe('input.username: must be 3-30 lower-case letters, digits or _');
    expect(JSON.stringify(result)).not.toContain('invalidFields');
  });
});
