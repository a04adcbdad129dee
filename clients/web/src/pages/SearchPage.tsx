import { type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Link, useLocation, useSearch } from 'wouter';
import { Avatar } from '../components/Avatar';
import { PostGrid } from '../components/PostGrid';
import { graphql } from '../generated';
import { errorText } from '../lib/errors';
import { usePageTitle } from '../lib/hooks';

const Search = graphql(`
  query Search($query: String!) {
    search(query: $query, first: 24) {
      users {
        id
        username
        displayName
        followerCount
      }
      posts {
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
  }
`);

export function SearchPage() {
  usePageTitle('Search');
  const query = new URLSearchParams(useSearch()).get('q')?.trim() ?? '';
  const [, navigate] = useLocation();
  const [{ data, error }] = useQuery({ query: Search, variables: { query }, pause: !query });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    navigate(q ? `/search?q=${encodeURIComponent(q)}` : '/search');
  };
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">Search</h1>
      <form role="search" onSubmit={submit} className="inline-form">
        <label htmlFor="search-q" className="sr-only">
          People, captions or #hashtags
        </label>
        <input id="search-q" name="q" type="search" defaultValue={query} placeholder="People, captions or #hashtags" />
        <button type="submit">Search</button>
      </form>
      {error && <p className="error">{errorText(error)}</p>}
      {data && (
        <>
          <h2>People</h2>
          {data.search.users.length === 0 ? (
            <p className="muted">No one found.</p>
          ) : (
            <ul className="people">
              {data.search.users.map((user) => (
                <li key={user.id}>
                  <Avatar username={user.username} />
                  <Link href={`/u/${user.username}`}>{user.displayName ?? user.username}</Link>
                  <span className="muted">
                    @{user.username} · {user.followerCount} followers
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h2>Posts</h2>
          {data.search.posts.edges.length === 0 && <p className="muted">No posts found.</p>}
          <PostGrid posts={data.search.posts.edges.map((e) => e.node)} />
          {data.search.posts.pageInfo.hasNextPage && (
            <p className="muted">
              Showing the newest {data.search.posts.edges.length}; narrow the search to see others.
            </p>
          )}
        </>
      )}
    </section>
  );
}
