import type { BaseContext } from '@shutter/runtime';
import type { PrismaClient } from './db.js';
import { FollowRepository } from './repositories/follow.repository.js';
import { FollowService } from './services/follow.service.js';

export interface FollowsContext extends BaseContext {
  follows: FollowService;
}

export function createContextFactory(prisma: PrismaClient) {
  const graph = new FollowRepository(prisma);
  return (base: BaseContext): FollowsContext => {
    const viewerId = base.viewer.userId;
    return {
      ...base,
      follows: new FollowService(
        prisma,
        graph,
        {
          accounts: graph.createAccountLoader(),
          follows: viewerId ? graph.createFollowsLoader(viewerId) : null,
          requested: viewerId ? graph.createRequestedLoader(viewerId) : null,
          blocks: viewerId ? graph.createBlockLoader(viewerId) : null,
        },
        base.viewer,
      ),
    };
  };
}
