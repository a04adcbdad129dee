import { useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { Avatar } from '../components/Avatar';
import { LoadMore } from '../components/Paged';
import { graphql } from '../generated';
import { useCalls } from '../lib/calls';
import { errorText } from '../lib/errors';
import { timeAgo, usePageTitle } from '../lib/hooks';
import { getSession } from '../lib/session';

const Calls = graphql(`
  query Calls($after: String) {
    calls(first: 20, after: $after) {
      edges {
        node {
          id
          status
          type
          startedAt
          durationSeconds
          caller {
            id
            username
          }
          callee {
            id
            username
          }
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

const STATUS: Record<string, string> = {
  ACTIVE: 'in progress',
  RINGING: 'ringing',
  CANCELLED: 'cancelled',
  DECLINED: 'declined',
  ENDED: 'ended',
  MISSED: 'missed',
};

export function CallsPage() {
  usePageTitle('Calls');
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: Calls, variables: { after } });
  const calls = useCalls();
  const me = getSession()?.userId;
  return (
    <section aria-labelledby="calls-title">
      <h1 id="calls-title">Calls</h1>
      <p className="muted">Call someone from their profile.</p>
      {error && <p className="error">{errorText(error)}</p>}
      {data?.calls.edges.length === 0 && <p className="empty">No calls yet.</p>}
      <ul className="people calls">
        {data?.calls.edges.map(({ node }) => {
          const outgoing = node.caller.id === me;
          const peer = outgoing ? node.callee : node.caller;
          return (
            <li key={node.id} data-call-id={node.id}>
              <Avatar username={peer.username} />
              <span>
                <Link href={`/u/${peer.username}`}>@{peer.username}</Link>{' '}
                <span className="muted">
                  {outgoing ? 'outgoing' : 'incoming'} {node.type.toLowerCase()} call ·{' '}
                  {STATUS[node.status] ?? node.status}
                  {node.durationSeconds !== null &&
                    node.durationSeconds !== undefined &&
                    ` · ${node.durationSeconds} s`}{' '}
                  · <time dateTime={node.startedAt}>{timeAgo(node.startedAt)}</time>
                </span>
              </span>
              <button type="button" className="secondary" disabled={calls.busy} onClick={() => calls.startCall(peer)}>
                Call back
              </button>
            </li>
          );
        })}
      </ul>
      <LoadMore
        hasNextPage={data?.calls.pageInfo.hasNextPage ?? false}
        fetching={fetching}
        onLoadMore={() => setAfter(data?.calls.pageInfo.endCursor ?? null)}
      />
    </section>
  );
}
