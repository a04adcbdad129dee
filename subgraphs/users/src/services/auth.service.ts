import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  AppError,
  badInput,
  conflict,
  ErrorCode,
  signAccessToken,
  unauthenticated,
  validateInput,
  type Logger,
  type SigningKey,
  type Viewer,
} from '@shutter/runtime';
import type { PrismaClient, User } from '../db.js';
import type { RefreshTokenRepository } from '../repositories/refresh-token.repository.js';
import { UniqueViolation, type UserRepository } from '../repositories/user.repository.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.js';
import { recordUserRegistered, recordUserUpdated } from './user.events.js';
import { passwordSchema, registerInputSchema } from './user.validation.js';

export interface AuthSettings {
  signingKey: SigningKey;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

const INVALID_CREDENTIALS = 'Incorrect username, email or password.';
const INVALID_REFRESH = 'This refresh token is invalid, expired or already used. Sign in again.';

/** Refresh tokens are random; only their SHA-256 is stored, so a database leak yields no sessions. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class AuthService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly settings: AuthSettings,
    private readonly logger: Logger,
  ) {}

  async register(rawInput: unknown): Promise<AuthPayload> {
    const input = validateInput(registerInputSchema, rawInput, 'input');
    // Checked first for a precise message; the unique indexes still decide races below.
    const taken = await this.users.findTaken(input.email, input.username);
    if (taken.email) throw conflict('input.email', 'An account with this email already exists.');
    if (taken.username) throw conflict('input.username', 'This username is taken.');
    const passwordHash = await hashPassword(input.password);
    try {
      // The account, its UserRegistered event and its first session commit together or not at all.
      return await this.prisma.$transaction(async (tx) => {
        const user = await this.users.create(tx, { email: input.email, username: input.username, passwordHash });
        await recordUserRegistered(tx, user);
        return this.startSession(tx, user, randomUUID());
      });
    } catch (error) {
      if (error instanceof UniqueViolation) {
        const again = await this.users.findTaken(input.email, input.username);
        if (again.email) throw conflict('input.email', 'An account with this email already exists.');
        throw conflict('input.username', 'This username is taken.');
      }
      throw error;
    }
  }

  async login(usernameOrEmail: string, password: string): Promise<AuthPayload> {
    const identifier = usernameOrEmail.trim().toLowerCase();
    if (!identifier) throw badInput('usernameOrEmail', 'usernameOrEmail: must not be empty');
    if (password.length > 128) throw unauthenticated(INVALID_CREDENTIALS);
    const user = identifier.includes('@')
      ? await this.users.findByEmail(identifier)
      : await this.users.findByUsername(identifier);
    if (!user) {
      await burnPasswordCheck(password);
      throw unauthenticated(INVALID_CREDENTIALS);
    }
    if (!(await verifyPassword(user.passwordHash, password))) throw unauthenticated(INVALID_CREDENTIALS);
    return this.startSession(this.prisma, user, randomUUID());
  }

  async refresh(refreshToken: string): Promise<AuthPayload> {
    const now = new Date();
    const stored = await this.refreshTokens.findByHash(hashToken(refreshToken));
    if (!stored || stored.expiresAt <= now) throw unauthenticated(INVALID_REFRESH);
    if (stored.usedAt || stored.revokedAt) {
      // A used token presented again means it was copied: end every session of that login.
      await this.refreshTokens.revokeFamily(stored.familyId, now);
      this.logger.warn({ familyId: stored.familyId, userId: stored.userId }, 'refresh token reuse; family revoked');
      throw unauthenticated(INVALID_REFRESH);
    }
    const payload = await this.prisma.$transaction(async (tx) => {
      if (!(await this.refreshTokens.markUsed(tx, stored.id, now))) return null;
      const user = await tx.user.findUniqueOrThrow({ where: { id: stored.userId } });
      return this.startSession(tx, user, stored.familyId);
    });
    if (!payload) {
      // Lost a race with another request presenting the same token: treat it as reuse too.
      await this.refreshTokens.revokeFamily(stored.familyId, now);
      throw unauthenticated(INVALID_REFRESH);
    }
    return payload;
  }

  async logout(refreshToken: string): Promise<boolean> {
    const stored = await this.refreshTokens.findByHash(hashToken(refreshToken));
    if (stored) await this.refreshTokens.revokeFamily(stored.familyId, new Date());
    return true;
  }

  async changePassword(
    viewer: Viewer,
    user: User | null,
    currentPassword: string,
    newPassword: string,
  ): Promise<boolean> {
    if (!viewer.userId || !user) throw unauthenticated();
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'currentPassword: is incorrect', { field: 'currentPassword' });
    }
    const password = validateInput(passwordSchema, newPassword, 'newPassword');
    if (password === currentPassword)
      throw badInput('newPassword', 'newPassword: must differ from the current password');
    if (password.toLowerCase().includes(user.username)) {
      throw badInput('newPassword', 'newPassword: must not contain your username');
    }
    const passwordHash = await hashPassword(password);
    await this.prisma.$transaction(async (tx) => {
      await this.users.updatePasswordHash(tx, user.id, passwordHash);
      await this.refreshTokens.revokeAllForUser(tx, user.id, new Date());
    });
    return true;
  }

  /** Creates (or, when missing, promotes) the configured admin account; idempotent across restarts. */
  async bootstrapAdmin(admin: { email: string; username: string; password: string }): Promise<User> {
    const input = validateInput(registerInputSchema, admin, 'ADMIN');
    const existing = await this.users.findByEmail(input.email);
    if (existing?.role === 'ADMIN') return existing;
    const passwordHash = existing ? null : await hashPassword(input.password);
    return this.prisma.$transaction(async (tx) => {
      if (existing) {
        const promoted = await this.users.updateRole(tx, existing.id, 'ADMIN');
        await recordUserUpdated(tx, promoted, ['role']);
        return promoted;
      }
      const created = await this.users.create(tx, {
        email: input.email,
        username: input.username,
        passwordHash: passwordHash!,
        role: 'ADMIN',
      });
      await recordUserRegistered(tx, created);
      return created;
    });
  }

  private async startSession(
    db: Parameters<RefreshTokenRepository['create']>[0],
    user: User,
    familyId: string,
  ): Promise<AuthPayload> {
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = new Date(Date.now() + this.settings.refreshTokenTtlSeconds * 1000);
    await this.refreshTokens.create(db, {
      familyId,
      userId: user.id,
      tokenHash: hashToken(refreshToken),
      expiresAt: refreshTokenExpiresAt,
    });
    const access = signAccessToken(
      { userId: user.id, role: user.role },
      this.settings.signingKey,
      this.settings.accessTokenTtlSeconds,
    );
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt,
      user,
    };
  }
}
