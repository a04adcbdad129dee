import { randomUUID } from 'node:crypto';
import {
  createLogger,
  createPrismaClient,
  generateSigningKeyPair,
  parsePrivateJwk,
  QueryCounter,
  type Viewer,
} from '@shutter/runtime';
import { createTestDatabase, testPool } from '@shutter/testing';
import { BlockRepository } from '../src/repositories/block.repository.js';
import { PrismaClient } from '../src/repositories/db.js';
import { RefreshTokenRepository } from '../src/repositories/refresh-token.repository.js';
import { UserRepository, type Role, type User } from '../src/repositories/user.repository.js';
import { AuthService } from '../src/services/auth.service.js';
import type { PasswordHasher } from '../src/services/password.js';
import { UserService } from '../src/services/user.service.js';

/**
 * One test file's users database: a fresh PostgreSQL database with the users migrations, the
 * subgraph's Prisma client on it (its SQL counted), the real repositories, and a separate pg pool
 * that reads the tables as another connection would (what has committed, and nothing else).
 */
export async function openUsersDatabase() {
  const db = await createTestDatabase('users');
  const counter = new QueryCounter();
  const prisma = createPrismaClient((options) => new PrismaClient(options), { databaseUrl: db.url, counter });
  const pool = testPool(db.url, 3);
  const users = new UserRepository(prisma);
  const refreshTokens = new RefreshTokenRepository(prisma);
  const blocks = new BlockRepository(prisma);

  /** Rows of `table` matching an optional SQL condition, as committed. */
  const count = async (
    table: 'users' | 'refresh_tokens' | 'outbox' | 'blocks' | 'processed_events',
    where = 'true',
    values: unknown[] = [],
  ) => {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`,
      values,
    );
    return rows[0]!.n;
  };

  /** A committed account; every field unique unless given. */
  const addUser = (fields: { username?: string; email?: string; role?: Role } = {}): Promise<User> => {
    const tag = randomUUID().replaceAll('-', '').slice(0, 12);
    return users.transaction((tx) =>
      users.create(tx, {
        username: fields.username ?? `u_${tag}`,
        email: fields.email ?? `${tag}@example.com`,
        passwordHash: 'unset',
        ...(fields.role ? { role: fields.role } : {}),
      }),
    );
  };

  /** The user service of one request by `viewer`, on the real repositories and loaders (as the context builds it). */
  const userService = (viewer: Omit<Viewer, 'requestId'>) =>
    new UserService(
      users,
      refreshTokens,
      {
        byId: users.createByIdLoader(),
        byUsername: users.createByUsernameLoader(),
        blocksViewer: viewer.userId ? blocks.createBlocksViewerLoader(viewer.userId) : null,
      },
      { ...viewer, requestId: 'medium' },
    );

  return {
    db,
    prisma,
    counter,
    pool,
    users,
    refreshTokens,
    blocks,
    count,
    addUser,
    userService,
    async close() {
      await prisma.$disconnect();
      await pool.end();
      await db.drop();
    },
  };
}

export type UsersDatabase = Awaited<ReturnType<typeof openUsersDatabase>>;

/** A hasher with no cost (`hashed:<password>`), so the auth service's tests spend their time in SQL. */
export const cheapHasher: PasswordHasher = {
  hash: async (password) => `hashed:${password}`,
  verify: async (passwordHash, password) => passwordHash === `hashed:${password}`,
  burn: async () => undefined,
};

const keys = generateSigningKeyPair('medium');

/** The auth service wired to the real repositories of `database`. */
export function authService(
  database: UsersDatabase,
  passwords: PasswordHasher = cheapHasher,
  { refreshReuseGraceSeconds = 10 } = {},
): AuthService {
  return new AuthService(
    database.users,
    database.refreshTokens,
    passwords,
    {
      signingKey: parsePrivateJwk(keys.privateJwk),
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 3_600,
      refreshReuseGraceSeconds,
    },
    createLogger({ service: 'users-medium', level: 'silent' }),
  );
}

/** A password the registration rules accept. */
export const PASSWORD = 'a fine long passphrase';
