import { IDENTITY_HEADER, signIdentity } from '@shutter/runtime';
import { call } from './graphql.js';
import { pick, randomFrom, type Random } from './random.js';

/**
 * What the load generator sends: each request is built when it is sent, for a random signed-in
 * user with random variables, from a generator seeded per window (both sides of a comparison get
 * the same sequence).
 */

const FEED_PAGE = /* GraphQL */ `
  edges {
    node {
      id
      caption
      createdAt
      media { url width height contentType }
      author { id username displayName avatarUrl followerCount viewerFollows }
    }
  }
  pageInfo { endCursor hasNextPage }
`;

/** The feed figure: a hashtag page of 20 posts with media and author. */
export const HASHTAG_PAGE = /* GraphQL */ `
  query HashtagPage($tag: String!, $after: String) {
    hashtag(tag: $tag, first: 20, after: $after) { ${FEED_PAGE} }
  }
`;

/** The home feed: the first 20 posts of the viewer and the accounts they follow (issue 12). */
export const HOME_FEED_PAGE = /* GraphQL */ `
  query HomeFeed($after: String) {
    feed(first: 20, after: $after) { ${FEED_PAGE} }
  }
`;

/** A profile: the header and the first 20 posts. */
export const PROFILE_PAGE = /* GraphQL */ `
  query ProfilePage($username: String!) {
    user(username: $username) {
      id
      username
      displayName
      bio
      avatarUrl
      followerCount
      followingCount
      postCount
      viewerFollows
      posts(first: 20) { ${FEED_PAGE} }
    }
  }
`;

export const ME = /* GraphQL */ `
  query Me {
    me {
      id
      username
    }
  }
`;

const ME_WITH_COUNTS = /* GraphQL */ `
  query MeWithCounts {
    me {
      id
      username
      displayName
      avatarUrl
      followerCount
      followingCount
    }
  }
`;
const USER_CARD = /* GraphQL */ `
  query UserCard($username: String!) {
    user(username: $username) {
      id
      username
      displayName
      bio
      avatarUrl
      isPrivate
      followerCount
      followingCount
      viewerFollows
    }
  }
`;
const FOLLOWERS = /* GraphQL */ `
  query Followers($username: String!) {
    user(username: $username) {
      id
      followers(first: 20) {
        edges {
          node {
            id
            username
            displayName
            avatarUrl
            viewerFollows
          }
        }
        pageInfo {
          endCursor
          hasNextPage
        }
      }
    }
  }
`;
const POST = /* GraphQL */ `
  query Post($id: ID!) {
    post(id: $id) {
      id
      caption
      createdAt
      hashtags
      media {
        url
        width
        height
        contentType
      }
      author {
        id
        username
        displayName
        avatarUrl
        followerCount
        viewerFollows
      }
    }
  }
`;
const SEARCH = /* GraphQL */ `
  query Search($query: String!) {
    search(query: $query, first: 10) {
      users {
        id
        username
        displayName
      }
      posts {
        edges {
          node {
            id
            caption
            author {
              id
              username
            }
          }
        }
      }
    }
  }
`;
const FOLLOW = /* GraphQL */ `
  mutation Follow($userId: ID!) {
    follow(userId: $userId) {
      id
      followerCount
      viewerFollows
    }
  }
`;
const UNFOLLOW = /* GraphQL */ `
  mutation Unfollow($userId: ID!) {
    unfollow(userId: $userId) {
      id
      followerCount
      viewerFollows
    }
  }
`;

export interface BenchUser {
  id: string;
  username: string;
  accessToken: string;
}

export interface FeedPage {
  tag: string;
  after: string | null;
}

/** What the workloads draw from: the seeded users (logged in) and pages known to be full. */
export interface WorkloadData {
  users: BenchUser[];
  /** Hashtag pages of 20 posts (first pages of the bigger tags). */
  feedPages: FeedPage[];
  /** Users with at least one post. */
  authors: string[];
  postIds: string[];
  searchTerms: string[];
  /** Per user index, the indexes they follow in the seed (the mixed load's follows avoid them). */
  following: Set<number>[];
}

export interface Outgoing {
  body: string;
  headers: Record<string, string>;
}

/** State of one request, from building it to its response (autocannon's request context). */
export type ConnectionState = Record<string, unknown>;

