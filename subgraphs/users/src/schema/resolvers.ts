import { DateTimeScalar, type GraphQLResolverMap } from '@shutter/runtime';
import type { Role, User } from '../db.js';
import type { UsersContext } from '../context.js';
import type { AuthPayload } from '../services/auth.service.js';

async function signIn(ctx: UsersContext, pending: Promise<AuthPayload>): Promise<AuthPayload> {
  const payload = await pending;
  ctx.users.signedIn(payload.user);
  return payload;
}

// Thin by design: parse arguments, call one service, shape the answer.
export const resolvers: GraphQLResolverMap<UsersContext> = {
  DateTime: DateTimeScalar,
  Query: {
    me: (_: unknown, __: unknown, ctx: UsersContext) => ctx.users.me(),
    user: (_: unknown, args: { id?: string | null; username?: string | null }, ctx: UsersContext) =>
      ctx.users.lookup(args),
  },
  Mutation: {
    register: (_: unknown, { input }: { input: unknown }, ctx: UsersContext) => signIn(ctx, ctx.auth.register(input)),
    login: (_: unknown, args: { usernameOrEmail: string; password: string }, ctx: UsersContext) =>
      signIn(ctx, ctx.auth.login(args.usernameOrEmail, args.password)),
    refreshToken: (_: unknown, args: { refreshToken: string }, ctx: UsersContext) =>
      signIn(ctx, ctx.auth.refresh(args.refreshToken)),
    logout: (_: unknown, args: { refreshToken: string }, ctx: UsersContext) => ctx.auth.logout(args.refreshToken),
    changePassword: async (_: unknown, args: { currentPassword: string; newPassword: string }, ctx: UsersContext) =>
      ctx.auth.changePassword(ctx.viewer, await ctx.users.me(), args.currentPassword, args.newPassword),
    changeUsername: (_: unknown, args: { username: string }, ctx: UsersContext) =>
      ctx.users.changeUsername(args.username),
    setUserRole: (_: unknown, args: { userId: string; role: Role }, ctx: UsersContext) =>
      ctx.users.setRole(args.userId, args.role),
  },
  User: {
    __resolveReference: (ref: { id: string }, ctx: UsersContext) => ctx.users.getById(ref.id),
    email: (user: User, _: unknown, ctx: UsersContext) => ctx.users.emailVisibleTo(user),
  },
};
