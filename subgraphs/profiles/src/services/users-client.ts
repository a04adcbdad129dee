import { badInput, CommonErrorCode, DomainError, IDENTITY_HEADER, signInRequired } from '@shutter/runtime';
import { ProfileError } from '../errors.js';

/** The users subgraph's name for the argument, and updateProfile's for the same value. */
const USERS_FIELD = 'username';
const PROFILE_FIELD = 'input.username';

/** A GraphQL error as the users subgraph formats it: public code, its domain reason, the field. */
export interface UsersError {
  message: string;
  extensions?: { code?: string; reason?: string; field?: string };
}

/** What updateProfile needs of the users subgraph (the service's unit specs fake it). */
export interface UsernameChanger {
  /** The caller's username as the users subgraph has it now (the value to restore if a later step fails). */
  currentUsername(identityToken: string): Promise<string>;
  /** The username as stored (normalized) once changed; refusals come as this subgraph's errors. */
  changeUsername(identityToken: string, username: string): Promise<string>;
}

interface UsersResponse<T> {
  data?: T | null;
  errors?: UsersError[];
}

/**
 * Usernames belong to the users subgraph (uniqueness, events). updateProfile forwards a username
 * change to it with the caller's gateway-signed identity, so the users subgraph authorizes it
 * exactly as if the client had called changeUsername itself.
 */
export class UsersClient implements UsernameChanger {
  constructor(private readonly url: string) {}

  async currentUsername(identityToken: string): Promise<string> {
    const { data, status } = await this.call<{ me: { username: string } | null }>(identityToken, '{ me { username } }');
    if (!data?.me) throw new Error(`users subgraph answered me with no user (HTTP ${status})`);
    return data.me.username;
  }

  async changeUsername(identityToken: string, username: string): Promise<string> {
    const { data, status } = await this.call<{ changeUsername: { username: string } | null }>(
      identityToken,
      'mutation($u: String!) { changeUsername(username: $u) { username } }',
      { u: username },
    );
    if (!data?.changeUsername) throw new Error(`users subgraph answered changeUsername with no data (HTTP ${status})`);
    return data.changeUsername.username;
  }

  private async call<T>(identityToken: string, query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(this.url, {
      // A hung users subgraph must not hang updateProfile with it.
      signal: AbortSignal.timeout(5_000),
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identityToken },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as UsersResponse<T>;
    const error = body.errors?.[0];
    if (error) throw toProfileError(error);
    return { data: body.data, status: response.status };
  }
}

/**
 * A refusal of the users subgraph as this subgraph's own error, aimed at `input.username`; decided
 * by its reason and field, never by its message. Anything unforeseen is an internal error (logged,
 * masked for the client).
 */
export function toProfileError(error: UsersError): Error {
  const { code, reason, field } = error.extensions ?? {};
  const message = field === USERS_FIELD ? aimedAtInput(error.message) : error.message;
  switch (reason) {
    case 'USERNAME_TAKEN':
      return new DomainError(ProfileError.USERNAME_TAKEN, message, PROFILE_FIELD);
    case CommonErrorCode.INVALID_INPUT:
      if (field === USERS_FIELD) return badInput(PROFILE_FIELD, message);
      break;
    case CommonErrorCode.SIGN_IN_REQUIRED:
      return signInRequired(message);
  }
  return new Error(`users subgraph refused changeUsername (${code ?? '-'}/${reason ?? '-'}): ${error.message}`);
}

/** `username: must be …` → `input.username: must be …` (messages name the field they are about). */
function aimedAtInput(message: string): string {
  const prefix = `${USERS_FIELD}:`;
  return message.startsWith(prefix) ? `${PROFILE_FIELD}:${message.slice(prefix.length)}` : message;
}
