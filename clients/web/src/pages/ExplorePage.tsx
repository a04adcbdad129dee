import { useState } from 'react';
import { useQuery } from 'urql';
import { LoadMore } from '../components/Paged';
import { PostGrid } from '../components/PostGrid';
import { graphql } from '../generated';
import { errorText } from '../lib/errors';
import { usePageTitle } from '../lib/hooks';

const Explore = graphql(`
  query Explore($after: String) {
    explore(first: 24, after: $after) {
      edges {
        node {
          ...PostGridFields
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

const Hashtag = graphql(`
  query Hashtag($tag: String!, $after: String) {
    hashtag(tag: $tag, first: 24, after: $after) {
      edges {
        node {
          ...PostGridFields
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export function ExplorePage() {
  usePageTitle('Explore');
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: Explore, variables: { after } });
  return (
    <section aria-labelledby="explore-title">
      <h1 id="explore-title">Explore</h1>
      {error && <p className="error">{errorText(error)}</p>}
      <PostGrid posts={data?.explore.edges.map((e) => e.node) ?? []} />
      {data?.explore.edges.length === 0 && <p className="empty">Nothing to explore yet.</p>}
      <LoadMore
        hasNextPage={data?.explore.pageInfo.hasNextPage ?? false}
        fetching={fetching}
        onLoadMore={() => setAfter(data?.explore.pageInfo.endCursor ?? null)}
      />
    </section>
  );
}

export function HashtagPage({ tag }: { tag: string }) {
  usePageTitle(`#${tag}`);
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: Hashtag, variables: { tag, after } });
  return (
    <section aria-labelledby="tag-title">
      <h1 id="tag-title">#{tag}</h1>
      {error && <p className="error">{errorText(error)}</p>}
      <PostGrid posts={data?.hashtag.edges.map((e) => e.node) ?? []} />
      {data?.hashtag.edges.length === 0 && <p className="empty">No posts with #{tag} yet.</p>}
      <LoadMore
        hasNextPage={data?.hashtag.pageInfo.hasNextPage ?? false}
        fetching={fetching}
        onLoadMore={() => setAfter(data?.hashtag.pageInfo.endCursor ?? null)}
      />
    </section>
  );
}
