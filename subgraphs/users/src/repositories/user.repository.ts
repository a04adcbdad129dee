import { createKeyLoader } from '@shutter/runtime';
import { Prisma, type PrismaClient, type Role, type User } from '../db.js';

/** Prisma's code for a unique-constraint violation. */
const UNIQUE_VIOLATION = 'P2002';

export class UniqueViolation extends Error {
  override readonly name = 'UniqueViolation';
}

type Db = PrismaClient | Prisma.TransactionClient;

export class UserRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Request-scoped: one query for all the ids asked for in the same tick. */
  createByIdLoader() {
    return createKeyLoader<string, User>(
      (ids) => this.prisma.user.findMany({ where: { id: { in: [...ids] } } }),
      (user) => user.id,
    );
  }

  findByUsername(username: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { username } });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { email } });
  }

  async findTaken(email: string, username: string): Promise<{ email: boolean; username: boolean }> {
    const rows = await this.prisma.user.findMany({
      where: { OR: [{ email }, { username }] },
      select: { email: true, username: true },
    });
    return { email: rows.some((r) => r.email === email), username: rows.some((r) => r.username === username) };
  }

  async create(db: Db, data: { email: string; username: string; passwordHash: string; role?: Role }): Promise<User> {
    try {
      return await db.user.create({ data });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION) {
        throw new UniqueViolation(error.message);
      }
      throw error;
    }
  }

  async updateUsername(db: Db, id: string, username: string): Promise<User> {
    try {
      return await db.user.update({ where: { id }, data: { username } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION) {
        throw new UniqueViolation(error.message);
      }
      throw error;
    }
  }

  updateRole(db: Db, id: string, role: Role): Promise<User> {
    return db.user.update({ where: { id }, data: { role } });
  }

  updatePasswordHash(db: Db, id: string, passwordHash: string): Promise<User> {
    return db.user.update({ where: { id }, data: { passwordHash } });
  }
}
