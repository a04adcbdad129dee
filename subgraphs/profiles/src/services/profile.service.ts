import { recordEvent } from '@shutter/events';
import { badInput, unauthenticated, validateInput, type Logger, type Viewer } from '@shutter/runtime';
import type DataLoader from 'dataloader';
import type { PrismaClient, Profile, Tx } from '../db.js';
import {
  toCached,
  type CachedProfile,
  type ProfileChanges,
  type ProfileRepository,
} from '../repositories/profile.repository.js';
import { updateProfileSchema } from './profile.validation.js';
import type { UsersClient } from './users-client.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The public profile of a user whose UserRegistered has not been applied yet. */
export const DEFAULT_PROFILE = { displayName: null, bio: null, avatarUrl: null, website: null, isPrivate: false };

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

export class ProfileService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly profiles: ProfileRepository,
    private readonly loader: DataLoader<string, CachedProfile | null>,
    private readonly usersClient: UsersClient,
    private readonly viewer: Viewer,
    private readonly identityToken: string,
    private readonly logger: Logger,
  ) {}

  async get(userId: string): Promise<CachedProfile | null> {
    return UUID.test(userId) ? this.loader.load(userId) : null;
  }

  async update(rawInput: unknown): Promise<{ id: string }> {
    const userId = this.viewer.userId;
    if (!userId) throw unauthenticated();
    const input = validateInput(updateProfileSchema, rawInput, 'input');
    if (input.avatarUploadId != null) {
      // Media uploads arrive with the posts subgraph; until then an avatar cannot be set.
      throw badInput('input.avatarUploadId', 'input.avatarUploadId: avatar uploads are not available yet');
    }
    const changes: ProfileChanges = {};
    if (input.displayName !== undefined) changes.displayName = input.displayName;
    if (input.bio !== undefined) changes.bio = input.bio;
    if (input.website !== undefined) changes.website = input.website;
    if (input.isPrivate !== undefined) changes.isPrivate = input.isPrivate;
    // The username goes first: a taken or invalid one refuses the whole update before anything
    // here is written.
    if (input.username != null)
      changes.username = await this.usersClient.changeUsername(this.identityToken, input.username);
    if (Object.keys(changes).length === 0) return { id: userId };

    const profile = await this.prisma.$transaction(async (tx) => {
      const current = await this.profiles.findForUpdate(tx, userId);
      const updated = await this.profiles.update(tx, userId, changes.username ?? current?.username ?? '', changes);
      await recordProfileUpdated(tx, updated);
      return updated;
    });
    // After commit: replicas sharing the cache read the new version from now on.
    await this.profiles.offer([profile]).catch((error: unknown) => this.cacheFailed(error, profile.userId));
    this.loader.clear(userId).prime(userId, toCached(profile));
    return { id: userId };
  }

  private cacheFailed(error: unknown, userId: string) {
    this.logger.warn({ err: error, userId }, 'profile cache update failed');
  }
}
