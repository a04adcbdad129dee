import type { BaseContext } from '@shutter/runtime';
import type { ProfileRepository } from './repositories/profile.repository.js';
import type { ProfileCache } from './services/profile-cache.js';
import { ProfileService } from './services/profile.service.js';
import type { AvatarStore } from './services/posts-client.js';
import type { UsernameChanger } from './services/users-client.js';

export interface Context extends BaseContext {
  profiles: ProfileService;
}

export function createContextFactory(
  profiles: ProfileRepository,
  cache: ProfileCache,
  users: UsernameChanger,
  avatars: AvatarStore,
) {
  return (base: BaseContext): Context => ({
    ...base,
    profiles: new ProfileService(profiles, cache, users, avatars, base.viewer, base.identityToken, base.logger),
  });
}
