import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError } from '@shutter/runtime';
import { UniqueViolation, type User } from '../src/repositories/user.repository.js';
import type { PasswordHasher } from '../src/services/password.js';
import { recordUserRegistered, recordUserUpdated } from '../src/services/user.events.js';
import { authService, cheapHasher, openUsersDatabase, PASSWORD, type UsersDatabase } from './database.js';

let d: UsersDatabase;
beforeAll(async () => {
  d = await openUsersDatabase();
});
afterAll(async () => {
  await d.close();
});

const UNKNOWN_ID = '00000000-0000-7000-8000-000000000000';
const tag = () => randomUUID().replaceAll('-', '').slice(0, 10);

/** A hasher that holds every caller until `parties` have arrived: all of them have passed the pre-checks. */
function barrierHasher(parties: number): PasswordHasher {
  let arrived = 0;
  let open!: () => void;
  const everyone = new Promise<void>((resolve) => (open = resolve));
  return {
    ...cheapHasher,
    hash: async (password) => {
      if (++arrived === parties) open();
      await everyone;
      return `hashed:${password}`;
    },
  };
}

describe('UserRepository against PostgreSQL', () => {
  it('answers N ids from one by-id loader with a single SQL statement, in key order, null for unknown ids', async () => {
    const accounts = await Promise.all(Array.from({ length: 12 }, () => d.addUser()));
    const keys = [...accounts.map((u) => u.id).reverse(), UNKNOWN_ID, accounts[3]!.id];
    const loader = d.users.createByIdLoader();
    d.counter.reset();

    const loaded = await Promise.all(keys.map((id) => loader.load(id)));

    expect(d.counter.statements).toHaveLength(1);
    expect(d.counter.statements[0]).toMatch(/FROM users WHERE id = ANY\(\$1::uuid\[\]\)/);
    expect(loaded.map((u) => u?.id ?? null)).toEqual([...accounts.map((u) => u.id).reverse(), null, accounts[3]!.id]);
    expect(loaded[0]).toMatchObject({ username: accounts.at(-1)!.username, email: accounts.at(-1)!.email });
    // Read straight on the pool (readRows), yet the same User that Prisma reads, to the types.
    expect(loaded[0]).toEqual(await d.users.findById(loaded[0]!.id));
  });

  it('answers usernames from one by-username loader with a single SQL statement, the same Users as by id', async () => {
    const accounts = await Promise.all(Array.from({ length: 3 }, () => d.addUser()));
    const loader = d.users.createByUsernameLoader();
    d.counter.reset();
    const loaded = await Promise.all([...accounts.map((u) => u.username), 'nobody_here'].map((u) => loader.load(u)));
    expect(d.counter.statements).toHaveLength(1);
    expect(loaded.map((u) => u?.id ?? null)).toEqual([...accounts.map((u) => u.id), null]);
    expect(loaded[1]).toEqual(await d.users.findById(accounts[1]!.id));
  });

  it.each([
    ['username', { username: `Ada_${tag()}` }],
    ['email', { email: `Ada_${tag()}@Example.com` }],
  ] as const)('refuses a mixed-case %s in the database itself, creating nothing', async (_, mixedCase) => {
    const input = { username: `ada_${tag()}`, email: `ada_${tag()}@example.com`, passwordHash: 'unset', ...mixedCase };
    await expect(d.users.transaction((tx) => d.users.create(tx, input))).rejects.toThrow(/lower_case/);
    expect(await d.users.findTaken(input.email.toLowerCase(), input.username.toLowerCase())).toEqual({
      email: false,
      username: false,
    });
  });

  it.each(['email', 'username'] as const)(
    'refuses a taken %s with UniqueViolation from the unique index, and the failed transaction leaves no account and no outbox row',
    async (field) => {
      const taken = await d.addUser();
      const fresh = { username: `fresh_${tag()}`, email: `fresh_${tag()}@example.com`, passwordHash: 'unset' };

      const attempt = d.users.transaction(async (tx) => {
        const created = await d.users.create(tx, fresh);
        await recordUserRegistered(tx, created);
        const clash = { username: `other_${tag()}`, email: `other_${tag()}@example.com`, [field]: taken[field] };
        return d.users.create(tx, { ...clash, passwordHash: 'unset' });
      });

      await expect(attempt).rejects.toBeInstanceOf(UniqueViolation);
      expect(await d.count('users', 'username = $1 OR email = $2', [fresh.username, fresh.email])).toBe(0);
      expect(await d.count('outbox', `payload->>'username' = $1`, [fresh.username])).toBe(0);
      expect(await d.count('users', `${field} = $1`, [taken[field]])).toBe(1);
    },
  );

  it('refuses to rename an account onto a taken username with UniqueViolation, leaving both accounts unchanged', async () => {
    const ada = await d.addUser();
    const bob = await d.addUser();

    await expect(d.users.transaction((tx) => d.users.updateUsername(tx, bob.id, ada.username))).rejects.toBeInstanceOf(
      UniqueViolation,
    );

    expect((await d.users.findById(bob.id))!.username).toBe(bob.username);
    expect(await d.count('users', 'username = $1', [ada.username])).toBe(1);
  });

  it('reports a taken email and a taken username separately, even when two different accounts hold them', async () => {
    const ada = await d.addUser();
    const bob = await d.addUser();
    const free = tag();

    expect(await d.users.findTaken(ada.email, bob.username)).toEqual({ email: true, username: true });
    expect(await d.users.findTaken(ada.email, `free_${free}`)).toEqual({ email: true, username: false });
    expect(await d.users.findTaken(`${free}@example.com`, bob.username)).toEqual({ email: false, username: true });
    expect(await d.users.findTaken(`${free}@example.com`, `free_${free}`)).toEqual({ email: false, username: false });
  });

  it.each([
    [
      'username',
      (t: string) => ({ username: `Ada_${t}`, email: `one_${t}@example.com` }),
      (t: string) => ({ username: `ADA_${t}`, email: `two_${t}@example.com` }),
      'USERNAME_TAKEN',
    ],
    [
      'email',
      (t: string) => ({ username: `one_${t}`, email: `Ada_${t}@Example.com` }),
      (t: string) => ({ username: `two_${t}`, email: `ADA_${t}@EXAMPLE.COM` }),
      'EMAIL_TAKEN',
    ],
  ] as const)(
    'lets exactly one of two registrations racing for one %s in different case commit, with its event and session; the unique index refuses the other',
    async (_field, first, second, code) => {
      const t = tag();
      // Both registrations pass the "already taken?" pre-check before either inserts: the database decides.
      const auth = authService(d, barrierHasher(2));

      const outcomes = await Promise.allSettled([
        auth.register({ ...first(t), password: PASSWORD }),
        auth.register({ ...second(t), password: PASSWORD }),
      ]);

      const winners = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.user] : []));
      const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0]).toBeInstanceOf(DomainError);
      expect((losers[0] as DomainError).code).toBe(code);
      const winner = winners[0]!;
      expect(winner.username).toBe(winner.username.toLowerCase());
      expect(winner.email).toBe(winner.email.toLowerCase());
      // Accounts with either name or email of this race: only the winner's, with one event and one session.
      const names = [`ada_${t}`, `one_${t}`, `two_${t}`];
      const emails = [`ada_${t}@example.com`, `one_${t}@example.com`, `two_${t}@example.com`];
      expect(await d.count('users', 'lower(username) = ANY($1) OR lower(email) = ANY($2)', [names, emails])).toBe(1);
      expect(await d.count('outbox', `type = 'UserRegistered' AND payload->>'username' = ANY($1)`, [names])).toBe(1);
      expect(await d.count('outbox', 'aggregate_id = $1', [winner.id])).toBe(1);
      expect(await d.count('refresh_tokens', 'user_id = $1', [winner.id])).toBe(1);
    },
  );
});

