import { describe, expect, it } from '@jest/globals';
import type { Role, Viewer } from '@shutter/runtime';
import DataLoader from 'dataloader';
import { domainError, FakeUsers } from '../../test/fakes.js';
import type { User } from '../repositories/user.repository.js';
import { UserService } from './user.service.js';

function setup(
  viewerOf: (accounts: { ada: User; bob: User; root: User }) => { userId: string | null; role: Role | null },
) {
  const users = new FakeUsers();
  const ada = users.add({ username: 'ada' });
  const bob = users.add({ username: 'bob' });
  const root = users.add({ username: 'root', role: 'ADMIN' });
  const loaded: string[] = [];
  const byId = new DataLoader<string, User | null>(async (ids) => {
    loaded.push(...ids);
    return ids.map((id) => users.rows.get(id) ?? null);
  });
  const viewer: Viewer = { requestId: 'spec', ...viewerOf({ ada, bob, root }) };
  return { users, ada, bob, root, loaded, service: new UserService(users, byId, viewer) };
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

    it('should show an email to its owner, to whoever this request signed in, and to admins only', async () => {
      const asAdaService = setup(asAda);
      expect(asAdaService.service.emailVisibleTo(asAdaService.ada)).toBe(asAdaService.ada.email);
      expect(asAdaService.service.emailVisibleTo(asAdaService.bob)).toBeNull();

      const anon = setup(anonymous);
      expect(anon.service.emailVisibleTo(anon.bob)).toBeNull();
      anon.service.signedIn(anon.bob);
      expect(anon.service.emailVisibleTo(anon.bob)).toBe(anon.bob.email);

      const admin = setup(asRoot);
      expect(admin.service.emailVisibleTo(admin.bob)).toBe(admin.bob.email);
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
    it('should let an admin change another account’s role and announce it', async () => {
      const { service, users, bob } = setup(asRoot);
      expect(await service.setRole(bob.id, 'MODERATOR')).toMatchObject({ id: bob.id, role: 'MODERATOR' });
      expect(users.rows.get(bob.id)!.role).toBe('MODERATOR');
      expect(users.tx.events).toEqual([userUpdated(users.rows.get(bob.id)!, ['role'])]);
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
      expect(await domainError(service.setRole(root.id, 'USER'))).toMatchObject({
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
