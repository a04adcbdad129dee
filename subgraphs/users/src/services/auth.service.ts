import { createHash, createHmac, createSecretKey, hkdfSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import {
  badInput,
  DomainError,
  requireViewer,
  signAccessToken,
  signInRequired,
  validateInput,
  type Logger,
  type SigningKey,
  type Viewer,
} from '@shutter/runtime';
import { UserError } from '../errors.js';
import type { RefreshToken, RefreshTokenRepository } from '../repositories/refresh-token.repository.js';
import { UniqueViolation, type Tx, type User, type UserRepository } from '../repositories/user.repository.js';
import type { PasswordHasher } from './password.js';
import { recordUserRegistered, recordUserUpdated } from './user.events.js';
import { adminInputSchema, passwordSchema, registerInputSchema } from './user.validation.js';

export interface AuthSettings {
  signingKey: SigningKey;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /**
   * How long a used refresh token still yields its successor (0: never). Two requests refreshing
   * with one token at once (two tabs, a retry after a lost response) then both get the same new
   * refresh token instead of signing the user out; a used token presented later is reuse.
   */
  refreshReuseGraceSeconds: number;
}

export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

/** What the auth rules need of the account store. */
export type AuthUsers = Pick<
  UserRepository,
  | 'transaction'
  | 'findById'
  | 'get'
  | 'findByUsername'
  | 'findByEmail'
  | 'findTaken'
  | 'create'
  | 'updateRole'
  | 'updatePasswordHash'
>;
export type AuthRefreshTokens = Pick<
  RefreshTokenRepository,
  'create' | 'findByHash' | 'markUsed' | 'revokeFamily' | 'revokeAllForUser'
>;

const INVALID_CREDENTIALS = 'Incorrect username, email or password.';
const INVALID_REFRESH = 'This refresh token is invalid, expired or already used. Sign in again.';

const invalidCredentials = () => new DomainError(UserError.INVALID_CREDENTIALS, INVALID_CREDENTIALS);
const invalidRefresh = () => new DomainError(UserError.INVALID_REFRESH_TOKEN, INVALID_REFRESH);
const emailTaken = () =>
  new DomainError(UserError.EMAIL_TAKEN, 'An account with this email already exists.', 'input.email');
const usernameTaken = () => new DomainError(UserError.USERNAME_TAKEN, 'This username is taken.', 'input.username');

/** Refresh tokens are random; only their SHA-256 is stored, so a database leak yields no sessions. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const successorKeys = new WeakMap<KeyObject, KeyObject>();

/**
 * The refresh token that rotating `token` issues: an HMAC of it under a key derived from the
 * signing key (which only this subgraph holds). Every request presenting `token` computes the same
 * successor, so the grace window can hand it out again without storing any token in clear, and
 * no one without the key can compute a successor from a stolen token.
 */
function successorOf(token: string, signingKey: KeyObject): string {
  let key = successorKeys.get(signingKey);
  if (!key) {
    const secret = signingKey.export({ format: 'jwk' }).d!;
    // A KeyObject: an HMAC from raw key bytes imports the key on every call (~20× slower).
    key = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'shutter', 'refresh-token successor', 32)));
    successorKeys.set(signingKey, key);
  }
  return createHmac('sha256', key).update(token).digest('base64url');
}

/** Registration, sign-in, refresh-token rotation, sign-out and passwords. */
export class AuthService {
  constructor(
    private readonly users: AuthUsers,
    private readonly refreshTokens: AuthRefreshTokens,
    private readonly passwords: PasswordHasher,
    private readonly settings: AuthSettings,
    private readonly logger: Logger,
  ) {}

  async register(rawInput: unknown): Promise<AuthPayload> {
    const input = validateInput(registerInputSchema, rawInput, 'input');
    // Checked first for a precise message; the unique indexes still decide races below.
    const taken = await this.users.findTaken(input.email, input.username);
    if (taken.email) throw emailTaken();
    if (taken.username) throw usernameTaken();
    const passwordHash = await this.passwords.hash(input.password);
    try {
      // The account, its UserRegistered event and its first session commit together or not at all.
      return await this.users.transaction(async (tx) => {
        const user = await this.users.create(tx, { email: input.email, username: input.username, passwordHash });
        await recordUserRegistered(tx, user);
        return this.startSession(tx, user, randomUUID());
      });
    } catch (error) {
      if (error instanceof UniqueViolation) {
        const again = await this.users.findTaken(input.email, input.username);
        throw again.email ? emailTaken() : usernameTaken();
      }
      throw error;
    }
  }

  /** An unknown account and a wrong password fail alike, in message and in time. */
  async login(usernameOrEmail: string, password: string): Promise<AuthPayload> {
    const identifier = usernameOrEmail.trim().toLowerCase();
    if (!identifier) throw badInput('usernameOrEmail', 'usernameOrEmail: must not be empty');
    if (password.length > 128) throw invalidCredentials();
    const user = identifier.includes('@')
      ? await this.users.findByEmail(identifier)
      : await this.users.findByUsername(identifier);
    if (!user) {
      await this.passwords.burn(password);
      throw invalidCredentials();
    }
    if (!(await this.passwords.verify(user.passwordHash, password))) throw invalidCredentials();
    return this.startSession(null, user, randomUUID());
  }

