import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { DomainError, IDENTITY_HEADER, publicCodeOf } from '@shutter/runtime';
import { profileErrors } from '../errors.js';
import { toProfileError, UsersClient, type UsersError } from './users-client.js';

/** What a client would see of the error: the kit formats a DomainError as code, reason, field, message. */
const publicView = (error: Error) =>
  error instanceof DomainError
    ? {
        code: publicCodeOf(error, profileErrors),
        reason: error.code,
        ...(error.field ? { field: error.field } : {}),
        message: error.message,
      }
    : { internal: error.message };

describe(toProfileError.name, () => {
  it.each<[string, UsersError, ReturnType<typeof publicView>]>([
    [
      'a taken username as USERNAME_TAKEN (CONFLICT)',
      {
        message: 'This username is taken.',
        extensions: { code: 'CONFLICT', reason: 'USERNAME_TAKEN', field: 'username' },
      },
      { code: 'CONFLICT', reason: 'USERNAME_TAKEN', field: 'input.username', message: 'This username is taken.' },
    ],
    [
      'an invalid username as INVALID_INPUT (BAD_USER_INPUT), its message naming input.username',
      {
        message: 'username: must be 3 to 30 characters of letters, digits, "." and "_"',
        extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT', field: 'username' },
      },
      {
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_INPUT',
        field: 'input.username',
        message: 'input.username: must be 3 to 30 characters of letters, digits, "." and "_"',
      },
    ],
    [
      'SIGN_IN_REQUIRED as UNAUTHENTICATED',
      {
        message: 'You must be signed in to do that.',
        extensions: { code: 'UNAUTHENTICATED', reason: 'SIGN_IN_REQUIRED' },
      },
      { code: 'UNAUTHENTICATED', reason: 'SIGN_IN_REQUIRED', message: 'You must be signed in to do that.' },
    ],
  ])('turns %s', (_, remote, expected) => {
    expect(publicView(toProfileError(remote))).toEqual(expected);
  });

  it.each<UsersError>([
    { message: 'email: is invalid', extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT', field: 'email' } },
    { message: 'Only an admin can do that.', extensions: { code: 'FORBIDDEN', reason: 'ADMIN_REQUIRED' } },
    { message: 'username: something new', extensions: { code: 'BAD_USER_INPUT' } },
    { message: 'Unexpected error.' },
  ])('treats a refusal it does not know (%j) as an internal error, not a client one', (remote) => {
    const error = toProfileError(remote);
    expect(error).not.toBeInstanceOf(DomainError);
    expect(error.message).toContain(remote.message);
  });
});

describe(UsersClient.name, () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const reply = (body: unknown) =>
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify(body), { status: 200 }));

  it("sends changeUsername with the caller's signed identity and returns the stored username", async () => {
    const fetch = reply({ data: { changeUsername: { username: 'ada_l' } } });
    expect(await new UsersClient('http://users.test/graphql').changeUsername('signed', 'Ada_L')).toBe('ada_l');
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('http://users.test/graphql');
    expect((init!.headers as Record<string, string>)[IDENTITY_HEADER]).toBe('signed');
    expect(JSON.parse(init!.body as string)).toMatchObject({ variables: { u: 'Ada_L' } });
  });

  it("reads the caller's current username with the caller's signed identity", async () => {
    const fetch = reply({ data: { me: { username: 'ada' } } });
    expect(await new UsersClient('http://users.test/graphql').currentUsername('signed')).toBe('ada');
    const [, init] = fetch.mock.calls[0]!;
    expect((init!.headers as Record<string, string>)[IDENTITY_HEADER]).toBe('signed');
    expect(JSON.parse(init!.body as string)).toMatchObject({ query: '{ me { username } }' });
  });

  it('throws the mapped profiles error when the users subgraph refuses', async () => {
    reply({
      data: null,
      errors: [
        {
          message: 'This username is taken.',
          extensions: { code: 'CONFLICT', reason: 'USERNAME_TAKEN', field: 'username' },
        },
      ],
    });
    const error = await new UsersClient('http://users.test/graphql').changeUsername('signed', 'bob').catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'USERNAME_TAKEN', field: 'input.username' });
  });
});
