import { describe, expect, it } from '@jest/globals';
import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import { errorText, formErrors } from './errors';

const refused = (...errors: { message: string; extensions: Record<string, unknown> }[]) =>
  new CombinedError({ graphQLErrors: errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions })) });

describe(formErrors.name, () => {
  it('should put each error naming a field of the form beside that field, and the others above the form', () => {
    const error = refused(
      { message: 'must be a valid email address', extensions: { code: 'BAD_USER_INPUT', field: 'input.email' } },
      { message: 'is too short', extensions: { code: 'BAD_USER_INPUT', field: 'input.password' } },
      { message: 'that username is taken', extensions: { code: 'CONFLICT', field: 'input.username' } },
      { message: 'control character', extensions: { code: 'BAD_USER_INPUT', field: 'input.nickname' } },
    );
    expect(formErrors(error, ['email', 'username', 'password'])).toEqual({
      fields: {
        email: 'must be a valid email address',
        password: 'is too short',
        username: 'that username is taken',
      },
      form: 'control character',
    });
  });

  it('should say how long to wait when rate limited', () => {
    const limited = (seconds: number) =>
      refused({ message: 'Too many requests', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds } });
    expect([errorText(limited(42)), errorText(limited(600))]).toEqual([
      'Too many attempts. Try again in 42 s.',
      'Too many attempts. Try again in 10 min.',
    ]);
  });

  it('should tell wrong credentials and an unreachable server apart from other errors', () => {
    const wrong = refused({
      message: 'Invalid credentials',
      extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' },
    });
    const offline = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect([errorText(wrong), errorText(offline), errorText(undefined)]).toEqual([
      'Wrong username, email or password.',
      'Cannot reach Shutter. Check your connection and try again.',
      null,
    ]);
  });
});
