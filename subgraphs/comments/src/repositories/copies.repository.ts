import { PrismaRepository } from '@shutter/runtime';
import type { PrismaClient, Role, Tx } from './db.js';

export type { Tx } from './db.js';

/** A block as the follows subgraph announced it: `blockerId` blocked `blockedId`. */
export interface BlockPair {
  blockerId: string;
  blockedId: string;
}

/**
 * This subgraph's copies of what others own: accounts with their usernames and roles (users),
 * blocks (follows) and deleted posts (posts). Written only by the event consumer; every write is
 * idempotent and commutes with the writes of other topics.
 */
export class CopiesRepository extends PrismaRepository<PrismaClient> {
  /**
   * Applies a UserRegistered or UserUpdated. One account's events come in order (one partition per
   * account), so the last applied is the current username and role.
   */
  async setAccount(tx: Tx, userId: string, username: string, role: Role): Promise<void> {
    await tx.account.upsert({ where: { userId }, update: { username, role }, create: { userId, username, role } });
  }

  async addBlock(tx: Tx, block: BlockPair): Promise<void> {
    await tx.block.createMany({ data: [block], skipDuplicates: true });
  }

  async removeBlock(tx: Tx, block: BlockPair): Promise<void> {
    await tx.block.deleteMany({ where: block });
  }

  /**
   * Applies a PostDeleted: the post's comments and counter go, and a tombstone stays so that no
   * comment is added to it afterwards. Takes the post's counter lock first, like every comment
   * write (see CommentRepository.lockPost): a write that found the post visible before the deletion
   * either commits first (and its comment is deleted here) or sees the tombstone.
   */
  async deletePost(tx: Tx, postId: string): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO post_comment_counts (post_id) VALUES (${postId}::uuid)
      ON CONFLICT (post_id) DO UPDATE SET comment_count = post_comment_counts.comment_count`;
    await tx.deletedPost.createMany({ data: [{ postId }], skipDuplicates: true });
    await tx.comment.deleteMany({ where: { postId } });
    await tx.postCommentCount.deleteMany({ where: { postId } });
  }
}
