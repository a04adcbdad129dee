import { isEvent } from '@shutter/events';
import type { ConsumerDeclaration } from '@shutter/subgraph-kit';
import type { ElasticsearchSearch } from '../search/elasticsearch-search.js';

/**
 * Keeps the Elasticsearch indices in step with posts and accounts. Index and delete by id are
 * idempotent, and one aggregate's events arrive in order, so redelivery needs no bookkeeping.
 */
export function searchIndexer(search: ElasticsearchSearch): ConsumerDeclaration {
  return {
    group: 'posts-search',
    topics: ['shutter.posts', 'shutter.users', 'shutter.profiles'],
    handler: async (event) => {
      if (isEvent(event, 'PostCreated')) {
        const { postId, authorId, caption, hashtags, createdAt } = event.payload;
        await search.indexPost({ postId, authorId, caption, hashtags, createdAt });
      } else if (isEvent(event, 'PostUpdated')) {
        const { postId, authorId, caption, hashtags, updatedAt } = event.payload;
        await search.indexPost({
          postId,
          authorId,
          caption,
          hashtags,
          createdAt: (await search.createdAt(postId)) ?? updatedAt,
        });
      } else if (isEvent(event, 'PostDeleted')) {
        await search.deletePost(event.payload.postId);
      } else if (isEvent(event, 'UserRegistered') || isEvent(event, 'UserUpdated')) {
        await search.indexUser({ userId: event.payload.userId, username: event.payload.username });
      } else if (isEvent(event, 'ProfileUpdated')) {
        const { userId, username, displayName } = event.payload;
        await search.indexUser({ userId, username, displayName });
      }
    },
  };
}
