import type { BaseContext, Logger } from '@shutter/runtime';
import type { PrismaClient } from './db.js';
import { RefreshTokenRepository } from './repositories/refresh-token.repository.js';
import { UserRepository } from './repositories/user.repository.js';
import { AuthService, type AuthSettings } from './services/auth.service.js';
import { UserService } from './services/user.service.js';

export interface UsersContext extends BaseContext {
  users: UserService;
  auth: AuthService;
}

export interface UsersDeps {
  prisma: PrismaClient;
  auth: AuthSettings;
  logger: Logger;
}

export function createContextFactory(deps: UsersDeps) {
  const userRepository = new UserRepository(deps.prisma);
  const refreshTokenRepository = new RefreshTokenRepository(deps.prisma);
  return (base: BaseContext): UsersContext => ({
    ...base,
    users: new UserService(deps.prisma, userRepository, userRepository.createByIdLoader(), base.viewer),
    auth: new AuthService(deps.prisma, userRepository, refreshTokenRepository, deps.auth, base.logger),
  });
}
