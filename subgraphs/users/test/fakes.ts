import { randomUUID } from 'node:crypto';
import { recordingTx } from '@shutter/testing/unit';
import type { RefreshToken } from '../src/repositories/refresh-token.repository.js';
import { UniqueViolation, type Role, type Tx, type User } from '../src/repositories/user.repository.js';
import type { AuthRefreshTokens, AuthUsers } from '../src/services/auth.service.js';
import type { PasswordHasher } from '../src/services/password.js';
import type { UserStore } from '../src/services/user.service.js';

/** Accounts in memory: the user repository's contract (unique email and username included), without PostgreSQL. */
export class FakeUsers implements AuthUsers, UserStore {
  readonly tx = recordingTx();
  readonly rows = new Map<string, User>();
  /** Runs before the next write: lets a spec play a concurrent request that wins a unique index. */
  beforeNextWrite: (() => void) | null = null;

  add(fields: Partial<User> & { username: string }): User {
    const user: User = {
      id: randomUUID(),
      email: `${fields.username}@example.com`,
      passwordHash: 'unset',
      role: 'USER',
      createdAt: new Date(),
      updatedAt: new Date(),
      ...fields,
    };
    this.rows.set(user.id, user);
    return user;
  }

  transaction = <R>(work: (tx: Tx) => Promise<R>) => work(this.tx as unknown as Tx);
  findById = async (id: string) => this.rows.get(id) ?? null;
  get = async (_: Tx, id: string) => this.rows.get(id) ?? Promise.reject(new Error(`no user ${id}`));
  findByUsername = async (username: string) => this.all().find((u) => u.username === username) ?? null;
  findByEmail = async (email: string) => this.all().find((u) => u.email === email) ?? null;
  findTaken = async (email: string, username: string) => ({
    email: this.all().some((u) => u.email === email),
    username: this.all().some((u) => u.username === username),
  });

  create = async (_: Tx, data: { email: string; username: string; passwordHash: string; role?: Role }) => {
    this.racing();
    if (this.all().some((u) => u.email === data.email || u.username === data.username))
      throw new UniqueViolation('dup');
    return this.add(data);
  };
  updateUsername = async (_: Tx, id: string, username: string) => {
    this.racing();
    if (this.all().some((u) => u.username === username && u.id !== id)) throw new UniqueViolation('dup');
    return this.update(id, { username });
  };
  updateRole = async (_: Tx, id: string, role: Role) => this.update(id, { role });
  updatePasswordHash = async (_: Tx, id: string, passwordHash: string) => this.update(id, { passwordHash });

  private update(id: string, fields: Partial<User>): User {
    const user = { ...this.rows.get(id)!, ...fields, updatedAt: new Date() };
    this.rows.set(id, user);
    return user;
  }

  private all(): User[] {
    return [...this.rows.values()];
  }

  private racing(): void {
    const race = this.beforeNextWrite;
    this.beforeNextWrite = null;
    race?.();
  }
}

/** Refresh tokens in memory, with the repository's "mark used only while fresh" rule. */
export class FakeRefreshTokens implements AuthRefreshTokens {
  readonly rows: RefreshToken[] = [];
  /** Runs (and is awaited) before the next markUsed: lets a spec play a concurrent refresh with the same token. */
  beforeMarkUsed: (() => unknown) | null = null;

  create = async (_: Tx | null, data: { familyId: string; userId: string; tokenHash: string; expiresAt: Date }) => {
    const token: RefreshToken = { id: randomUUID(), usedAt: null, revokedAt: null, createdAt: new Date(), ...data };
    this.rows.push(token);
    return token;
  };
  findByHash = async (tokenHash: string) => this.rows.find((t) => t.tokenHash === tokenHash) ?? null;
  markUsed = async (_: Tx, id: string, now: Date) => {
    const race = this.beforeMarkUsed;
    this.beforeMarkUsed = null;
    await race?.();
    const token = this.rows.find((t) => t.id === id && !t.usedAt && !t.revokedAt && t.expiresAt > now);
    if (token) token.usedAt = now;
    return Boolean(token);
  };
  revokeFamily = async (familyId: string, now: Date) => this.revokeWhere((t) => t.familyId === familyId, now);
  revokeAllForUser = async (_: Tx, userId: string, now: Date) => this.revokeWhere((t) => t.userId === userId, now);

  /** Tokens that would still refresh. */
  live(userId: string): RefreshToken[] {
    return this.rows.filter((t) => t.userId === userId && !t.usedAt && !t.revokedAt);
  }

  private revokeWhere(match: (token: RefreshToken) => boolean, now: Date): void {
    for (const token of this.rows) if (match(token) && !token.revokedAt) token.revokedAt = now;
  }
}

/** A hasher with no cost: `hashed:<password>`; records which check each login made. */
export class FakeHasher implements PasswordHasher {
  readonly checks: ('verify' | 'burn')[] = [];
  hash = async (password: string) => `hashed:${password}`;
  verify = async (passwordHash: string, password: string) => {
    this.checks.push('verify');
    return passwordHash === `hashed:${password}`;
  };
  burn = async () => {
    this.checks.push('burn');
  };
}

export { domainError } from '@shutter/testing/unit';
