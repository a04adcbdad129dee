import { createLoader, type BaseContext, type PostDirectory } from '@shutter/runtime';
import type { LikeRepository } from './repositories/like.repository.js';
import { LikeService } from './services/like.service.js';

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
        posts: createLoader('likes.visiblePosts', (ids: readonly string[]) =>
          posts.visiblePosts(base.identityToken(), ids),
        ),
        likers: likes.createLikerLoaders(base.viewer),
      },
      base.viewer,
    ),
  });
}