export interface Workload {
  name: string;
  next(state: ConnectionState): Outgoing;
  /** Every successful response, on the connection that sent the request. */
  onResponse?(state: ConnectionState): void;
  /** Undoes what the load changed, so every window sees the same network. */
  finish?(url: string): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const asViewer = (user: BenchUser) => ({ ...JSON_HEADERS, authorization: `Bearer ${user.accessToken}` });
const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

export function feedWorkload(data: WorkloadData, seed: number): Workload {
  const random = randomFrom(seed);
  return {
    name: 'feed',
    next: () => {
      const page = pick(random, data.feedPages);
      return {
        body: body(HASHTAG_PAGE, { tag: page.tag, after: page.after }),
        headers: asViewer(pick(random, data.users)),
      };
    },
  };
}

/** Each seeded user's home feed, first page (their timeline: in memory under npm start, Redis when set). */
export function homeFeedWorkload(data: WorkloadData, seed: number): Workload {
  const random = randomFrom(seed);
  const request = body(HOME_FEED_PAGE);
  return { name: 'home feed', next: () => ({ body: request, headers: asViewer(pick(random, data.users)) }) };
}

export function profileWorkload(data: WorkloadData, seed: number): Workload {
  const random = randomFrom(seed);
  return {
    name: 'profile',
    next: () => ({
      body: body(PROFILE_PAGE, { username: pick(random, data.authors) }),
      headers: asViewer(pick(random, data.users)),
    }),
  };
}

export function meWorkload(data: WorkloadData, seed: number): Workload {
  const random = randomFrom(seed);
  const request = body(ME);
  return { name: 'me', next: () => ({ body: request, headers: asViewer(pick(random, data.users)) }) };
}

/**
 * `me` straight to the users subgraph, carrying what the gateway would send: the viewer's
 * identity signed with the shared secret (a fresh one per request, as the gateway signs per request).
 */
export function directMeWorkload(data: WorkloadData, seed: number, identitySecret: string): Workload {
  const random = randomFrom(seed);
  const request = body(ME);
  let sequence = 0;
  return {
    name: 'me direct',
    next: () => {
      sequence += 1;
      const user = pick(random, data.users);
      const identity = signIdentity({ userId: user.id, role: 'USER', requestId: `bench-${sequence}` }, identitySecret);
      return { body: request, headers: { ...JSON_HEADERS, [IDENTITY_HEADER]: identity } };
    },
  };
}

type Pair = readonly [viewer: number, target: number];
const pairKey = ([viewer, target]: Pair) => `${viewer}:${target}`;

/**
 * Many users doing different things: feeds with random tags and cursors, profiles, user cards,
 * follower lists, single posts, search, their own account, and now and then a follow that is
 * undone by the next request sent after it succeeded.
 */
export function mixedWorkload(data: WorkloadData, seed: number): Workload {
  const random = randomFrom(seed);
  const users = data.users;
  // Follows this window made and has not undone yet (undone at the end if still there).
  const outstanding = new Map<string, Pair>();
  // Confirmed follows waiting for their unfollow. (autocannon resets a connection's context after
  // every request when there is only one request template, so this cannot live per connection.)
  const toUndo: Pair[] = [];
  const choosePair = (): Pair | null => {
    for (let tries = 0; tries < 20; tries += 1) {
      const viewer = Math.floor(random() * users.length);
      const target = Math.floor(random() * users.length);
      const pair = [viewer, target] as const;
      if (viewer !== target && !data.following[viewer]?.has(target) && !outstanding.has(pairKey(pair))) return pair;
    }
    return null;
  };
  const reads: [weight: number, make: (random: Random) => Outgoing][] = [
    [30, (r) => ({ body: body(HASHTAG_PAGE, { ...pick(r, data.feedPages) }), headers: asViewer(pick(r, users)) })],
    [18, (r) => ({ body: body(PROFILE_PAGE, { username: pick(r, data.authors) }), headers: asViewer(pick(r, users)) })],
    [15, (r) => ({ body: body(USER_CARD, { username: pick(r, users).username }), headers: asViewer(pick(r, users)) })],
    [10, (r) => ({ body: body(ME_WITH_COUNTS), headers: asViewer(pick(r, users)) })],
    [10, (r) => ({ body: body(FOLLOWERS, { username: pick(r, users).username }), headers: asViewer(pick(r, users)) })],
    [8, (r) => ({ body: body(POST, { id: pick(r, data.postIds) }), headers: asViewer(pick(r, users)) })],
    [5, (r) => ({ body: body(SEARCH, { query: pick(r, data.searchTerms) }), headers: asViewer(pick(r, users)) })],
  ];
  const FOLLOW_WEIGHT = 4;
  const total = reads.reduce((sum, [weight]) => sum + weight, FOLLOW_WEIGHT);
  return {
    name: 'mixed',
    next: (state) => {
      const undo = toUndo.shift();
      if (undo) {
        state.sent = { kind: 'unfollow', pair: undo };
        return { body: body(UNFOLLOW, { userId: users[undo[1]]!.id }), headers: asViewer(users[undo[0]]!) };
      }
      let roll = random() * total;
      for (const [weight, make] of reads) {
        roll -= weight;
        if (roll < 0) return make(random);
      }
      const pair = choosePair();
      if (!pair) return reads[0]![1](random);
      outstanding.set(pairKey(pair), pair);
      state.sent = { kind: 'follow', pair };
      return { body: body(FOLLOW, { userId: users[pair[1]]!.id }), headers: asViewer(users[pair[0]]!) };
    },
    onResponse: (state) => {
      const sent = state.sent as { kind: 'follow' | 'unfollow'; pair: Pair } | undefined;
      if (sent?.kind === 'follow') toUndo.push(sent.pair);
      if (sent?.kind === 'unfollow') outstanding.delete(pairKey(sent.pair));
    },
    finish: async (url) => {
      for (const pair of outstanding.values()) {
        await call(url, UNFOLLOW, { userId: users[pair[1]]!.id }, { token: users[pair[0]]!.accessToken });
      }
      outstanding.clear();
      toUndo.length = 0;
    },
  };
}