describe('role changes and their UserUpdated event', () => {
  const outboxOf = async (user: User) =>
    (
      await d.pool.query<{ type: string; payload: unknown }>(
        'SELECT type, payload FROM "outbox" WHERE aggregate_id = $1 ORDER BY seq',
        [user.id],
      )
    ).rows;
  const committedRole = async (user: User) =>
    (await d.pool.query<{ role: string }>('SELECT role FROM "users" WHERE id = $1', [user.id])).rows[0]!.role;

  it('commits the new role and its outbox row together: another connection sees neither before the commit', async () => {
    const ada = await d.addUser();
    const seenInside: { role: string; events: number }[] = [];

    await d.users.transaction(async (tx) => {
      const updated = await d.users.updateRole(tx, ada.id, 'MODERATOR');
      await recordUserUpdated(tx, updated, ['role']);
      seenInside.push({ role: await committedRole(ada), events: (await outboxOf(ada)).length });
    });

    expect(seenInside).toEqual([{ role: 'USER', events: 0 }]);
    expect(await committedRole(ada)).toBe('MODERATOR');
    expect(await outboxOf(ada)).toEqual([
      {
        type: 'UserUpdated',
        payload: { userId: ada.id, changed: ['role'], username: ada.username, role: 'MODERATOR' },
      },
    ]);
  });

  it('leaves neither the new role nor an outbox row when the transaction fails after recording the event', async () => {
    const ada = await d.addUser();

    const failed = d.users.transaction(async (tx) => {
      const updated = await d.users.updateRole(tx, ada.id, 'ADMIN');
      await recordUserUpdated(tx, updated, ['role']);
      throw new Error('a later step failed');
    });

    await expect(failed).rejects.toThrow('a later step failed');
    expect(await committedRole(ada)).toBe('USER');
    expect(await outboxOf(ada)).toEqual([]);
  });

  it("records one event per actual role change through the service, and none when the role is already the user's", async () => {
    const root = await d.addUser({ role: 'ADMIN' });
    const ada = await d.addUser();
    const asRoot = () => d.userService({ userId: root.id, role: 'ADMIN' });

    expect((await asRoot().setRole(ada.id, 'MODERATOR')).role).toBe('MODERATOR');
    expect((await asRoot().setRole(ada.id, 'MODERATOR')).role).toBe('MODERATOR');

    expect(await committedRole(ada)).toBe('MODERATOR');
    expect(await outboxOf(ada)).toEqual([
      {
        type: 'UserUpdated',
        payload: { userId: ada.id, changed: ['role'], username: ada.username, role: 'MODERATOR' },
      },
    ]);
  });
});