  async refresh(refreshToken: string): Promise<AuthPayload> {
    const now = new Date();
    const tokenHash = hashToken(refreshToken);
    let stored = await this.refreshTokens.findByHash(tokenHash);
    if (!stored || stored.expiresAt <= now) throw invalidRefresh();
    if (!stored.usedAt && !stored.revokedAt) {
      const fresh = stored;
      const successor = successorOf(refreshToken, this.settings.signingKey.key);
      const payload = await this.users.transaction(async (tx) => {
        if (!(await this.refreshTokens.markUsed(tx, fresh.id, now))) return null;
        const user = await this.users.get(tx, fresh.userId);
        return this.startSession(tx, user, fresh.familyId, successor);
      });
      if (payload) return payload;
      // Another request used or revoked the token first (it has committed): judge this one by what it did.
      stored = await this.refreshTokens.findByHash(tokenHash);
      if (!stored) throw invalidRefresh();
    }
    return this.usedAgain(stored, refreshToken, now);
  }

  /**
   * A used or revoked token presented again. Within the grace after its use, while its successor is
   * still unused, it is the same client refreshing twice: the answer is that successor again. Any
   * other time it means the token was copied: every session of that login ends.
   */
  private async usedAgain(stored: RefreshToken, refreshToken: string, now: Date): Promise<AuthPayload> {
    const graceMs = this.settings.refreshReuseGraceSeconds * 1000;
    if (stored.usedAt && !stored.revokedAt && graceMs > 0 && now.getTime() - stored.usedAt.getTime() < graceMs) {
      const token = successorOf(refreshToken, this.settings.signingKey.key);
      const successor = await this.refreshTokens.findByHash(hashToken(token));
      const live = successor && !successor.usedAt && !successor.revokedAt && successor.expiresAt > now;
      if (live && successor.familyId === stored.familyId) {
        const user = await this.users.findById(successor.userId);
        if (user)
          return { ...this.accessFor(user), refreshToken: token, refreshTokenExpiresAt: successor.expiresAt, user };
      }
    }
    // A used token presented again means it was copied: end every session of that login.
    await this.refreshTokens.revokeFamily(stored.familyId, now);
    this.logger.warn({ familyId: stored.familyId, userId: stored.userId }, 'refresh token reuse; family revoked');
    throw invalidRefresh();
  }

  async logout(refreshToken: string): Promise<boolean> {
    const stored = await this.refreshTokens.findByHash(hashToken(refreshToken));
    if (stored) await this.refreshTokens.revokeFamily(stored.familyId, new Date());
    return true;
  }

  /** Changes the viewer's password and signs out every session of theirs. */
  async changePassword(viewer: Viewer, currentPassword: string, newPassword: string): Promise<boolean> {
    const user = await this.users.findById(requireViewer(viewer));
    if (!user) throw signInRequired();
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      throw new DomainError(UserError.WRONG_CURRENT_PASSWORD, 'currentPassword: is incorrect', 'currentPassword');
    }
    const password = validateInput(passwordSchema, newPassword, 'newPassword');
    if (password === currentPassword.normalize('NFC')) {
      throw badInput('newPassword', 'newPassword: must differ from the current password');
    }
    if (password.toLowerCase().includes(user.username)) {
      throw badInput('newPassword', 'newPassword: must not contain your username');
    }
    const passwordHash = await this.passwords.hash(password);
    await this.users.transaction(async (tx) => {
      await this.users.updatePasswordHash(tx, user.id, passwordHash);
      await this.refreshTokens.revokeAllForUser(tx, user.id, new Date());
    });
    return true;
  }

  /** Creates (or, when missing, promotes) the configured admin account; idempotent across restarts. */
  async bootstrapAdmin(admin: { email: string; username: string; password: string }): Promise<User> {
    const input = validateInput(adminInputSchema, admin, 'ADMIN');
    const existing = await this.users.findByEmail(input.email);
    if (existing?.role === 'ADMIN') return existing;
    if (existing) {
      return this.users.transaction(async (tx) => {
        const promoted = await this.users.updateRole(tx, existing.id, 'ADMIN');
        // Like any role change: sessions begun under the old role end.
        await this.refreshTokens.revokeAllForUser(tx, existing.id, new Date());
        await recordUserUpdated(tx, promoted, ['role']);
        return promoted;
      });
    }
    const passwordHash = await this.passwords.hash(input.password);
    return this.users.transaction(async (tx) => {
      const created = await this.users.create(tx, {
        email: input.email,
        username: input.username,
        passwordHash,
        role: 'ADMIN',
      });
      await recordUserRegistered(tx, created);
      return created;
    });
  }

  /**
   * Issues an access token and a refresh token of `familyId` (random for a new login, the
   * successor of the used token for a rotation), storing the latter in `tx` (or alone).
   */
  private async startSession(
    tx: Tx | null,
    user: User,
    familyId: string,
    refreshToken = randomBytes(32).toString('base64url'),
  ): Promise<AuthPayload> {
    const refreshTokenExpiresAt = new Date(Date.now() + this.settings.refreshTokenTtlSeconds * 1000);
    await this.refreshTokens.create(tx, {
      familyId,
      userId: user.id,
      tokenHash: hashToken(refreshToken),
      expiresAt: refreshTokenExpiresAt,
    });
    return { ...this.accessFor(user), refreshToken, refreshTokenExpiresAt, user };
  }

  /** A fresh access token carrying the account's current role. */
  private accessFor(user: User): Pick<AuthPayload, 'accessToken' | 'accessTokenExpiresAt'> {
    const access = signAccessToken(
      { userId: user.id, role: user.role },
      this.settings.signingKey,
      this.settings.accessTokenTtlSeconds,
    );
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt };
  }
}
