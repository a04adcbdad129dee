import { idempotentHandler, type EventTransport, type Subscription } from '@shutter/events';
import type { PrismaClient, Tx } from '../db.js';
import type { FollowRepository } from '../repositories/follow.repository.js';

/**
 * The follow rules need to know which accounts exist and which are private; both come from events
 * (UserRegistered, ProfileUpdated), so a follow never waits on another subgraph.
 */
export async function subscribeToAccountEvents(
  transport: EventTransport,
  prisma: PrismaClient,
  graph: FollowRepository,
): Promise<Subscription[]> {
  const handler = idempotentHandler<Tx>(prisma, 'follows.accounts', {
    UserRegistered: (tx, event) => graph.createAccount(tx, event.payload.userId),
    ProfileUpdated: (tx, event) =>
      graph.setPrivacy(tx, event.payload.userId, event.payload.isPrivate, event.payload.version),
  });
  return [await transport.subscribe({ group: 'follows', topics: ['shutter.users', 'shutter.profiles'], handler })];
}
