import { recordEvent } from '@shutter/events';
import {
  badInput,
  CREATED_AT_ID,
  DomainError,
  emptyConnection,
  isStaff,
  isUuid,
  parsePage,
  requireViewer,
  toConnection,
  type Connection,
  type PageArgs,
  type Viewer,
} from '@shutter/runtime';
import { FollowError } from '../errors.js';
import type { Account, Tx } from '../repositories/db.js';
import type { Direction, FollowRepository, GraphRow, Loader } from '../repositories/follow.repository.js';

type UserRef = { __typename: 'User'; id: string };
const ref = (id: string): UserRef => ({ __typename: 'User', id });

/** Batched reads of a request; the relation loaders are null for an anonymous viewer. */
export interface FollowLoaders {
  accounts: Loader<Account | null>;
  follows: Loader<boolean> | null;
  requested: Loader<boolean> | null;
  blocks: Loader<{ viewer: boolean; them: boolean }> | null;
}

/** The follow rules: who may follow whom, requests for private accounts, blocks, visibility. */
export class FollowService {
  constructor(
    private readonly graph: FollowRepository,
    private readonly loaders: FollowLoaders,
    private readonly viewer: Viewer,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  async counts(userId: string): Promise<{ followerCount: number; followingCount: number }> {
    const account = await this.loaders.accounts.load(userId);
    return { followerCount: account?.followerCount ?? 0, followingCount: account?.followingCount ?? 0 };
  }

  viewerFollows(userId: string): Promise<boolean> {
    return this.loaders.follows?.load(userId) ?? Promise.resolve(false);
  }

  viewerRequested(userId: string): Promise<boolean> {
    return this.loaders.requested?.load(userId) ?? Promise.resolve(false);
  }

  async viewerHasBlocked(userId: string): Promise<boolean> {
    return (await this.loaders.blocks?.load(userId))?.viewer ?? false;
  }

  /** followers/following: hidden (empty) across a block, and for a private account from non-followers. */
  async list(direction: 'followers' | 'following', userId: string, args: PageArgs): Promise<Connection<UserRef>> {
    const page = parsePage(args, CREATED_AT_ID);
    if (!(await this.canSeeGraphOf(userId))) return emptyConnection();
    return this.pageOf(direction, userId, page);
  }

  async requests(args: PageArgs): Promise<Connection<UserRef>> {
    const viewerId = requireViewer(this.viewer);
    return this.pageOf('requests', viewerId, parsePage(args, CREATED_AT_ID));
  }

  private async pageOf(direction: Direction, userId: string, page: ReturnType<typeof parsePage>) {
    const rows = await this.graph.page(
      direction,
      userId,
      this.viewer.userId,
      page.first + 1,
      page.after as [string, string] | null,
    );
    return toConnection(
      rows,
      page.first,
      (row: GraphRow) => [row.created_at.toISOString(), row.id],
      (row) => ref(row.id),
    );
  }

  private async canSeeGraphOf(userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    const viewerId = this.viewer.userId;
    if (viewerId === userId) return true;
    if (viewerId) {
      const block = await this.loaders.blocks!.load(userId);
      if (block.viewer || block.them) return false;
    }
    // The viewer's own account comes in the same batch: its role (this subgraph's copy of the
    // current one, not the role the access token claimed when issued) says whether they are staff.
    const [account, viewerAccount] = await Promise.all([
      this.loaders.accounts.load(userId),
      viewerId ? this.loaders.accounts.load(viewerId) : null,
    ]);
    if (!account?.isPrivate) return true;
    if (viewerAccount && isStaff(viewerAccount)) return true;
    return viewerId ? this.viewerFollows(userId) : false;
  }

  // ---- writes ------------------------------------------------------------------------------

  async follow(rawTargetId: string): Promise<UserRef> {
    const { viewerId, targetId } = this.pair(rawTargetId, 'follow');
    await this.inPairTransaction(viewerId, targetId, async (tx, accounts) => {
      if (await this.graph.isBlockedEitherWay(tx, viewerId, targetId))
        throw new DomainError(FollowError.BLOCKED, 'You cannot follow this user.');
      if (await this.graph.isFollowing(tx, viewerId, targetId)) return;
      if (accounts.get(targetId)!.isPrivate) {
        if (await this.graph.addRequest(tx, viewerId, targetId)) {
          await recordEvent(tx, 'FollowRequested', targetId, { requesterId: viewerId, targetId });
        }
        return;
      }
      if (await this.graph.addFollow(tx, viewerId, targetId)) {
        await recordEvent(tx, 'FollowCreated', targetId, { followerId: viewerId, followeeId: targetId });
      }
    });
    return ref(targetId);
  }

  async unfollow(rawTargetId: string): Promise<UserRef> {
    const { viewerId, targetId } = this.pair(rawTargetId, 'unfollow');
    await this.inPairTransaction(viewerId, targetId, async (tx) => {
      if (await this.graph.removeFollow(tx, viewerId, targetId)) {
        await recordEvent(tx, 'FollowRemoved', targetId, { followerId: viewerId, followeeId: targetId });
      }
      await this.graph.removeRequest(tx, viewerId, targetId);
    });
    return ref(targetId);
  }

  async approve(rawRequesterId: string): Promise<UserRef> {
    const { viewerId, targetId: requesterId } = this.pair(rawRequesterId, 'approve a request from');
    await this.inPairTransaction(viewerId, requesterId, async (tx) => {
      if (!(await this.graph.removeRequest(tx, requesterId, viewerId))) {
        throw new DomainError(FollowError.NO_PENDING_REQUEST, 'No pending follow request from this user.');
      }
      if (await this.graph.addFollow(tx, requesterId, viewerId)) {
        await recordEvent(tx, 'FollowCreated', viewerId, {
          followerId: requesterId,
          followeeId: viewerId,
          viaRequest: true,
        });
      }
    });
    return ref(requesterId);
  }

  async reject(rawRequesterId: string): Promise<UserRef> {
    const { viewerId, targetId: requesterId } = this.pair(rawRequesterId, 'reject a request from');
    await this.inPairTransaction(viewerId, requesterId, async (tx) => {
      if (!(await this.graph.removeRequest(tx, requesterId, viewerId))) {
        throw new DomainError(FollowError.NO_PENDING_REQUEST, 'No pending follow request from this user.');
      }
    });
    return ref(requesterId);
  }

  async block(rawTargetId: string): Promise<UserRef> {
    const { viewerId, targetId } = this.pair(rawTargetId, 'block');
    await this.inPairTransaction(viewerId, targetId, async (tx) => {
      if (!(await this.graph.addBlock(tx, viewerId, targetId))) return;
      for (const [followerId, followeeId] of [
        [viewerId, targetId],
        [targetId, viewerId],
      ] as const) {
        if (await this.graph.removeFollow(tx, followerId, followeeId)) {
          await recordEvent(tx, 'FollowRemoved', followeeId, { followerId, followeeId });
        }
        await this.graph.removeRequest(tx, followerId, followeeId);
      }
      await recordEvent(tx, 'UserBlocked', targetId, { blockerId: viewerId, blockedId: targetId });
    });
    return ref(targetId);
  }

  async unblock(rawTargetId: string): Promise<UserRef> {
    const { viewerId, targetId } = this.pair(rawTargetId, 'unblock');
    await this.inPairTransaction(viewerId, targetId, async (tx) => {
      if (await this.graph.removeBlock(tx, viewerId, targetId)) {
        await recordEvent(tx, 'UserUnblocked', targetId, { blockerId: viewerId, blockedId: targetId });
      }
    });
    return ref(targetId);
  }

  private pair(rawTargetId: string, verb: string): { viewerId: string; targetId: string } {
    const viewerId = requireViewer(this.viewer);
    if (!isUuid(rawTargetId)) throw badInput('userId', 'userId: must be a valid id');
    const targetId = rawTargetId.toLowerCase();
    if (targetId === viewerId) throw badInput('userId', `userId: you cannot ${verb} yourself`);
    return { viewerId, targetId };
  }

  /** Runs `work` holding both accounts' locks; an unknown target is NOT_FOUND. */
  private async inPairTransaction(
    viewerId: string,
    targetId: string,
    work: (tx: Tx, accounts: Map<string, { isPrivate: boolean }>) => Promise<void>,
  ): Promise<void> {
    await this.graph.transaction(async (tx) => {
      await this.graph.ensureAccount(tx, viewerId);
      const accounts = await this.graph.lockPair(tx, viewerId, targetId);
      if (!accounts.has(targetId)) throw new DomainError(FollowError.USER_NOT_FOUND, 'No user with this id.');
      await work(tx, accounts);
    });
  }
}
