import type { BaseContext } from '@shutter/runtime';
import type { FeedRepository } from './repositories/feed.repository.js';
import type { PostRepository } from './repositories/post.repository.js';
import type { SearchIndex } from './search/search.js';
import type { MediaLimits } from './services/media.js';
import { FeedService, type FeedSettings } from './services/feed.service.js';
import { PostService } from './services/post.service.js';
import type { MediaStorage } from './storage/storage.js';
import type { TimelineStore } from './timelines/timeline-store.js';

export interface Context extends BaseContext {
  posts: PostService;
  feed: FeedService;
}

/** The home feed's parts: its SQL, the timelines and their settings. */
export interface FeedParts {
  repository: FeedRepository;
  timelines: TimelineStore;
  settings: FeedSettings;
}

export function createContextFactory(
  posts: PostRepository,
  storage: MediaStorage,
  search: SearchIndex,
  limits: MediaLimits,
  feed: FeedParts,
  avatarUrl: (id: string) => string,
) {
  return (base: BaseContext): Context => {
    const visible = posts.createVisibleLoader(base.viewer);
    return {
      ...base,
      posts: new PostService(
        posts,
        storage,
        search,
        { visible, media: posts.createMediaLoader(), counts: posts.createCountLoader() },
        base.viewer,
        base.logger,
        limits,
        avatarUrl,
      ),
      // Shares the visible-post loader: posts of a feed page are primed for the Post fields after it.
      feed: new FeedService(feed.repository, feed.timelines, visible, base.viewer, base.logger, feed.settings),
    };
  };
}
