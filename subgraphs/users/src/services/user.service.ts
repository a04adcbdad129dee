import {
  badInput,
  DomainError,
  isStaff,
  isUuid,
  requireViewer,
  signInRequired,
  validateInput,
  type Viewer,
} from '@shutter/runtime';
import type DataLoader from 'dataloader';
import { UserError } from '../errors.js';
import type { RefreshTokenRepository } from '../repositories/refresh-token.repository.js';
import { UniqueViolation, type Role, type User, type UserRepository } from '../repositories/user.repository.js';
import { recordUserUpdated } from './user.events.js';
import { newUsernameSchema, usernameSchema } from './user.validation.js';

/** What the account rules need of the account store. */
export type UserStore = Pick<UserRepository, 'transaction' | 'findByUsername' | 'updateUsername' | 'updateRole'>;
/** What the account rules need of the session store. */
export type UserSessions = Pick<RefreshTokenRepository, 'revokeAllForUser'>;

const usernameTaken = () => new DomainError(UserError.USERNAME_TAKEN, 'This username is taken.', 'username');

/** The per-request DataLoaders the account reads go through (one query per batch each). */
export interface UserLoaders {
  byId: DataLoader<string, User | null>;
  /** By username as stored (lower-case). */
  byUsername: DataLoader<string, User | null>;
  /** Whether the account with this id has blocked the viewer; null for an anonymous request. */
  blocksViewer: DataLoader<string, boolean> | null;
}

/** Accounts as the viewer may see them, and the changes they may make to them. */
export class UserService {
  /** Set when this request signed someone in (register, login, refresh): they may see their own email. */
  private signedInUserId: string | null = null;

  constructor(
    private readonly users: UserStore,
    private readonly sessions: UserSessions,
    private readonly loaders: UserLoaders,
    private readonly viewer: Viewer,
  ) {}

  /**
   * Malformed ids are simply not found: they cannot exist, and need no database round trip. Ids
   * are case-insensitive (a UUID in upper case names the same account); rows hold them lower-case.
   */
  async getById(id: string): Promise<User | null> {
    if (!isUuid(id)) return null;
    this.loadViewerAlong();
    return this.loaders.byId.load(id.toLowerCase());
  }

  /**
   * The viewer's row rides along in the statement of the accounts asked for, so their role (below)
   * costs no query of its own.
   */
  private loadViewerAlong(): void {
    if (this.viewer.userId) this.loaders.byId.load(this.viewer.userId).catch(() => undefined);
  }

  /**
   * The viewer's role as the database has it now, not as their access token claimed it when it
   * was issued: a demoted admin loses admin powers at once. One load per request, batched with
   * the other accounts the request reads.
   */
  private async viewerRole(): Promise<Role | null> {
    return this.viewer.userId ? ((await this.getById(this.viewer.userId))?.role ?? null) : null;
  }

  async me(): Promise<User | null> {
    return this.viewer.userId ? this.getById(this.viewer.userId) : null;
  }

  /**
   * `user(id | username)`. An account that has blocked the viewer is not found, exactly like an id
   * that names nobody, so none of its fields (profile, counts, lists) are reachable from here. Only
   * this root lookup hides it: `me`, and entity references other subgraphs resolve (their own rules
   * hide the blocker's posts, lists and search results), are unaffected.
   */
  async lookup(args: { id?: string | null; username?: string | null }): Promise<User | null> {
    const hasId = args.id != null;
    const hasUsername = args.username != null;
    if (hasId === hasUsername) throw badInput('id', 'Give exactly one of id or username.');
    const user = hasId ? await this.getById(args.id!) : await this.getByUsername(args.username!);
    return user && (await this.hasBlockedViewer(user)) ? null : user;
  }

  private async getByUsername(rawUsername: string): Promise<User | null> {
    const username = usernameSchema.safeParse(rawUsername);
    if (!username.success) return null;
    this.loadViewerAlong();
    const user = await this.loaders.byUsername.load(username.data);
    if (user) this.loaders.byId.prime(user.id, user);
    return user;
  }

  /**
   * Whether `user` has blocked the viewer, so that the viewer does not find them. One blocks query
   * per batch of lookups, and none for an anonymous viewer (nobody can block them) or for the
   * viewer's own account. The block hides one way only: the blocker still finds the account they
   * blocked (to see it and unblock it; follows' `viewerHasBlocked` is read through this lookup).
   * Staff, by their current role, still see every account: they moderate blockers too.
   */
  private async hasBlockedViewer(user: User): Promise<boolean> {
    const { blocksViewer } = this.loaders;
    if (!blocksViewer || !this.viewer.userId || user.id === this.viewer.userId) return false;
    if (isStaff({ role: await this.viewerRole() })) return false;
    return blocksViewer.load(user.id);
  }

  signedIn(user: User): void {
    this.signedInUserId = user.id;
    this.loaders.byId.prime(user.id, user);
  }

  /** Email is private: only the account itself and (current) admins see it. */
  async emailVisibleTo(user: User): Promise<string | null> {
    const self = user.id === this.viewer.userId || user.id === this.signedInUserId;
    return self || (await this.viewerRole()) === 'ADMIN' ? user.email : null;
  }

  /**
   * Errors (the profiles subgraph maps them by reason, never by message): SIGN_IN_REQUIRED,
   * INVALID_INPUT on `username`, USERNAME_TAKEN on `username`.
   *
   * Sessions survive a rename: tokens name the account by id, and the password, the credential
   * that proves who signs in, did not change (changePassword and setRole do sign out).
   */
  async changeUsername(rawUsername: string): Promise<User> {
    const viewerId = requireViewer(this.viewer);
    const username = validateInput(usernameSchema, rawUsername, 'username');
    const user = await this.getById(viewerId);
    if (!user) throw signInRequired();
    // Keeping one's name is no choice of a new one (an operator's `root` stays `root`).
    if (user.username === username) return user;
    validateInput(newUsernameSchema, username, 'username');
    if (await this.users.findByUsername(username)) throw usernameTaken();
    try {
      return await this.users.transaction(async (tx) => {
        const updated = await this.users.updateUsername(tx, user.id, username);
        await recordUserUpdated(tx, updated, ['username']);
        return updated;
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw usernameTaken();
      throw error;
    }
  }

  /**
   * Changes a role and signs the account out everywhere: its sessions began under the old role, and
   * a change of privilege starts new ones (the next sign-in's token carries the new role).
   */
  async setRole(rawUserId: string, role: Role): Promise<User> {
    const viewerId = requireViewer(this.viewer);
    if ((await this.viewerRole()) !== 'ADMIN')
      throw new DomainError(UserError.ADMIN_REQUIRED, 'Only an admin can change roles.');
    if (!isUuid(rawUserId)) throw badInput('userId', 'userId: must be a valid id');
    const userId = rawUserId.toLowerCase();
    if (userId === viewerId) {
      throw new DomainError(UserError.OWN_ROLE, 'Admins cannot change their own role; ask another admin.');
    }
    const user = await this.getById(userId);
    if (!user) throw new DomainError(UserError.USER_NOT_FOUND, 'No user with this id.');
    if (user.role === role) return user;
    return this.users.transaction(async (tx) => {
      const updated = await this.users.updateRole(tx, userId, role);
      await this.sessions.revokeAllForUser(tx, userId, new Date());
      await recordUserUpdated(tx, updated, ['role']);
      return updated;
    });
  }
}
