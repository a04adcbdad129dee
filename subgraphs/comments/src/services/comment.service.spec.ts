import { describe, expect, it } from '@jest/globals';
import type { Role, Viewer } from '@shutter/runtime';
import { domainError, recordingTx } from '@shutter/testing/unit';
import DataLoader from 'dataloader';
import type { CommentRepository, CommentRow, NewComment } from '../repositories/comment.repository.js';
import type { Tx } from '../repositories/db.js';
import { CommentService } from './comment.service.js';
import type { PostRef } from '@shutter/runtime';

const ADA = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const CY = '00000000-0000-4000-8000-00000000000c';
const MOD = '00000000-0000-4000-8000-00000000000d';
const POST = '00000000-0000-4000-8000-0000000000f1';
const OTHER_POST = '00000000-0000-4000-8000-0000000000f2';
const HIDDEN_POST = '00000000-0000-4000-8000-0000000000f3';

/** The comments database in memory: the repository's contract, without PostgreSQL. */
class FakeComments {
  readonly tx = recordingTx();
  readonly rows = new Map<string, CommentRow>();
  readonly postCounts = new Map<string, number>();
  readonly deletedPosts = new Set<string>();
  readonly accounts = new Map<string, { username: string; role: Role }>();
  private sequence = 0;

  transaction = <R>(work: (tx: Tx) => Promise<R>) => work(this.tx as unknown as Tx);
  lockPost = async (_: Tx, postId: string) => ({ deleted: this.deletedPosts.has(postId) });
  exists = async (_: Tx, id: string) => this.rows.has(id);
  find = async (id: string) => this.rows.get(id) ?? null;
  insert = async (_: Tx, comment: NewComment): Promise<CommentRow> => {
    this.sequence += 1;
    const row: CommentRow = {
      ...comment,
      id: `00000000-0000-7000-8000-${String(this.sequence).padStart(12, '0')}`,
      replyCount: 0,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, this.sequence)),
      editedAt: null,
    };
    this.rows.set(row.id, row);
    return row;
  };
  adjustPostCount = async (_: Tx, postId: string, delta: number) =>
    void this.postCounts.set(postId, (this.postCounts.get(postId) ?? 0) + delta);
  adjustReplyCount = async (_: Tx, threadId: string, delta: number) => {
    const row = this.rows.get(threadId)!;
    this.rows.set(threadId, { ...row, replyCount: row.replyCount + delta });
  };
  deleteThread = async (_: Tx, id: string) => {
    const removed = [...this.rows.values()].filter((row) => row.id === id || row.parentId === id);
    for (const row of removed) this.rows.delete(row.id);
    return removed.map(({ id, postId, authorId, parentId }) => ({ id, postId, authorId, parentId }));
  };
  updateBody = async (id: string, body: string, mentionIds: string[]) => {
    const row = this.rows.get(id);
    if (!row) return null;
    const updated = { ...row, body, mentionIds, editedAt: new Date() };
    this.rows.set(id, updated);
    return updated;
  };
  findAccountIdsByUsername = async (names: string[]) =>
    [...this.accounts].filter(([, a]) => names.includes(a.username)).map(([userId, a]) => ({ userId, ...a }));
  isStaff = async (userId: string) => ['MODERATOR', 'ADMIN'].includes(this.accounts.get(userId)?.role ?? '');

  /** A comment written as a request would have (counters moved), without going through the service. */
  async seed(comment: NewComment): Promise<CommentRow> {
    const row = await this.insert(null as unknown as Tx, comment);
    await this.adjustPostCount(null as unknown as Tx, comment.postId, 1);
    if (comment.parentId) await this.adjustReplyCount(null as unknown as Tx, comment.parentId, 1);
    return row;
  }
}

/** What the posts subgraph answers: POST and OTHER_POST are visible (by ADA and CY); HIDDEN_POST is not. */
const visiblePosts = new Map<string, PostRef>([
  [POST, { id: POST, authorId: ADA }],
  [OTHER_POST, { id: OTHER_POST, authorId: CY }],
]);

function serviceFor(viewer: Partial<Viewer>, comments = new FakeComments()) {
  const full: Viewer = { userId: null, role: null, requestId: 'spec', ...viewer };
  const asked: string[][] = [];
  const loaders = {
    shown: new DataLoader(async (ids: readonly string[]) => ids.map((id) => comments.rows.get(id) ?? null)),
    counts: new DataLoader(async (ids: readonly string[]) => ids.map((id) => comments.postCounts.get(id) ?? 0)),
    posts: new DataLoader(async (ids: readonly string[]) => {
      asked.push([...ids]);
      return ids.map((id) => visiblePosts.get(id) ?? null);
    }),
    pages: () => {
      throw new Error('pages are covered by the medium tests');
    },
  };
  const service = new CommentService(comments as unknown as CommentRepository, loaders, full);
  return { comments, service, asked };
}

const as = (userId: string, role: Role = 'USER') => ({ userId, role });

