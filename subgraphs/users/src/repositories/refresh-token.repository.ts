import type { Prisma, PrismaClient, RefreshToken } from '../db.js';

type Db = PrismaClient | Prisma.TransactionClient;

export class RefreshTokenRepository {
  constructor(private readonly prisma: PrismaClient) {}

  create(
    db: Db,
    data: { familyId: string; userId: string; tokenHash: string; expiresAt: Date },
  ): Promise<RefreshToken> {
    return db.refreshToken.create({ data });
  }

  findByHash(tokenHash: string): Promise<RefreshToken | null> {
    return this.prisma.refreshToken.findUnique({ where: { tokenHash } });
  }

  /**
   * Marks a token used, only if it is still fresh. Returns false when another request used or
   * revoked it first, so two concurrent refreshes with one token cannot both succeed.
   */
  async markUsed(db: Db, id: string, now: Date): Promise<boolean> {
    const { count } = await db.refreshToken.updateMany({
      where: { id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    return count === 1;
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.prisma.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
  }

  async revokeAllForUser(db: Db, userId: string, now: Date): Promise<void> {
    await db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  }
}
