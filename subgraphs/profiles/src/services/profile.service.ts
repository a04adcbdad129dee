import { recordEvent } from '@shutter/events';
import {
  createLoader,
  DomainError,
  isDatabaseInputError,
  isUuid,
  requireViewer,
  validateInput,
  type Logger,
  type Viewer,
} from '@shutter/runtime';
import { ProfileError } from '../errors.js';
import type { Profile, Tx } from '../repositories/db.js';
import type { ProfileChanges, ProfileRepository } from '../repositories/profile.repository.js';
import { toCached, type CachedProfile, type ProfileCache } from './profile-cache.js';
import { updateProfileSchema, type UpdateProfileInput } from './profile.validation.js';
import type { Avatar, AvatarStore } from './posts-client.js';
import type { UsernameChanger } from './users-client.js';

/** The fields of a user this subgraph serves. */
export type PublicProfile = Pick<CachedProfile, 'displayName' | 'bio' | 'avatarUrl' | 'website' | 'isPrivate'>;

/** The public profile of a user whose UserRegistered has not been applied yet. */
export const DEFAULT_PROFILE: PublicProfile = {
  displayName: null,
  bio: null,
  avatarUrl: null,
  website: null,
  isPrivate: false,
};

/** Announces a profile's new state, in the transaction that changed it. */
export function recordProfileUpdated(tx: Tx, profile: Profile) {
  return recordEvent(tx, 'ProfileUpdated', profile.userId, {
    userId: profile.userId,
    username: profile.username,
    displayName: profile.displayName,
    bio: profile.bio,
    avatarUrl: profile.avatarUrl,
    website: profile.website,
    isPrivate: profile.isPrivate,
    version: profile.version,
  });
}

/** Profile reads (through the cache) and edits, for one request. */
export class ProfileService {
  /** One cache round trip for all ids of a tick, one query for the misses. */
  private readonly loader = createLoader<string, CachedProfile | null>('profiles.byUserId', (ids) => this.load(ids));

  constructor(
    private readonly profiles: ProfileRepository,
    private readonly cache: ProfileCache,
    private readonly users: UsernameChanger,
    private readonly avatars: AvatarStore,
    private readonly viewer: Viewer,
    private readonly identityToken: () => string,
    private readonly logger: Logger,
  ) {}

  /** A user's public profile; the defaults for an id with none (yet), or that names nobody. */
  async profileOf(userId: string): Promise<PublicProfile> {
    return (isUuid(userId) ? await this.loader.load(userId) : null) ?? DEFAULT_PROFILE;
  }

  /**
   * updateProfile, all or nothing. Everything is validated before the first write (the kit's input
   * gate before this runs, then the schema below). The username goes first — it is the step most
   * likely to be refused (taken), and a refusal then leaves nothing to undo. When the username
   * changed and the profile write after it fails, the username is changed back (a compensating
   * step, with the caller's identity) before the error is answered.
   *
   * Why compensation and not a distributed transaction: the username lives in the users
   * subgraph's database and is changed through its API, which owns the rules (uniqueness, events);
   * there is no shared transaction manager between subgraphs, and two-phase commit over GraphQL
   * would hold locks in both databases across a network call and couple each subgraph's
   * availability to the other's. Holding this subgraph's transaction open across the call instead
   * would tie up a pooled connection for up to the call's timeout, and still need the undo when
   * the commit fails. A saga step with its compensation keeps each write local and short.
   */
  async update(rawInput: unknown): Promise<{ id: string }> {
    const userId = requireViewer(this.viewer);
    const input = validateInput(updateProfileSchema, rawInput, 'input');
    const changes = changesOf(input);
    if (input.username == null) {
      await this.saveWithAvatar(userId, changes, input.avatarUploadId);
      return { id: userId };
    }

    const previous = await this.users.currentUsername(this.identityToken());
    changes.username = await this.users.changeUsername(this.identityToken(), input.username);
    try {
      await this.saveWithAvatar(userId, changes, input.avatarUploadId);
    } catch (error) {
      throw await this.undoUsernameChange(previous, changes.username, error);
    }
    return { id: userId };
  }

