import type { Context } from '../../context.js';
import type { AuthPayload } from '../../services/auth.service.js';
import type { MutationResolvers } from '../generated/resolvers-types.js';

/** Whoever this request signed in may see their own email in the payload. */
async function signIn(ctx: Context, pending: Promise<AuthPayload>): Promise<AuthPayload> {
  const payload = await pending;
  ctx.users.signedIn(payload.user);
  return payload;
}

export const Mutation: MutationResolvers = {
  register: (_, { input }, ctx) => signIn(ctx, ctx.auth.register(input)),
  login: (_, { usernameOrEmail, password }, ctx) => signIn(ctx, ctx.auth.login(usernameOrEmail, password)),
  refreshToken: (_, { refreshToken }, ctx) => signIn(ctx, ctx.auth.refresh(refreshToken)),
  logout: (_, { refreshToken }, ctx) => ctx.auth.logout(refreshToken),
  changePassword: (_, { currentPassword, newPassword }, ctx) =>
    ctx.auth.changePassword(ctx.viewer, currentPassword, newPassword),
  changeUsername: (_, { username }, ctx) => ctx.users.changeUsername(username),
  setUserRole: (_, { userId, role }, ctx) => ctx.users.setRole(userId, role),
};
