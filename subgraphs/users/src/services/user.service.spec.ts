import { describe, expect, it } from '@jest/globals';
import type { Role, Viewer } from '@shutter/runtime';
import DataLoader from 'dataloader';
import { domainError, FakeRefreshTokens, FakeUsers } from '../../test/fakes.js';
import type { User } from '../repositories/user.repository.js';
import { UserService } from './user.service.js';

function setup(
  viewerOf: (accounts: { ada: User; bob: User; root: User }) => { userId: string | null; role: Role | null },
) {
  const users = new FakeUsers();
  const sessions = new FakeRefreshTokens();
  const ada = users.add({ username: 'ada' });
  const bob = users.add({ username: 'bob' });
  const root = users.add({ username: 'root', role: 'ADMIN' });
  const loaded: string[] = [];
  const byId = new DataLoader<string, User | null>(async (ids) => {
    loaded.push(...ids);
    return ids.map((id) => users.rows.get(id) ?? null);
  });
  const byUsername = new DataLoader<string, User | null>(async (names) =>
    names.map((name) => [...users.rows.values()].find((u) => u.username === name) ?? null),
  );
  const viewer: Viewer = { requestId: 'spec', ...viewerOf({ ada, bob, root }) };
  /** Blocks as `blocker→blocked` pairs; `blockChecks` has one entry per batch the service asked about. */
  const blocks = new Set<string>();
  const blockChecks: string[][] = [];
  const blocksViewer = viewer.userId
    ? new DataLoader<string, boolean>(async (ids) => {
        blockChecks.push([...ids]);
        return ids.map((id) => blocks.has(`${id}→${viewer.userId}`));
      })
    : null;
  const block = (blocker: User, blocked: User) => blocks.add(`${blocker.id}→${blocked.id}`);
  const service = new UserService(users, sessions, { byId, byUsername, blocksViewer }, viewer);
  return { users, sessions, ada, bob, root, loaded, block, blockChecks, service };
}

const anonymous = () => ({ userId: null, role: null });
const asAda = ({ ada }: { ada: User }) => ({ userId: ada.id, role: 'USER' as const });
const asRoot = ({ root }: { root: User }) => ({ userId: root.id, role: 'ADMIN' as const });
const UNKNOWN_ID = '00000000-0000-7000-8000-000000000000';

/** The UserUpdated event that announces `user` as it is now. */
const userUpdated = (user: User, changed: string[]) => ({
  type: 'UserUpdated',
  aggregateId: user.id,
  payload: { userId: user.id, changed, username: user.username, role: user.role },
});

