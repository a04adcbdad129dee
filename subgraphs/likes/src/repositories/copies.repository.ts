import { PrismaRepository } from '@shutter/runtime';
import type { PrismaClient, Role, Tx } from './db.js';

export type { Tx } from './db.js';

/** A block as the follows subgraph announced it: `blockerId` blocked `blockedId`. */
export interface BlockPair {
  blockerId: string;
  blockedId: string;
}

/**
 * This subgraph's copies of what others own: accounts' roles (users), blocks (follows) and deleted
 * posts (posts). Written only by the event consumer; every write is idempotent and commutes with
 * the writes of other topics.
 */
export class CopiesRepository extends PrismaRepository<PrismaClient> {
  /** Applies a UserRegistered or UserUpdated (one account's events come in order: the last is current). */
  async setRole(tx: Tx, userId: string, role: Role): Promise<void> {
    await tx.account.upsert({ where: { userId }, update: { role }, create: { userId, role } });
  }

  async addBlock(tx: Tx, block: BlockPair): Promise<void> {
    await tx.block.createMany({ data: [block], skipDuplicates: true });
  }

  async removeBlock(tx: Tx, block: BlockPair): Promise<void> {
    await tx.block.deleteMany({ where: block });
  }

  /**
   * Applies a PostDeleted: the post's likes and counter go, and a tombstone stays so that no like is
   * added to it afterwards. Takes the post's counter lock first, like every like and unlike (see
   * LikeRepository.lockPost): a like that found the post visible before the deletion either commits
   * first (and is deleted here) or sees the tombstone.
   */
  async deletePost(tx: Tx, postId: string): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO post_like_counts (post_id) VALUES (${postId}::uuid)
      ON CONFLICT (post_id) DO UPDATE SET like_count = post_like_counts.like_count`;
    await tx.deletedPost.createMany({ data: [{ postId }], skipDuplicates: true });
    await tx.like.deleteMany({ where: { postId } });
    await tx.postLikeCount.deleteMany({ where: { postId } });
  }
}
