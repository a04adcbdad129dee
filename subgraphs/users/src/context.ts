import type { BaseContext, Logger } from '@shutter/runtime';
import type { BlockRepository } from './repositories/block.repository.js';
import type { RefreshTokenRepository } from './repositories/refresh-token.repository.js';
import type { UserRepository } from './repositories/user.repository.js';
import { AuthService, type AuthSettings } from './services/auth.service.js';
import type { PasswordHasher } from './services/password.js';
import { UserService } from './services/user.service.js';

export interface Context extends BaseContext {
  users: UserService;
  auth: AuthService;
}

export interface UsersDeps {
  users: UserRepository;
  refreshTokens: RefreshTokenRepository;
  blocks: BlockRepository;
  passwords: PasswordHasher;
  auth: AuthSettings;
}

/** The auth service of one request (or, with the subgraph's logger, of start-up work). */
export const createAuthService = (deps: UsersDeps, logger: Logger) =>
  new AuthService(deps.users, deps.refreshTokens, deps.passwords, deps.auth, logger);

export function createContextFactory(deps: UsersDeps) {
  return (base: BaseContext): Context => ({
    ...base,
    users: new UserService(
      deps.users,
      deps.refreshTokens,
      {
        byId: deps.users.createByIdLoader(),
        byUsername: deps.users.createByUsernameLoader(),
        blocksViewer: base.viewer.userId ? deps.blocks.createBlocksViewerLoader(base.viewer.userId) : null,
      },
      base.viewer,
    ),
    auth: createAuthService(deps, base.logger),
  });
}