  /**
   * The avatar step, then the profile write. The posts subgraph checks the upload and makes it an
   * avatar first (a refusal there leaves nothing written); the profile then points at it in its
   * own transaction. If that write fails, the new avatar is released again; once it committed, the
   * avatar it replaced is (best effort: a failure leaves an orphan image, logged). `avatarUploadId`
   * undefined leaves the avatar as it is; null removes it.
   */
  private async saveWithAvatar(userId: string, changes: ProfileChanges, avatarUploadId: string | null | undefined) {
    let avatar: Avatar | null = null;
    if (avatarUploadId != null) avatar = await this.avatars.claim(this.identityToken(), avatarUploadId);
    if (avatarUploadId !== undefined) {
      changes.avatarUrl = avatar?.url ?? null;
      changes.avatarId = avatar?.id ?? null;
    }
    if (Object.keys(changes).length === 0) return;
    let replaced: string | null;
    try {
      replaced = await this.save(userId, changes);
    } catch (error) {
      if (avatar) await this.releaseAvatar(avatar.id);
      throw error;
    }
    if (replaced && replaced !== avatar?.id) await this.releaseAvatar(replaced);
  }

  private async releaseAvatar(avatarId: string): Promise<void> {
    await this.avatars
      .release(this.identityToken(), avatarId)
      .catch((error: unknown) => this.logger.warn({ err: error, avatarId }, 'could not release an avatar'));
  }

  /**
   * Writes the changes and their event in one transaction, then offers the new version to the cache.
   * Returns the avatar id the profile had before when this change sets the avatar (else null).
   */
  private async save(userId: string, changes: ProfileChanges): Promise<string | null> {
    const { profile, replaced } = await this.profiles.transaction(async (tx) => {
      // Locked until commit: of two concurrent avatar changes, the second sees the first's avatar.
      const replaced = changes.avatarId !== undefined ? await this.profiles.lockAvatarId(tx, userId) : null;
      // No row yet (UserRegistered in flight): created with an empty username, filled in by that event.
      const updated = await this.profiles.update(tx, userId, changes.username ?? '', changes);
      await recordProfileUpdated(tx, updated);
      return { profile: updated, replaced };
    });
    // After commit: replicas sharing the cache read the new version from now on.
    await this.cache.offer([profile]).catch((error: unknown) => this.cacheFailed(error, 'profile cache update failed'));
    this.loader.clear(userId).prime(userId, toCached(profile));
    return replaced;
  }

  /**
   * Changes the username back after the profile write failed, and returns the error to answer: the
   * write's own error when it was the client's (bad input), else one that says what changed.
   */
  private async undoUsernameChange(previous: string, changed: string, failure: unknown): Promise<unknown> {
    try {
      if (changed !== previous) await this.users.changeUsername(this.identityToken(), previous);
    } catch (undoFailure) {
      this.logger.error(
        { err: failure, undoErr: undoFailure, previous, changed },
        'profile write failed after a username change, and changing the username back failed too',
      );
      return new DomainError(
        ProfileError.PROFILE_PARTLY_SAVED,
        `Your username is now "${changed}", but your other profile changes could not be saved; please try again.`,
      );
    }
    if (failure instanceof DomainError || isDatabaseInputError(failure)) return failure;
    this.logger.error({ err: failure, previous, changed }, 'profile write failed after a username change; undone');
    return new DomainError(
      ProfileError.PROFILE_NOT_SAVED,
      'Your profile could not be saved and nothing was changed; please try again.',
    );
  }

  /** A cache that is down is skipped, not fatal: the database answers instead. */
  private async load(ids: readonly string[]): Promise<(CachedProfile | null)[]> {
    const cached = await this.cache.getMany(ids).catch((error: unknown) => {
      this.cacheFailed(error, 'profile cache unavailable; reading the database');
      return ids.map(() => null);
    });
    const missing = ids.filter((_, i) => !cached[i]);
    const rows = missing.length > 0 ? await this.profiles.findMany(missing) : [];
    if (rows.length > 0) {
      await this.cache.offer(rows).catch((error: unknown) => this.cacheFailed(error, 'profile cache update failed'));
    }
    const fresh = new Map(rows.map((row) => [row.userId, toCached(row)]));
    return ids.map((id, i) => cached[i] ?? fresh.get(id) ?? null);
  }

  private cacheFailed(error: unknown, message: string) {
    this.logger.warn({ err: error }, message);
  }
}

/** The profile fields the input sets (undefined: unchanged; null: cleared). */
function changesOf(input: UpdateProfileInput): ProfileChanges {
  const changes: ProfileChanges = {};
  if (input.displayName !== undefined) changes.displayName = input.displayName;
  if (input.bio !== undefined) changes.bio = input.bio;
  if (input.website !== undefined) changes.website = input.website;
  if (input.isPrivate !== undefined) changes.isPrivate = input.isPrivate;
  return changes;
}
