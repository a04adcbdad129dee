import { IDENTITY_HEADER } from '../identity.js';

/** A post the viewer may see, as the posts subgraph answers it. */
export interface PostRef {
  id: string;
  authorId: string;
}

/** What comment and like rules need of the posts subgraph (their specs and medium tests fake it). */
export interface PostDirectory {
  /**
   * For each id, the post if the viewer whose signed identity this is may see it; null for a
   * missing, deleted or hidden one. One call per batch.
   */
  visiblePosts(identityToken: string, ids: readonly string[]): Promise<(PostRef | null)[]>;
}

// The request the gateway itself sends for Post references: posts resolves each with its own
// visibility rules for the viewer, and answers null for what the viewer may not see.
const VISIBLE_POSTS = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Post {
        id
        author {
          id
        }
      }
    }
  }
`;

interface EntitiesResponse {
  data?: { _entities?: ({ id: string; author: { id: string } } | null)[] } | null;
  errors?: { message: string }[];
}

/**
 * Visibility is the posts subgraph's rule. Writes and reads that do not come through a Post (the
 * gateway resolves those in posts first) ask posts here, with the viewer's gateway-signed identity,
 * so posts decides exactly as for the viewer's own `post(id)`.
 */
export class PostsClient implements PostDirectory {
  constructor(private readonly url: string) {}

  async visiblePosts(identityToken: string, ids: readonly string[]): Promise<(PostRef | null)[]> {
    const response = await fetch(this.url, {
      // A hung posts subgraph must not hang the request with it.
      signal: AbortSignal.timeout(5_000),
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identityToken },
      body: JSON.stringify({
        query: VISIBLE_POSTS,
        variables: { representations: ids.map((id) => ({ __typename: 'Post', id })) },
      }),
    });
    const body = (await response.json()) as EntitiesResponse;
    const entities = body.data?._entities;
    if (body.errors?.length || !entities || entities.length !== ids.length) {
      throw new Error(
        `posts subgraph did not answer which posts are visible (HTTP ${response.status}): ${body.errors?.[0]?.message ?? 'no data'}`,
      );
    }
    return entities.map((post) => post && { id: post.id, authorId: post.author.id });
  }
}
