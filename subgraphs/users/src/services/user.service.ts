import { badInput, conflict, forbidden, notFound, unauthenticated, validateInput, type Viewer } from '@shutter/runtime';
import type DataLoader from 'dataloader';
import type { PrismaClient, Role, User } from '../db.js';
import { UniqueViolation, type UserRepository } from '../repositories/user.repository.js';
import { recordUserUpdated } from './user.events.js';
import { usernameSchema, uuidSchema } from './user.validation.js';

export class UserService {
  /** Set when this request signed someone in (register, login, refresh): they may see their own email. */
  private signedInUserId: string | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly users: UserRepository,
    private readonly byId: DataLoader<string, User | null>,
    private readonly viewer: Viewer,
  ) {}

  /** Malformed ids are simply not found: they cannot exist, and need no database round trip. */
  async getById(id: string): Promise<User | null> {
    return uuidSchema.safeParse(id).success ? this.byId.load(id) : null;
  }

  async me(): Promise<User | null> {
    return this.viewer.userId ? this.getById(this.viewer.userId) : null;
  }

  async lookup(args: { id?: string | null; username?: string | null }): Promise<User | null> {
    const hasId = args.id != null;
    const hasUsername = args.username != null;
    if (hasId === hasUsername) throw badInput('id', 'Give exactly one of id or username.');
    if (hasId) return this.getById(args.id!);
    const username = usernameSchema.safeParse(args.username);
    if (!username.success) return null;
    const user = await this.users.findByUsername(username.data);
    if (user) this.byId.prime(user.id, user);
    return user;
  }

  signedIn(user: User): void {
    this.signedInUserId = user.id;
    this.byId.prime(user.id, user);
  }

  /** Email is private: only the account itself and admins see it. */
  emailVisibleTo(user: User): string | null {
    const self = user.id === this.viewer.userId || user.id === this.signedInUserId;
    return self || this.viewer.role === 'ADMIN' ? user.email : null;
  }

  async changeUsername(rawUsername: string): Promise<User> {
    if (!this.viewer.userId) throw unauthenticated();
    const username = validateInput(usernameSchema, rawUsername, 'username');
    const user = await this.getById(this.viewer.userId);
    if (!user) throw unauthenticated();
    if (user.username === username) return user;
    const taken = await this.users.findByUsername(username);
    if (taken) throw conflict('username', 'This username is taken.');
    try {
      return await this.prisma.$transaction(async (tx) => {
        const updated = await this.users.updateUsername(tx, user.id, username);
        await recordUserUpdated(tx, updated, ['username']);
        return updated;
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw conflict('username', 'This username is taken.');
      throw error;
    }
  }

  async setRole(userId: string, role: Role): Promise<User> {
    if (!this.viewer.userId) throw unauthenticated();
    if (this.viewer.role !== 'ADMIN') throw forbidden('Only an admin can change roles.');
    if (!uuidSchema.safeParse(userId).success) throw badInput('userId', 'userId: must be a valid id');
    if (userId === this.viewer.userId) {
      throw forbidden('Admins cannot change their own role; ask another admin.');
    }
    const user = await this.getById(userId);
    if (!user) throw notFound('No user with this id.');
    if (user.role === role) return user;
    return this.prisma.$transaction(async (tx) => {
      const updated = await this.users.updateRole(tx, userId, role);
      await recordUserUpdated(tx, updated, ['role']);
      return updated;
    });
  }
}
