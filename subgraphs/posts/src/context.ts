import type { BaseContext } from '@shutter/runtime';
import type { PrismaClient } from './db.js';
import { PostRepository } from './repositories/post.repository.js';
import { PostService } from './services/post.service.js';
import type { SearchIndex } from './search/search.js';
import type { MediaStorage } from './storage/storage.js';

export interface PostsContext extends BaseContext {
  posts: PostService;
}

export function createContextFactory(prisma: PrismaClient, storage: MediaStorage, search: SearchIndex) {
  const repository = new PostRepository(prisma);
  return (base: BaseContext): PostsContext => ({
    ...base,
    posts: new PostService(
      prisma,
      repository,
      storage,
      search,
      {
        visible: repository.createVisibleLoader(base.viewer),
        media: repository.createMediaLoader(),
        counts: repository.createCountLoader(),
      },
      base.viewer,
      base.logger,
    ),
  });
}
