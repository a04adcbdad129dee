import type { BaseContext } from '@shutter/runtime';
import type { PostRepository } from './repositories/post.repository.js';
import type { SearchIndex } from './search/search.js';
import type { MediaLimits } from './services/media.js';
import { PostService } from './services/post.service.js';
import type { MediaStorage } from './storage/storage.js';

export interface Context extends BaseContext {
  posts: PostService;
}

export function createContextFactory(
  posts: PostRepository,
  storage: MediaStorage,
  search: SearchIndex,
  limits: MediaLimits,
) {
  return (base: BaseContext): Context => ({
    ...base,
    posts: new PostService(
      posts,
      storage,
      search,
      {
        visible: posts.createVisibleLoader(base.viewer),
        media: posts.createMediaLoader(),
        counts: posts.createCountLoader(),
      },
      base.viewer,
      base.logger,
      limits,
    ),
  });
}
