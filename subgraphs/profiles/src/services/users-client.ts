import { AppError, IDENTITY_HEADER, isPublicErrorCode } from '@shutter/runtime';

/**
 * Usernames belong to the users subgraph (uniqueness, events). updateProfile forwards a username
 * change to it with the caller's gateway-signed identity, so the users subgraph authorizes it
 * exactly as if the client had called changeUsername itself.
 */
export class UsersClient {
  constructor(private readonly url: string) {}

  async changeUsername(identityToken: string, username: string): Promise<string> {
    const response = await fetch(this.url, {
      // A hung users subgraph must not hang updateProfile with it.
      signal: AbortSignal.timeout(5_000),
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identityToken },
      body: JSON.stringify({
        query: 'mutation($u: String!) { changeUsername(username: $u) { username } }',
        variables: { u: username },
      }),
    });
    const body = (await response.json()) as {
      data?: { changeUsername: { username: string } } | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const error = body.errors?.[0];
    if (error) {
      const code = error.extensions?.code;
      if (isPublicErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') {
        // Re-aim the users subgraph's message at this mutation's input field.
        throw new AppError(code, error.message.replace(/^username:/, 'input.username:'), { field: 'input.username' });
      }
      throw new Error(`users subgraph refused changeUsername: ${error.message}`);
    }
    return body.data!.changeUsername.username;
  }
}
