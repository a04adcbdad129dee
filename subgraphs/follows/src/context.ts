import type { BaseContext } from '@shutter/runtime';
import type { FollowRepository } from './repositories/follow.repository.js';
import { FollowService } from './services/follow.service.js';

export interface Context extends BaseContext {
  follows: FollowService;
}

export function createContextFactory(graph: FollowRepository) {
  return (base: BaseContext): Context => {
    const viewerId = base.viewer.userId;
    return {
      ...base,
      follows: new FollowService(
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
