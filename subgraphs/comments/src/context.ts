import type { BaseContext } from '@shutter/runtime';
import DataLoader from 'dataloader';
import type { CommentRepository } from './repositories/comment.repository.js';
import { CommentService } from './services/comment.service.js';
import type { PostDirectory } from '@shutter/runtime';

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
        posts: new DataLoader((ids) => posts.visiblePosts(base.identityToken(), ids)),
        pages: comments.createPageLoaders(base.viewer),
      },
      base.viewer,
    ),
  });
}
