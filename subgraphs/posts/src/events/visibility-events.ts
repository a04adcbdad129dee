import { idempotentHandler, type EventTransport, type Subscription } from '@shutter/events';
import type { PrismaClient, Tx } from '../db.js';

/**
 * Visibility is decided here, from local copies of what other subgraphs own: accounts and their
 * privacy (users, profiles), the follow graph and blocks (follows). Events keep the copies current,
 * so reading a post never waits on another subgraph. Handlers commute: they may see events of
 * different topics in any order.
 */
export function subscribeToVisibilityEvents(transport: EventTransport, prisma: PrismaClient): Promise<Subscription> {
  return transport.subscribe({
    group: 'posts',
    topics: ['shutter.users', 'shutter.profiles', 'shutter.follows'],
    handler: idempotentHandler<Tx>(prisma, 'posts.visibility', {
      UserRegistered: async (tx, { payload }) => {
        await tx.account.createMany({
          data: [{ userId: payload.userId, username: payload.username }],
          skipDuplicates: true,
        });
      },
      UserUpdated: async (tx, { payload }) => {
        await tx.account.upsert({
          where: { userId: payload.userId },
          update: { username: payload.username },
          create: { userId: payload.userId, username: payload.username },
        });
      },
      ProfileUpdated: async (tx, { payload }) => {
        await tx.$executeRaw`
          INSERT INTO accounts (user_id, username, display_name, is_private, profile_version)
          VALUES (${payload.userId}::uuid, ${payload.username}, ${payload.displayName}, ${payload.isPrivate}, ${payload.version})
          ON CONFLICT (user_id) DO UPDATE SET display_name = EXCLUDED.display_name, is_private = EXCLUDED.is_private,
                                              profile_version = EXCLUDED.profile_version
          WHERE accounts.profile_version < EXCLUDED.profile_version`;
      },
      FollowCreated: async (tx, { payload }) => {
        await tx.follow.createMany({ data: [payload], skipDuplicates: true });
      },
      FollowRemoved: async (tx, { payload }) => {
        await tx.follow.deleteMany({ where: payload });
      },
      UserBlocked: async (tx, { payload }) => {
        await tx.block.createMany({ data: [payload], skipDuplicates: true });
      },
      UserUnblocked: async (tx, { payload }) => {
        await tx.block.deleteMany({ where: payload });
      },
    }),
  });
}
