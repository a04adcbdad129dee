import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Link } from 'wouter';
import { Avatar } from '../components/Avatar';
import { LoadMore } from '../components/Paged';
import { PostGrid } from '../components/PostGrid';
import { graphql } from '../generated';
import { useCalls } from '../lib/calls';
import { errorText } from '../lib/errors';
import { usePageTitle } from '../lib/hooks';
import { getSession } from '../lib/session';

const Profile = graphql(`
  query Profile($username: String!, $after: String) {
    user(username: $username) {
      id
      username
      displayName
      bio
      website
      isPrivate
      followerCount
      followingCount
      postCount
      viewerFollows
      viewerFollowRequested
      viewerHasBlocked
      posts(first: 12, after: $after) {
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

const Follow = graphql(`
  mutation Follow($userId: ID!) {
    follow(userId: $userId) {
      id
      followerCount
      viewerFollows
      viewerFollowRequested
    }
  }
`);
const Unfollow = graphql(`
  mutation Unfollow($userId: ID!) {
    unfollow(userId: $userId) {
      id
      followerCount
      viewerFollows
      viewerFollowRequested
    }
  }
`);
const Block = graphql(`
  mutation Block($userId: ID!) {
    block(userId: $userId) {
      id
      followerCount
      viewerFollows
      viewerFollowRequested
      viewerHasBlocked
    }
  }
`);
const Unblock = graphql(`
  mutation Unblock($userId: ID!) {
    unblock(userId: $userId) {
      id
      viewerHasBlocked
    }
  }
`);

const SetPrivate = graphql(`
  mutation SetPrivate($isPrivate: Boolean!) {
    updateProfile(input: { isPrivate: $isPrivate }) {
      id
      isPrivate
    }
  }
`);

export function ProfilePage({ username }: { username: string }) {
  usePageTitle(`@${username}`);
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: Profile, variables: { username, after } });
  const [following, follow] = useMutation(Follow);
  const [unfollowing, unfollow] = useMutation(Unfollow);
  const [blocking, block] = useMutation(Block);
  const [unblocking, unblock] = useMutation(Unblock);
  const [settingPrivacy, setPrivate] = useMutation(SetPrivate);
  const calls = useCalls();
  const [actionError, setActionError] = useState<string | null>(null);
  if (error && !data) return <p className="error">{errorText(error)}</p>;
  if (!data) return <p aria-busy="true">Loading…</p>;
  const user = data.user;
  if (!user) return <p className="empty">No account @{username}.</p>;
  const isMe = user.id === getSession()?.userId;
  const busy = following.fetching || unfollowing.fetching || blocking.fetching || unblocking.fetching;
  const run = async (action: Promise<{ error?: Parameters<typeof errorText>[0] }>) =>
    setActionError(errorText((await action).error));
  return (
    <section aria-labelledby="profile-title">
      <header className="profile">
        <Avatar username={user.username} size={72} />
        <div>
          <h1 id="profile-title">{user.displayName ?? user.username}</h1>
          <p className="muted">
            @{user.username}
            {user.isPrivate && ' · private account'}
          </p>
          <ul className="stats" aria-label="Counts">
            <li>
              <strong>{user.postCount}</strong> posts
            </li>
            <li>
              <strong data-testid="follower-count">{user.followerCount}</strong> followers
            </li>
            <li>
              <strong>{user.followingCount}</strong> following
            </li>
          </ul>
          {user.bio && <p>{user.bio}</p>}
          {user.website && (
            <p>
              <a href={user.website} rel="noopener noreferrer nofollow" target="_blank">
                {user.website}
              </a>
            </p>
          )}
          {isMe ? (
            <div className="actions">
              <button
                type="button"
                className="secondary"
                disabled={settingPrivacy.fetching}
                onClick={() => run(setPrivate({ isPrivate: !user.isPrivate }))}
              >
                {user.isPrivate ? 'Make account public' : 'Make account private'}
              </button>
              {user.isPrivate && <Link href="/requests">Follow requests</Link>}
            </div>
          ) : (
            <div className="actions">
              {!user.viewerHasBlocked &&
                (user.viewerFollows || user.viewerFollowRequested ? (
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy}
                    onClick={() => run(unfollow({ userId: user.id }))}
                  >
                    {user.viewerFollows ? 'Unfollow' : 'Requested · cancel'}
                  </button>
                ) : (
                  <button type="button" disabled={busy} onClick={() => run(follow({ userId: user.id }))}>
                    {user.isPrivate ? 'Ask to follow' : 'Follow'}
                  </button>
                ))}
              {!user.viewerHasBlocked && (
                <button
                  type="button"
                  className="secondary"
                  disabled={calls.busy}
                  onClick={() => calls.startCall({ id: user.id, username: user.username })}
                >
                  Video call
                </button>
              )}
              {user.viewerHasBlocked ? (
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => run(unblock({ userId: user.id }))}
                >
                  Unblock
                </button>
              ) : (
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() => {
                    if (
                      window.confirm(
                        `Block @${user.username}? They will not see your posts, and you will not see theirs.`,
                      )
                    ) {
                      void run(block({ userId: user.id }));
                    }
                  }}
                >
                  Block
                </button>
              )}
            </div>
          )}
          {actionError && (
            <p className="error" role="alert">
              {actionError}
            </p>
          )}
        </div>
      </header>
      <h2 className="sr-only">Posts</h2>
      {user.posts.edges.length === 0 ? (
        <p className="empty">
          {user.isPrivate && !isMe && !user.viewerFollows ? 'This account is private.' : 'No posts yet.'}
        </p>
      ) : (
        <PostGrid posts={user.posts.edges.map((e) => e.node)} />
      )}
      <LoadMore
        hasNextPage={user.posts.pageInfo.hasNextPage}
        fetching={fetching}
        onLoadMore={() => setAfter(user.posts.pageInfo.endCursor ?? null)}
      />
    </section>
  );
}
