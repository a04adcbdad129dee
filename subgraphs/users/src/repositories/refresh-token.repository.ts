import { PrismaRepository } from '@shutter/runtime';
import type { PrismaClient, RefreshToken, Tx } from './db.js';

export type { RefreshToken } from './db.js';

/** Storage of refresh tokens (by their SHA-256 only) and the login families they descend from. */
export class RefreshTokenRepository extends PrismaRepository<PrismaClient> {
  /** Stores a token in `tx`, or on its own when `tx` is null (a login writes nothing else). */
  create(
    tx: Tx | null,
    data: { familyId: string; userId: string; tokenHash: string; expiresAt: Date },
  ): Promise<RefreshToken> {
    return (tx ?? this.prisma).refreshToken.create({ data });
  }

  findByHash(tokenHash: string): Promise<RefreshToken | null> {
    return this.prisma.refreshToken.findUnique({ where: { tokenHash } });
  }

  /**
   * Marks a token used, only if it is still fresh. Returns false when another request used or
   * revoked it first, so two concurrent refreshes with one token cannot both succeed.
   */
  async markUsed(tx: Tx, id: string, now: Date): Promise<boolean> {
    const { count } = await tx.refreshToken.updateMany({
      where: { id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    return count === 1;
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.prisma.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
  }

  async revokeAllForUser(tx: Tx, userId: string, now: Date): Promise<void> {
    await tx.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  }
}
