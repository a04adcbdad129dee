import { createKeyLoader, isUuid, PrismaRepository } from '@shutter/runtime';
import { Prisma, type PrismaClient, type Role, type Tx, type User } from './db.js';

export type { Role, Tx, User } from './db.js';

/** A users row as Prisma's `User` (readRows gives the columns as the SQL names them). */
const USER_COLUMNS = Prisma.sql`
  SELECT id, username, email, password_hash AS "passwordHash", role, created_at AS "createdAt", updated_at AS "updatedAt"
    FROM users`;

/** Prisma's code for a unique-constraint violation. */
const UNIQUE_VIOLATION = 'P2002';

/** An email or username that another account took first (the unique indexes decide races). */
export class UniqueViolation extends Error {
  override readonly name = 'UniqueViolation';
}

async function unique<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION) {
      throw new UniqueViolation(error.message);
    }
    throw error;
  }
}

/** Storage of accounts. Writes run inside a transaction the service opens, beside their events. */
export class UserRepository extends PrismaRepository<PrismaClient> {
  /** Request-scoped: one query for all the ids asked for in the same tick. */
  createByIdLoader() {
    return createKeyLoader<string, User>(
      'users.byId',
      // Every entity reference to a user comes here: straight on the pool, one prepared statement.
      (ids) =>
        this.readRows<User>(Prisma.sql`${USER_COLUMNS} WHERE id = ANY(${ids.filter(isUuid)}::uuid[])`, {
          prepared: true,
        }),
      (user) => user.id,
    );
  }

  /** Request-scoped, by username as stored (lower-case): one query for the usernames asked for in the same tick. */
  createByUsernameLoader() {
    return createKeyLoader<string, User>(
      'users.byUsername',
      (usernames) =>
        this.readRows<User>(Prisma.sql`${USER_COLUMNS} WHERE username = ANY(${[...usernames]}::text[])`, {
          prepared: true,
        }),
      (user) => user.username,
    );
  }

  findById(id: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { id } });
  }

  /** The account a refresh token belongs to, read in the transaction that rotates the token. */
  get(tx: Tx, id: string): Promise<User> {
    return tx.user.findUniqueOrThrow({ where: { id } });
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

  /** Throws UniqueViolation when the email or username is taken. */
  create(tx: Tx, data: { email: string; username: string; passwordHash: string; role?: Role }): Promise<User> {
    return unique(tx.user.create({ data }));
  }

  /** Throws UniqueViolation when the username is taken. */
  updateUsername(tx: Tx, id: string, username: string): Promise<User> {
    return unique(tx.user.update({ where: { id }, data: { username } }));
  }

  updateRole(tx: Tx, id: string, role: Role): Promise<User> {
    return tx.user.update({ where: { id }, data: { role } });
  }

  updatePasswordHash(tx: Tx, id: string, passwordHash: string): Promise<User> {
    return tx.user.update({ where: { id }, data: { passwordHash } });
  }
}
