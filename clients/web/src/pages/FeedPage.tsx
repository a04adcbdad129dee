import { useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { Link } from 'wouter';
import { PostCard } from '../components/PostCard';
import { LoadMore } from '../components/Paged';
import { graphql } from '../generated';
import { errorText } from '../lib/errors';
import { usePageTitle } from '../lib/hooks';

const Feed = graphql(`
  query Feed($after: String) {
    feed(first: 10, after: $after) {
      edges {
        node {
          ...PostCardFields
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

const FeedPostAdded = graphql(`
  subscription FeedPostAdded {
    feedPostAdded {
      ...PostCardFields
    }
  }
`);

/** A pushed post, read back from the cache the push wrote it to: later changes (likes) show too. */
const CachedPost = graphql(`
  query CachedPost($id: ID!) {
    post(id: $id) {
      ...PostCardFields
    }
  }
`);

function ArrivedPost({ id }: { id: string }) {
  const [{ data }] = useQuery({ query: CachedPost, variables: { id }, requestPolicy: 'cache-first' });
  return data?.post ? <PostCard post={data.post} /> : null;
}

export function FeedPage() {
  usePageTitle('Home');
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: Feed, variables: { after } });
  // Posts that arrive while the feed is open go on top, newest first.
  const [{ data: arrived }] = useSubscription({ query: FeedPostAdded }, (previous: string[] = [], pushed) => [
    pushed.feedPostAdded.id,
    ...previous.filter((id) => id !== pushed.feedPostAdded.id),
  ]);
  const paged = data?.feed.edges.map((edge) => edge.node) ?? [];
  const pagedIds = new Set(paged.map((post) => post.id));
  const fresh = (arrived ?? []).filter((id) => !pagedIds.has(id));
  return (
    <section aria-labelledby="feed-title">
      <h1 id="feed-title">Home</h1>
      <p className="sr-only" aria-live="polite">
        {arrived && arrived.length > 0 ? `${arrived.length} new ${arrived.length === 1 ? 'post' : 'posts'}` : ''}
      </p>
      {error && <p className="error">{errorText(error)}</p>}
      {data && paged.length === 0 && fresh.length === 0 && (
        <div className="empty">
          <p>Your feed is empty.</p>
          <p>
            <Link href="/new">Share a picture</Link> or find people to follow in <Link href="/explore">Explore</Link>.
          </p>
        </div>
      )}
      <div className="posts">
        {fresh.map((id) => (
          <ArrivedPost key={id} id={id} />
        ))}
        {paged.map((post) => (
          <PostCard key={post.id} post={post} />
        ))}
      </div>
      <LoadMore
        hasNextPage={data?.feed.pageInfo.hasNextPage ?? false}
        fetching={fetching}
        onLoadMore={() => setAfter(data?.feed.pageInfo.endCursor ?? null)}
      />
    </section>
  );
}
