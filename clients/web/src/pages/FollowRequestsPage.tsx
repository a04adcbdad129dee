import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Link } from 'wouter';
import { Avatar } from '../components/Avatar';
import { LoadMore } from '../components/Paged';
import { graphql } from '../generated';
import { errorText } from '../lib/errors';
import { usePageTitle } from '../lib/hooks';

const FollowRequests = graphql(`
  query FollowRequests($after: String) {
    followRequests(first: 20, after: $after) {
      edges {
        node {
          id
          username
          displayName
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);
const Approve = graphql(`
  mutation ApproveFollowRequest($userId: ID!) {
    approveFollowRequest(userId: $userId) {
      id
    }
  }
`);
const Reject = graphql(`
  mutation RejectFollowRequest($userId: ID!) {
    rejectFollowRequest(userId: $userId) {
      id
    }
  }
`);

export function FollowRequestsPage() {
  usePageTitle('Follow requests');
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: FollowRequests, variables: { after } });
  const [approving, approve] = useMutation(Approve);
  const [rejecting, reject] = useMutation(Reject);
  const actionError = errorText(approving.error ?? rejecting.error);
  return (
    <section aria-labelledby="requests-title">
      <h1 id="requests-title">Follow requests</h1>
      {(error || actionError) && <p className="error">{errorText(error) ?? actionError}</p>}
      {data?.followRequests.edges.length === 0 && <p className="empty">No pending requests.</p>}
      <ul className="people">
        {data?.followRequests.edges.map(({ node: user }) => (
          <li key={user.id}>
            <Avatar username={user.username} />
            <Link href={`/u/${user.username}`}>{user.displayName ?? user.username}</Link>
            <button type="button" disabled={approving.fetching} onClick={() => approve({ userId: user.id })}>
              Approve
            </button>
            <button
              type="button"
              className="secondary"
              disabled={rejecting.fetching}
              onClick={() => reject({ userId: user.id })}
            >
              Decline
            </button>
          </li>
        ))}
      </ul>
      <LoadMore
        hasNextPage={data?.followRequests.pageInfo.hasNextPage ?? false}
        fetching={fetching}
        onLoadMore={() => setAfter(data?.followRequests.pageInfo.endCursor ?? null)}
      />
    </section>
  );
}