describe(UserService.name, () => {
  describe('reads', () => {
    it('should answer a malformed id with null without asking the store', async () => {
      const { service, loaded } = setup(anonymous);
      expect(await service.getById('not-a-uuid')).toBeNull();
      expect(loaded).toEqual([]);
    });

    it('should answer me with the viewer, or null when anonymous', async () => {
      expect(await setup(anonymous).service.me()).toBeNull();
      const { service, ada } = setup(asAda);
      expect((await service.me())?.id).toBe(ada.id);
    });

    it('should look a user up by exactly one of id or username, the username case-insensitively', async () => {
      const { service, bob } = setup(anonymous);
      expect((await service.lookup({ username: 'BOB' }))?.id).toBe(bob.id);
      expect((await service.lookup({ id: bob.id }))?.id).toBe(bob.id);
      expect(await service.lookup({ username: 'not a username' })).toBeNull();
      for (const args of [{ id: bob.id, username: 'bob' }, {}]) {
        expect(await domainError(service.lookup(args))).toEqual({
          code: 'INVALID_INPUT',
          field: 'id',
          message: 'Give exactly one of id or username.',
        });
      }
    });

    it('should find a user by an upper-case id, in one load with the lower-case one', async () => {
      const { service, bob, loaded } = setup(anonymous);
      const [upper, lower] = await Promise.all([service.getById(bob.id.toUpperCase()), service.getById(bob.id)]);
      expect(upper?.id).toBe(bob.id);
      expect(lower?.id).toBe(bob.id);
      expect(loaded).toEqual([bob.id]);
    });

    it('should not find, by id or by username, an account that has blocked the viewer, in one block check per batch', async () => {
      const { service, ada, bob, root, block, blockChecks } = setup(asAda);
      block(bob, ada);
      const found = await Promise.all([
        service.lookup({ id: bob.id }),
        service.lookup({ id: bob.id.toUpperCase() }),
        service.lookup({ id: root.id }),
        service.lookup({ id: UNKNOWN_ID }),
      ]);
      expect(found.map((user) => user?.id ?? null)).toEqual([null, null, root.id, null]);
      expect(blockChecks).toEqual([[bob.id, root.id]]);
      expect(await service.lookup({ username: 'BOB' })).toBeNull();
    });

    it('should still show the blocked account to its blocker, and the blocker to everyone else', async () => {
      const asBob = setup(({ bob }) => ({ userId: bob.id, role: 'USER' }));
      asBob.block(asBob.bob, asBob.ada);
      expect((await asBob.service.lookup({ id: asBob.ada.id }))?.id).toBe(asBob.ada.id);
      expect((await asBob.service.lookup({ username: 'ada' }))?.id).toBe(asBob.ada.id);

      const asRootService = setup(asRoot);
      asRootService.block(asRootService.bob, asRootService.ada);
      expect((await asRootService.service.lookup({ id: asRootService.bob.id }))?.id).toBe(asRootService.bob.id);
    });

    it('should let staff, by their current role, find an account that has blocked them, without a block check', async () => {
      for (const role of ['MODERATOR', 'ADMIN'] as const) {
        const { service, users, ada, bob, block, blockChecks } = setup(asAda);
        users.rows.set(ada.id, { ...ada, role });
        block(bob, ada);
        expect((await service.lookup({ id: bob.id }))?.id).toBe(bob.id);
        expect((await service.lookup({ username: 'bob' }))?.id).toBe(bob.id);
        expect(blockChecks).toEqual([]);
      }
      // A demoted moderator whose token still says MODERATOR is blocked like anyone.
      const demoted = setup(({ ada }) => ({ userId: ada.id, role: 'MODERATOR' }));
      demoted.block(demoted.bob, demoted.ada);
      expect(await demoted.service.lookup({ id: demoted.bob.id })).toBeNull();
    });

    it('should ask about no block for an anonymous viewer or the viewer’s own account, and leave me alone', async () => {
      const anon = setup(anonymous);
      expect((await anon.service.lookup({ id: anon.bob.id }))?.id).toBe(anon.bob.id);
      expect(anon.blockChecks).toEqual([]);

      const { service, ada, blockChecks } = setup(asAda);
      expect((await service.lookup({ id: ada.id }))?.id).toBe(ada.id);
      expect((await service.me())?.id).toBe(ada.id);
      expect(blockChecks).toEqual([]);
    });

    it('should show an email to its owner, to whoever this request signed in, and to admins only', async () => {
      const asAdaService = setup(asAda);
      expect(await asAdaService.service.emailVisibleTo(asAdaService.ada)).toBe(asAdaService.ada.email);
      expect(await asAdaService.service.emailVisibleTo(asAdaService.bob)).toBeNull();

      const anon = setup(anonymous);
      expect(await anon.service.emailVisibleTo(anon.bob)).toBeNull();
      anon.service.signedIn(anon.bob);
      expect(await anon.service.emailVisibleTo(anon.bob)).toBe(anon.bob.email);

      const admin = setup(asRoot);
      expect(await admin.service.emailVisibleTo(admin.bob)).toBe(admin.bob.email);
    });

    it('should judge who sees emails by the role the viewer has now, not the one their token claims', async () => {
      // A token issued while root was an admin, read after root was demoted.
      const demoted = setup(asRoot);
      demoted.users.rows.set(demoted.root.id, { ...demoted.root, role: 'USER' });
      expect(await demoted.service.emailVisibleTo(demoted.bob)).toBeNull();
      // A token issued before ada was promoted.
      const promoted = setup(asAda);
      promoted.users.rows.set(promoted.ada.id, { ...promoted.ada, role: 'ADMIN' });
      expect(await promoted.service.emailVisibleTo(promoted.bob)).toBe(promoted.bob.email);
    });
  });

  describe('changeUsername', () => {
    it('should rename the viewer and announce it', async () => {
      const { service, users, ada } = setup(asAda);
      const renamed = await service.changeUsername(' Ada.Lovelace ');
      expect(renamed).toMatchObject({ id: ada.id, username: 'ada.lovelace' });
      expect(users.rows.get(ada.id)!.username).toBe('ada.lovelace');
      expect(users.tx.events).toEqual([userUpdated(users.rows.get(ada.id)!, ['username'])]);
    });

    it('should change nothing and announce nothing when the name is the current one', async () => {
      const { service, users, ada } = setup(asAda);
      expect((await service.changeUsername('ADA')).id).toBe(ada.id);
      expect(users.tx.events).toEqual([]);
    });

    it('should require a signed-in viewer whose account exists', async () => {
      const signInRequired = {
        code: 'SIGN_IN_REQUIRED',
        field: undefined,
        message: 'You must be signed in to do that.',
      };
      expect(await domainError(setup(anonymous).service.changeUsername('newname'))).toEqual(signInRequired);
      const gone = setup(() => ({ userId: UNKNOWN_ID, role: 'USER' }));
      expect(await domainError(gone.service.changeUsername('newname'))).toEqual(signInRequired);
    });

    it.each([
      ['admin', 'username: is reserved; choose another'],
      ['Sup.Port', 'username: is reserved; choose another'],
      ['_root_', 'username: is reserved; choose another'],
      ['...', 'username: must contain a letter or a digit'],
      ['___', 'username: must contain a letter or a digit'],
      ['.ada2', 'username: must not start or end with "." or have two "." in a row'],
      ['ada2.', 'username: must not start or end with "." or have two "." in a row'],
      ['ad..a2', 'username: must not start or end with "." or have two "." in a row'],
    ])('should refuse the new username %j as INVALID_INPUT on username', async (name, message) => {
      const { service, users, ada } = setup(asAda);
      expect(await domainError(service.changeUsername(name))).toEqual({
        code: 'INVALID_INPUT',
        field: 'username',
        message,
      });
      expect(users.rows.get(ada.id)!.username).toBe('ada');
      expect(users.tx.events).toEqual([]);
    });

    it('should let an account keep a name it has that new accounts may not take', async () => {
      const { service, users, root } = setup(asRoot);
      expect((await service.changeUsername('ROOT')).id).toBe(root.id);
      expect(users.tx.events).toEqual([]);
    });

    it('should refuse an invalid username as INVALID_INPUT on username', async () => {
      const { service, users } = setup(asAda);
      expect(await domainError(service.changeUsername('no spaces'))).toEqual({
        code: 'INVALID_INPUT',
        field: 'username',
        message: 'username: must be 3 to 30 characters of letters, digits, "." and "_"',
      });
      expect(users.tx.events).toEqual([]);
    });

    it('should refuse a taken username as USERNAME_TAKEN on username, also when a race decides it', async () => {
      const { service, users, ada } = setup(asAda);
      const taken = { code: 'USERNAME_TAKEN', field: 'username', message: 'This username is taken.' };
      expect(await domainError(service.changeUsername('BOB'))).toEqual(taken);

      users.beforeNextWrite = () => users.add({ username: 'fresh' });
      expect(await domainError(service.changeUsername('fresh'))).toEqual(taken);
      expect(users.rows.get(ada.id)!.username).toBe('ada');
      expect(users.tx.events).toEqual([]);
    });
  });

  describe('setRole', () => {
    it('should let an admin change another account’s role, sign that account out and announce it', async () => {
      const { service, users, sessions, bob, ada } = setup(asRoot);
      for (const user of [bob, bob, ada]) {
        await sessions.create(null, {
          familyId: user.id,
          userId: user.id,
          tokenHash: `${Math.random()}`,
          expiresAt: new Date(Date.now() + 60_000),
        });
      }
      expect(await service.setRole(bob.id.toUpperCase(), 'MODERATOR')).toMatchObject({ id: bob.id, role: 'MODERATOR' });
      expect(users.rows.get(bob.id)!.role).toBe('MODERATOR');
      expect(users.tx.events).toEqual([userUpdated(users.rows.get(bob.id)!, ['role'])]);
      expect(sessions.live(bob.id)).toEqual([]);
      expect(sessions.live(ada.id)).toHaveLength(1);
    });

    it('should refuse an admin whose role was taken away after their token was issued', async () => {
      const { service, users, root, bob } = setup(asRoot);
      users.rows.set(root.id, { ...root, role: 'MODERATOR' });
      expect((await domainError(service.setRole(bob.id, 'ADMIN'))).code).toBe('ADMIN_REQUIRED');
      expect(users.rows.get(bob.id)!.role).toBe('USER');
      expect(users.tx.events).toEqual([]);
    });

    it('should announce nothing when the role is already the one asked for', async () => {
      const { service, users, bob } = setup(asRoot);
      expect((await service.setRole(bob.id, 'USER')).role).toBe('USER');
      expect(users.tx.events).toEqual([]);
    });

    it('should require a signed-in admin', async () => {
      const { service: anonymousService, bob } = setup(anonymous);
      expect((await domainError(anonymousService.setRole(bob.id, 'ADMIN'))).code).toBe('SIGN_IN_REQUIRED');
      for (const role of ['USER', 'MODERATOR'] as const) {
        const { service, users } = setup(({ ada }) => ({ userId: ada.id, role }));
        expect(await domainError(service.setRole(bob.id, 'ADMIN'))).toEqual({
          code: 'ADMIN_REQUIRED',
          field: undefined,
          message: 'Only an admin can change roles.',
        });
        expect(users.tx.events).toEqual([]);
      }
    });

    it('should refuse a malformed id, the admin’s own account and an unknown account', async () => {
      const { service, root } = setup(asRoot);
      expect(await domainError(service.setRole('nope', 'USER'))).toEqual({
        code: 'INVALID_INPUT',
        field: 'userId',
        message: 'userId: must be a valid id',
      });
      expect(await domainError(service.setRole(root.id.toUpperCase(), 'USER'))).toMatchObject({
        code: 'OWN_ROLE',
        message: 'Admins cannot change their own role; ask another admin.',
      });
      expect(await domainError(service.setRole(UNKNOWN_ID, 'USER'))).toMatchObject({
        code: 'USER_NOT_FOUND',
        message: 'No user with this id.',
      });
    });
  });
});
