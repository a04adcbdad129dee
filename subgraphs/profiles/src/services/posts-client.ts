import { DomainError, IDENTITY_HEADER, signInRequired } from '@shutter/runtime';
import { ProfileError } from '../errors.js';
import type { UsersError } from './users-client.js';

/** The posts subgraph's name for the argument, and updateProfile's for the same value. */
const POSTS_FIELD = 'uploadId';
const PROFILE_FIELD = 'input.avatarUploadId';

/** An avatar the posts subgraph made from an upload: its id (to release it) and its stable URL. */
export interface Avatar {
  id: string;
  url: string;
}

/** What updateProfile needs of the posts subgraph (the service's unit specs fake it). */
export interface AvatarStore {
  /** Checks the caller's upload as an image and makes it an avatar; refusals come as this subgraph's errors. */
  claim(identityToken: string, uploadId: string): Promise<Avatar>;
  /** Deletes one of the caller's avatars (replaced, cleared, or claimed by an update that failed). */
  release(identityToken: string, avatarId: string): Promise<void>;
}

/** The refusals of claimAvatar a client can act on (upload another file), answered on `input.avatarUploadId`. */
const UPLOAD_REASONS: Record<string, ProfileError> = {
  UPLOAD_NOT_FOUND: ProfileError.UPLOAD_NOT_FOUND,
  UPLOAD_ALREADY_USED: ProfileError.UPLOAD_ALREADY_USED,
  UPLOAD_EMPTY: ProfileError.UPLOAD_EMPTY,
  UPLOAD_EXPIRED: ProfileError.UPLOAD_EXPIRED,
  UPLOAD_TOO_LARGE: ProfileError.UPLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA: ProfileError.UNSUPPORTED_MEDIA,
};

/**
 * Uploads, their checks and media belong to the posts subgraph (ADR 0007, 0023). updateProfile
 * asks it, with the caller's gateway-signed identity, to make an upload an avatar, so the posts
 * subgraph authorizes it as the caller (only their own uploads) and checks the bytes as it does a
 * post's. Its two mutations are @inaccessible: in no public API, reachable only subgraph to subgraph.
 */
export class PostsClient implements AvatarStore {
  constructor(private readonly url: string) {}

  async claim(identityToken: string, uploadId: string): Promise<Avatar> {
    const data = await this.call<{ claimAvatar: Avatar | null }>(
      identityToken,
      'mutation($u: ID!) { claimAvatar(uploadId: $u) { id url } }',
      { u: uploadId },
    );
    if (!data?.claimAvatar) throw new Error('posts subgraph answered claimAvatar with no data');
    return data.claimAvatar;
  }

  async release(identityToken: string, avatarId: string): Promise<void> {
    await this.call(identityToken, 'mutation($a: ID!) { releaseAvatar(id: $a) }', { a: avatarId });
  }

  private async call<T>(identityToken: string, query: string, variables: Record<string, unknown>) {
    const response = await fetch(this.url, {
      // Checking an image reads it whole (≤ 10 MiB), from S3 too: more time than a username change.
      signal: AbortSignal.timeout(30_000),
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identityToken },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: UsersError[] };
    const error = body.errors?.[0];
    if (error) throw toAvatarError(error);
    return body.data;
  }
}

/**
 * A refusal of the posts subgraph as this subgraph's own error, aimed at `input.avatarUploadId`;
 * decided by its reason, never by its message. Anything unforeseen is an internal error.
 */
export function toAvatarError(error: UsersError): Error {
  const { code, reason, field } = error.extensions ?? {};
  const mapped = reason ? UPLOAD_REASONS[reason] : undefined;
  if (mapped && field === POSTS_FIELD) {
    const prefix = `${POSTS_FIELD}:`;
    const message = error.message.startsWith(prefix)
      ? `${PROFILE_FIELD}:${error.message.slice(prefix.length)}`
      : `${PROFILE_FIELD}: ${error.message}`;
    return new DomainError(mapped, message, PROFILE_FIELD);
  }
  if (reason === 'SIGN_IN_REQUIRED') return signInRequired(error.message);
  return new Error(`posts subgraph refused an avatar call (${code ?? '-'}/${reason ?? '-'}): ${error.message}`);
}
