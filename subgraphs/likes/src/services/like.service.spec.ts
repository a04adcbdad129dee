import { describe, expect, it } from '@jest/globals';
import type { Viewer } from '@shutter/runtime';
import { domainError, recordingTx } from '@shutter/testing/unit';
import DataLoader from 'dataloader';
import type { Tx } from '../repositories/db.js';
import type { LikeRepository } from '../repositories/like.repository.js';
import { LikeService } from './like.service.js';
import type { PostRef } from '@shutter/runtime';

const ADA = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const POST = '00000000-0000-4000-8000-0000000000f1';
const HIDDEN_POST = '00000000-0000-4000-8000-0000000000f3';

/** The likes database in memory: the repository's contract, without PostgreSQL. */
class FakeLikes {
  readonly tx = recordingTx();
  readonly likes = new Set<string>();
  readonly deletedPosts = new Set<string>();

  transaction = <R>(work: (tx: Tx) => Promise<R>) => work(this.tx as unknown as Tx);
  lockPost = async (_: Tx, postId: string) => ({ deleted: this.deletedPosts.has(postId) });
  addLike = async (_: Tx, postId: string, userId: string) => {
    const changed = !this.likes.has(`${postId}:${userId}`);
    this.likes.add(`${postId}:${userId}`);
    return { likeCount: this.count(postId), changed, likedAt: changed ? new Date('2026-01-01T00:00:00Z') : null };
  };
  removeLike = async (_: Tx, postId: string, userId: string) => {
    const changed = this.likes.delete(`${postId}:${userId}`);
    return { likeCount: this.count(postId), changed, likedAt: null };
  };
  count = (postId: string) => [...this.likes].filter((key) => key.startsWith(`${postId}:`)).length;
}

const visiblePosts = new Map<string, PostRef>([[POST, { id: POST, authorId: ADA }]]);

function serviceFor(viewer: Partial<Viewer>, likes = new FakeLikes()) {
  const full: Viewer = { userId: null, role: null, requestId: 'spec', ...viewer };
  const asked: string[][] = [];
  const loaders = {
    summaries: new DataLoader(async (ids: readonly string[]) =>
      ids.map((id) => ({ likeCount: likes.count(id), viewerHasLiked: likes.likes.has(`${id}:${full.userId}`) })),
    ),
    posts: new DataLoader(async (ids: readonly string[]) => {
      asked.push([...ids]);
      return ids.map((id) => visiblePosts.get(id) ?? null);
    }),
    likers: () => {
      throw new Error('likers pages are covered by the medium tests');
    },
  };
  return { likes, asked, service: new LikeService(likes as unknown as LikeRepository, loaders, full) };
}

describe(LikeService.name, () => {
  it('refuses an anonymous like with SIGN_IN_REQUIRED', async () => {
    expect((await domainError(serviceFor({}).service.like(POST))).code).toBe('SIGN_IN_REQUIRED');
  });

  it('refuses a malformed post id as INVALID_INPUT on postId without asking posts', async () => {
    const { service, asked } = serviceFor({ userId: BOB, role: 'USER' });
    expect(await domainError(service.unlike('1; DROP TABLE likes'))).toEqual({
      code: 'INVALID_INPUT',
      field: 'postId',
      message: 'postId: must be a valid id',
    });
    expect(asked).toEqual([]);
  });

  it('answers POST_NOT_FOUND for a post the viewer may not see, or one deleted since posts answered', async () => {
    const { service, likes } = serviceFor({ userId: BOB, role: 'USER' });
    expect(await domainError(service.like(HIDDEN_POST))).toMatchObject({ code: 'POST_NOT_FOUND', field: 'postId' });
    likes.deletedPosts.add(POST);
    expect((await domainError(service.like(POST))).code).toBe('POST_NOT_FOUND');
    expect([likes.likes.size, likes.tx.events]).toEqual([0, []]);
  });

  it('likes once and announces it once; liking again changes nothing and is no error', async () => {
    const { service, likes } = serviceFor({ userId: BOB, role: 'USER' });
    expect(await service.like(POST)).toEqual({ __typename: 'Post', id: POST });
    expect(await service.like(POST.toUpperCase())).toEqual({ __typename: 'Post', id: POST });
    expect(likes.count(POST)).toBe(1);
    expect(likes.tx.events).toEqual([
      {
        type: 'PostLiked',
        aggregateId: POST,
        payload: { postId: POST, postAuthorId: ADA, userId: BOB, likedAt: '2026-01-01T00:00:00.000Z' },
      },
    ]);
  });

  it('unlikes once and announces it once; unliking again changes nothing and is no error', async () => {
    const { service, likes } = serviceFor({ userId: BOB, role: 'USER' });
    await service.unlike(POST);
    await service.like(POST);
    await service.unlike(POST);
    await service.unlike(POST);
    expect(likes.count(POST)).toBe(0);
    expect(likes.tx.events.map((e) => e.type)).toEqual(['PostLiked', 'PostUnliked']);
    expect(likes.tx.events[1]!.payload).toEqual({ postId: POST, postAuthorId: ADA, userId: BOB });
  });

  it('shows the change in the same request: the returned Post has the new count and viewerHasLiked', async () => {
    const { service } = serviceFor({ userId: BOB, role: 'USER' });
    // Read first, so a stale answer would be cached in the request's loader.
    expect([await service.likeCount(POST), await service.viewerHasLiked(POST)]).toEqual([0, false]);
    await service.like(POST);
    expect([await service.likeCount(POST), await service.viewerHasLiked(POST)]).toEqual([1, true]);
    await service.unlike(POST);
    expect([await service.likeCount(POST), await service.viewerHasLiked(POST)]).toEqual([0, false]);
  });

  it('answers false and 0 for an anonymous viewer and a malformed reference', async () => {
    const { service } = serviceFor({});
    expect([await service.viewerHasLiked(POST), await service.likeCount('nope')]).toEqual([false, 0]);
  });
});
