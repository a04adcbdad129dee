import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Link } from 'wouter';
import { Avatar } from '../components/Avatar';
import { LoadMore } from '../components/Paged';
import { graphql } from '../generated';
import type { NotificationsQuery } from '../generated/graphql';
import { errorText } from '../lib/errors';
import { timeAgo, usePageTitle } from '../lib/hooks';

const Notifications = graphql(`
  query Notifications($after: String) {
    notifications(first: 20, after: $after) {
      edges {
        node {
          id
          kind
          read
          createdAt
          actor {
            id
            username
            displayName
          }
          post {
            id
          }
          comment {
            id
            body
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

const MarkRead = graphql(`
  mutation MarkNotificationsRead($upTo: ID) {
    markNotificationsRead(upTo: $upTo)
  }
`);

type Item = NotificationsQuery['notifications']['edges'][number]['node'];

function describe(item: Item): string {
  switch (item.kind) {
    case 'like':
      return 'liked your post';
    case 'comment':
      return `commented: ${item.comment?.body ?? ''}`;
    case 'reply':
      return `replied: ${item.comment?.body ?? ''}`;
    case 'mention':
      return item.comment ? `mentioned you: ${item.comment.body}` : 'mentioned you in a post';
    case 'follow':
      return 'started following you';
    case 'follow_request':
      return 'asks to follow you';
    case 'follow_approved':
      return 'approved your follow request';
    case 'missed_call':
      return 'called you';
    default:
      return item.kind;
  }
}

export function NotificationsPage() {
  usePageTitle('Notifications');
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: Notifications, variables: { after } });
  const [, markRead] = useMutation(MarkRead);
  const newest = data?.notifications.edges[0]?.node;
  // What the page shows is read: up to the newest one seen (a later one stays unread).
  useEffect(() => {
    if (newest && !newest.read) void markRead({ upTo: newest.id });
  }, [newest, markRead]);
  return (
    <section aria-labelledby="notifications-title">
      <h1 id="notifications-title">Notifications</h1>
      {error && <p className="error">{errorText(error)}</p>}
      {data?.notifications.edges.length === 0 && <p className="empty">Nothing yet.</p>}
      <ul className="notifications">
        {data?.notifications.edges.map(({ node }) => (
          <li key={node.id} className={node.read ? 'notification' : 'notification unread'}>
            <Avatar username={node.actor.username} />
            <p>
              <Link href={`/u/${node.actor.username}`} className="author">
                {node.actor.displayName ?? node.actor.username}
              </Link>{' '}
              {node.post ? <Link href={`/p/${node.post.id}`}>{describe(node)}</Link> : describe(node)}{' '}
              {node.kind === 'follow_request' && <Link href="/requests">Review</Link>}{' '}
              <time className="muted" dateTime={node.createdAt}>
                {timeAgo(node.createdAt)}
              </time>
              {!node.read && <span className="sr-only"> (new)</span>}
            </p>
          </li>
        ))}
      </ul>
      <LoadMore
        hasNextPage={data?.notifications.pageInfo.hasNextPage ?? false}
        fetching={fetching}
        onLoadMore={() => setAfter(data?.notifications.pageInfo.endCursor ?? null)}
      />
    </section>
  );
}
