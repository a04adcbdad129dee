import { createLoader, type BaseContext, type PostDirectory } from '@shutter/runtime';
import type { CommentRepository } from './repositories/comment.repository.js';
import { CommentService } from './services/comment.service.js';

export interface Context extends BaseContext {
  comments: CommentService;
}

export function createContextFactory(comments: CommentRepository, posts: PostDirectory) {
  return (base: BaseContext): Context => ({
    ...base,
    comments: new CommentService(
      comments,
      {
        shown: comments.createShownLoader(base.viewer),
        counts: comments.createCountLoader(),
        // One call to posts per batch, with the viewer's signed identity: posts decides visibility.
        posts: createLoader('comments.visiblePosts', (ids: readonly string[]) =>
          posts.visiblePosts(base.identityToken(), ids),
        ),
        pages: comments.createPageLoaders(base.viewer),
      },
      base.viewer,
    ),
  });
}
