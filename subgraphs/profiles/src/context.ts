import type { VersionedCache } from '@shutter/cache';
import type { BaseContext, Logger } from '@shutter/runtime';
import type { PrismaClient } from './db.js';
import { ProfileRepository } from './repositories/profile.repository.js';
import { ProfileService } from './services/profile.service.js';
import { UsersClient } from './services/users-client.js';

export interface ProfilesContext extends BaseContext {
  profiles: ProfileService;
}

export interface ProfilesDeps {
  prisma: PrismaClient;
  cache: VersionedCache;
  cacheTtlSeconds: number;
  usersUrl: string;
  logger: Logger;
}

export function createContextFactory(deps: ProfilesDeps) {
  const repository = new ProfileRepository(deps.prisma, deps.cache, deps.cacheTtlSeconds);
  const usersClient = new UsersClient(deps.usersUrl);
  return (base: BaseContext): ProfilesContext => ({
    ...base,
    profiles: new ProfileService(
      deps.prisma,
      repository,
      repository.createLoader((error) =>
        base.logger.warn({ err: error }, 'profile cache unavailable; reading the database'),
      ),
      usersClient,
      base.viewer,
      base.identityToken,
      base.logger,
    ),
  });
}
