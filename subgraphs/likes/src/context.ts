import type { BaseContext } from '@shutter/runtime';
import DataLoader from 'dataloader';
import type { LikeRepository } from './repositories/like.repository.js';
import { LikeService } from './services/like.service.js';
import type { PostDirectory } from '@shutter/runtime';

export interface Context extends BaseContext {
  likes: LikeService;
}

export function createContextFactory(likes: LikeRepository, posts: PostDirectory) {
  return (base: BaseContext): Context => ({
    ...base,
    likes: new LikeService(
      likes,
      {
        summaries: likes.createSummaryLoader(base.viewer),
        // One call to posts per batch, with the viewer's signed identity: posts decides visibility.
        posts: new DataLoader((ids) => posts.visiblePosts(base.identityToken(), ids)),
        likers: likes.createLikerLoaders(base.viewer),
      },
      base.viewer,
    ),
  });
}
