import type { BaseContext } from '@shutter/runtime';
import type { FollowRepository } from './repositories/follow.repository.js';
import { FollowService } from './services/follow.service.js';

export interface Context extends BaseContext {
  follows: FollowService;
}

export function createContextFactory(graph: FollowRepository) {
  return (base: BaseContext): Context => {
    const viewerId = base.viewer.userId;
    const loaders = viewerId
      ? graph.createViewerLoaders(viewerId)
      : { accounts: graph.createAccountLoader(), follows: null, requested: null, blocks: null };
    return { ...base, follows: new FollowService(graph, loaders, base.viewer) };
  };
}