describe(CommentService.name, () => {
  it('refuses an anonymous comment with SIGN_IN_REQUIRED', async () => {
    const { service } = serviceFor({});
    expect((await domainError(service.add(POST, 'hi', null))).code).toBe('SIGN_IN_REQUIRED');
  });

  it.each<[string, [string, string, string | null], string, string]>([
    ['a malformed post id', ['not-an-id', 'hi', null], 'postId', 'postId: must be a valid id'],
    ['a malformed parent id', [POST, 'hi', 'nope'], 'parentId', 'parentId: must be a valid id'],
    ['an empty body', [POST, '', null], 'body', 'body: must not be empty'],
    ['a whitespace-only body', [POST, ' \n\t ', null], 'body', 'body: must not be empty'],
    ['a body over 2200 characters', [POST, 'c'.repeat(2201), null], 'body', 'body: must be at most 2200 characters'],
  ])(
    'refuses %s as INVALID_INPUT on its argument, asking nobody and writing nothing',
    async (_, args, field, message) => {
      const { service, comments, asked } = serviceFor(as(BOB));
      expect(await domainError(service.add(...args))).toEqual({ code: 'INVALID_INPUT', field, message });
      expect([comments.rows.size, comments.tx.events, asked]).toEqual([0, [], []]);
    },
  );

  it('counts the body in characters, not UTF-16 units, and stores it trimmed', async () => {
    const { service } = serviceFor(as(BOB));
    const emoji = '📷'.repeat(2200);
    expect((await service.add(POST, `  ${emoji}\n`, null)).body).toBe(emoji);
  });

  it('answers POST_NOT_FOUND for a post the viewer may not see, writing nothing', async () => {
    const { service, comments } = serviceFor(as(BOB));
    expect(await domainError(service.add(HIDDEN_POST, 'hi', null))).toMatchObject({
      code: 'POST_NOT_FOUND',
      field: 'postId',
    });
    expect([comments.rows.size, comments.postCounts.size, comments.tx.events]).toEqual([0, 0, []]);
  });

  it('answers POST_NOT_FOUND when the post was deleted after posts said it was visible', async () => {
    const { service, comments } = serviceFor(as(BOB));
    comments.deletedPosts.add(POST);
    expect((await domainError(service.add(POST, 'hi', null))).code).toBe('POST_NOT_FOUND');
    expect([comments.rows.size, comments.tx.events]).toEqual([0, []]);
  });

  it('adds a comment with the @mentions of existing accounts, counts it and announces it once', async () => {
    const { service, comments } = serviceFor(as(BOB));
    comments.accounts.set(CY, { username: 'cyril', role: 'USER' });
    const row = await service.add(POST.toUpperCase(), '  nice one @Cyril and @nobody_here, @cyril  ', null);
    expect(row).toMatchObject({
      postId: POST,
      authorId: BOB,
      parentId: null,
      body: 'nice one @Cyril and @nobody_here, @cyril',
    });
    expect(row.mentionIds).toEqual([CY]);
    expect(comments.postCounts.get(POST)).toBe(1);
    expect(comments.tx.events).toEqual([
      {
        type: 'CommentCreated',
        aggregateId: POST,
        payload: {
          commentId: row.id,
          postId: POST,
          postAuthorId: ADA,
          authorId: BOB,
          parentId: null,
          body: row.body,
          mentionIds: [CY],
          createdAt: row.createdAt.toISOString(),
        },
      },
    ]);
  });

  it('attaches a reply to a reply to the top-level comment of its thread', async () => {
    const { service, comments } = serviceFor(as(BOB));
    const top = await comments.seed({ postId: POST, authorId: ADA, parentId: null, body: 'top', mentionIds: [] });
    const reply = await service.add(POST, 'first reply', top.id);
    const replyToReply = await service.add(POST, 'second reply', reply.id);
    expect([reply.parentId, replyToReply.parentId]).toEqual([top.id, top.id]);
    expect(comments.rows.get(top.id)!.replyCount).toBe(2);
    expect(comments.postCounts.get(POST)).toBe(3);
  });

  it('refuses a reply to a comment of another post, and to an unknown comment, writing nothing', async () => {
    const { service, comments } = serviceFor(as(BOB));
    const elsewhere = await comments.seed({
      postId: OTHER_POST,
      authorId: CY,
      parentId: null,
      body: 'x',
      mentionIds: [],
    });
    const before = comments.rows.size;
    expect(await domainError(service.add(POST, 'hi', elsewhere.id))).toEqual({
      code: 'PARENT_ON_OTHER_POST',
      field: 'parentId',
      message: 'parentId: must be a comment of the same post',
    });
    expect(await domainError(service.add(POST, 'hi', '00000000-0000-4000-8000-000000000999'))).toMatchObject({
      code: 'COMMENT_NOT_FOUND',
      field: 'parentId',
    });
    expect([comments.rows.size, comments.tx.events]).toEqual([before, []]);
  });

  it('lets only the author edit a comment, and marks it edited', async () => {
    const comments = new FakeComments();
    const row = await comments.seed({ postId: POST, authorId: BOB, parentId: null, body: 'frist', mentionIds: [] });
    expect((await domainError(serviceFor(as(ADA), comments).service.edit(row.id, 'x'))).code).toBe(
      'NOT_COMMENT_AUTHOR',
    );
    expect((await domainError(serviceFor(as(MOD, 'ADMIN'), comments).service.edit(row.id, 'x'))).code).toBe(
      'NOT_COMMENT_AUTHOR',
    );
    const edited = await serviceFor(as(BOB), comments).service.edit(row.id.toUpperCase(), ' first ');
    expect(edited).toMatchObject({ id: row.id, body: 'first' });
    expect(edited.editedAt).toBeInstanceOf(Date);
  });

  it('refuses to edit or delete a comment whose post the viewer may not see, as if it did not exist', async () => {
    const comments = new FakeComments();
    const row = await comments.seed({ postId: HIDDEN_POST, authorId: BOB, parentId: null, body: 'x', mentionIds: [] });
    const { service } = serviceFor(as(BOB), comments);
    expect((await domainError(service.edit(row.id, 'y'))).code).toBe('COMMENT_NOT_FOUND');
    expect((await domainError(service.delete(row.id))).code).toBe('COMMENT_NOT_FOUND');
    expect(await service.get(row.id)).toBeNull();
    expect(comments.rows.size).toBe(1);
  });

  it.each([
    ["the comment's author", BOB, 'USER'],
    ["the post's author", ADA, 'USER'],
    ['a moderator (by the role the account has now)', MOD, 'USER'],
  ] as const)('lets %s delete a comment', async (_, userId, tokenRole) => {
    const comments = new FakeComments();
    comments.accounts.set(MOD, { username: 'mod', role: 'MODERATOR' });
    const row = await comments.seed({ postId: POST, authorId: BOB, parentId: null, body: 'x', mentionIds: [] });
    expect(await serviceFor(as(userId, tokenRole), comments).service.delete(row.id)).toBe(row.id);
    expect([comments.rows.size, comments.postCounts.get(POST)]).toEqual([0, 0]);
  });

  it('refuses anyone else with NOT_ALLOWED_TO_DELETE, whatever role their token claims', async () => {
    const comments = new FakeComments();
    comments.accounts.set(CY, { username: 'cy', role: 'USER' });
    const row = await comments.seed({ postId: POST, authorId: BOB, parentId: null, body: 'x', mentionIds: [] });
    expect((await domainError(serviceFor(as(CY, 'ADMIN'), comments).service.delete(row.id))).code).toBe(
      'NOT_ALLOWED_TO_DELETE',
    );
    expect([comments.rows.size, comments.tx.events]).toEqual([1, []]);
  });

  it('deletes a top-level comment with its replies, fixing the counts and announcing each deletion', async () => {
    const { service, comments } = serviceFor(as(ADA));
    const top = await comments.seed({ postId: POST, authorId: BOB, parentId: null, body: 'top', mentionIds: [] });
    const kept = await comments.seed({ postId: POST, authorId: BOB, parentId: null, body: 'kept', mentionIds: [] });
    const replies = [
      await comments.seed({ postId: POST, authorId: CY, parentId: top.id, body: 'r1', mentionIds: [] }),
      await comments.seed({ postId: POST, authorId: BOB, parentId: top.id, body: 'r2', mentionIds: [] }),
    ];
    const reply = await comments.seed({ postId: POST, authorId: CY, parentId: kept.id, body: 'r3', mentionIds: [] });

    await service.delete(reply.id);
    expect([comments.rows.get(kept.id)!.replyCount, comments.postCounts.get(POST)]).toEqual([0, 4]);
    await service.delete(top.id);
    expect([[...comments.rows.keys()], comments.postCounts.get(POST)]).toEqual([[kept.id], 1]);
    expect(comments.tx.events.map((e) => [e.type, (e.payload as { commentId: string }).commentId])).toEqual([
      ['CommentDeleted', reply.id],
      ['CommentDeleted', top.id],
      ['CommentDeleted', replies[0]!.id],
      ['CommentDeleted', replies[1]!.id],
    ]);
    expect(comments.tx.events[1]!.payload).toEqual({
      commentId: top.id,
      postId: POST,
      authorId: BOB,
      parentId: null,
      deletedBy: ADA,
    });
    expect((await domainError(service.delete(top.id))).code).toBe('COMMENT_NOT_FOUND');
  });

  it('answers a comment by id only when its post is visible, and a malformed id with null without asking', async () => {
    const comments = new FakeComments();
    const shown = await comments.seed({ postId: POST, authorId: BOB, parentId: null, body: 'x', mentionIds: [] });
    const hidden = await comments.seed({
      postId: HIDDEN_POST,
      authorId: BOB,
      parentId: null,
      body: 'y',
      mentionIds: [],
    });
    const { service, asked } = serviceFor({}, comments);
    expect(await Promise.all([service.get(shown.id), service.get(hidden.id), service.get('garbage')])).toEqual([
      shown,
      null,
      null,
    ]);
    // One question to posts for the batch.
    expect(asked).toEqual([[POST, HIDDEN_POST]]);
  });
});
