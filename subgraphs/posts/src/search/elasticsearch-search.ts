import { Client, errors } from '@elastic/elasticsearch';
import type { Viewer } from '@shutter/runtime';
import type { PageAfter } from '../repositories/post.repository.js';
import type { SearchRepository } from '../repositories/search.repository.js';
import { asUsername, withoutHashes, type PostHit, type SearchIndex } from './search.js';

export interface PostDocument {
  postId: string;
  authorId: string;
  caption: string | null;
  hashtags: string[];
  createdAt: string;
}

export interface UserDocument {
  userId: string;
  username: string;
  displayName?: string | null;
}

/**
 * Search in Elasticsearch: an index of posts (caption text, hashtags) and one of users (username
 * prefix, display name), fed by the search consumer from events and rebuilt by `npm run reindex`.
 * It only proposes candidates; the posts subgraph filters them by visibility and blocks.
 */
export class ElasticsearchSearch implements SearchIndex {
  readonly kind = 'elasticsearch' as const;
  readonly client: Client;
  readonly postsIndex: string;
  readonly usersIndex: string;

  constructor(
    { url, indexPrefix }: { url: string; indexPrefix: string },
    private readonly repository: SearchRepository,
    /** Releases what the caller opened for this index alone (a database client), after the ES client. */
    private readonly release: () => Promise<void> = async () => {},
  ) {
    this.client = new Client({ node: url, requestTimeout: 5_000 });
    this.postsIndex = `${indexPrefix}-posts`;
    this.usersIndex = `${indexPrefix}-users`;
  }

  async ensureIndices(): Promise<void> {
    await this.createIfMissing(this.postsIndex, {
      postId: { type: 'keyword' },
      authorId: { type: 'keyword' },
      caption: { type: 'text' },
      hashtags: { type: 'keyword' },
      createdAt: { type: 'date' },
    });
    await this.createIfMissing(this.usersIndex, {
      userId: { type: 'keyword' },
      username: { type: 'keyword' },
      displayName: { type: 'text' },
    });
  }

  /** Throws unless the cluster answers (readiness). */
  async checkReady(): Promise<void> {
    if (!(await this.client.ping())) throw new Error('Elasticsearch did not answer the ping');
  }

  async users(query: string, viewer: Viewer, limit: number): Promise<string[]> {
    const q = asUsername(query);
    const result = await this.client.search<UserDocument>({
      index: this.usersIndex,
      size: limit * 2,
      query: {
        bool: {
          should: [
            { term: { username: { value: q, boost: 3 } } },
            { prefix: { username: { value: q } } },
            { match: { displayName: { query, operator: 'and' } } },
          ],
          minimum_should_match: 1,
        },
      },
    });
    const ids = result.hits.hits.map((hit) => hit._source!.userId);
    if (!viewer.userId || ids.length === 0) return ids.slice(0, limit);
    // Blocks live in this subgraph's database, not in the index.
    const hidden = await this.repository.blockedAmong(viewer.userId, ids);
    return ids.filter((id) => !hidden.has(id)).slice(0, limit);
  }

  async posts(query: string, _viewer: Viewer, limit: number, after: PageAfter): Promise<PostHit[]> {
    const tags = [...query.matchAll(/[\p{L}\p{N}_]+/gu)].map((m) => m[0].toLowerCase());
    const result = await this.client.search<PostDocument>({
      index: this.postsIndex,
      size: limit,
      query: {
        bool: {
          should: [
            { match: { caption: { query: withoutHashes(query), operator: 'and' } } },
            { terms: { hashtags: tags } },
          ],
          minimum_should_match: 1,
        },
      },
      sort: [{ createdAt: 'desc' }, { postId: 'desc' }],
      ...(after ? { search_after: [new Date(after[0]).getTime(), after[1]] } : {}),
    });
    return result.hits.hits.map((hit) => ({ id: hit._source!.postId, createdAt: new Date(hit._source!.createdAt) }));
  }

  async indexPost(doc: PostDocument): Promise<void> {
    await this.client.index({ index: this.postsIndex, id: doc.postId, document: doc, refresh: 'wait_for' });
  }

  /** When an indexed post was created (an update keeps the post's place in time). */
  async createdAt(postId: string): Promise<string | null> {
    try {
      const doc = await this.client.get<PostDocument>({ index: this.postsIndex, id: postId });
      return doc._source?.createdAt ?? null;
    } catch {
      return null;
    }
  }

  async deletePost(postId: string): Promise<void> {
    try {
      await this.client.delete({ index: this.postsIndex, id: postId, refresh: 'wait_for' });
    } catch (error) {
      if (!(error instanceof errors.ResponseError && error.statusCode === 404)) throw error;
    }
  }

  async indexUser(doc: UserDocument): Promise<void> {
    await this.client.update({
      index: this.usersIndex,
      id: doc.userId,
      doc,
      doc_as_upsert: true,
      refresh: 'wait_for',
      retry_on_conflict: 3,
    });
  }

  /** Rebuilds both indices from the database (npm run reindex). */
  async reindex(): Promise<{ posts: number; users: number }> {
    await this.client.indices.delete({ index: [this.postsIndex, this.usersIndex], ignore_unavailable: true });
    await this.ensureIndices();
    const accounts = await this.repository.allAccounts();
    const posts = await this.repository.allPosts();
    const operations = [
      ...accounts.flatMap((a) => [
        { index: { _index: this.usersIndex, _id: a.userId } },
        { userId: a.userId, username: a.username, displayName: a.displayName } satisfies UserDocument,
      ]),
      ...posts.flatMap((p) => [
        { index: { _index: this.postsIndex, _id: p.id } },
        {
          postId: p.id,
          authorId: p.authorId,
          caption: p.caption,
          hashtags: p.hashtags,
          createdAt: p.createdAt.toISOString(),
        } satisfies PostDocument,
      ]),
    ];
    if (operations.length > 0) {
      const result = await this.client.bulk({ operations, refresh: 'wait_for' });
      if (result.errors) throw new Error('some documents could not be indexed');
    }
    return { posts: posts.length, users: accounts.length };
  }

  async close(): Promise<void> {
    try {
      await this.client.close();
    } finally {
      await this.release();
    }
  }

  private async createIfMissing(index: string, properties: Record<string, { type: string }>): Promise<void> {
    if (await this.client.indices.exists({ index })) return;
    try {
      await this.client.indices.create({ index, mappings: { properties } as never });
    } catch (error) {
      // Another replica created it first.
      if (!(error instanceof errors.ResponseError && error.body?.error?.type === 'resource_already_exists_exception'))
        throw error;
    }
  }
}
