import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { codes } from '@shutter/testing';
import { registerUser, startTestSupergraph, type Session, type TestSupergraph } from '../support/supergraph.js';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await startTestSupergraph();
  // Stand-ins for failures of the profile write that no valid input causes today: this test
  // database refuses two marked bios, one as a value PostgreSQL cannot store (SQLSTATE 22001, like
  // a value longer than its column) and one as a fault of the database itself (P0001).
  await graph.sql(
    'profiles',
    `CREATE FUNCTION test_fail_marked_bios() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.bio = 'refused by the database' THEN
         RAISE EXCEPTION 'value too long for type character varying(150)' USING ERRCODE = '22001';
       END IF;
       IF NEW.bio = 'the database fails here' THEN
         RAISE EXCEPTION 'simulated fault of the profiles database';
       END IF;
       RETURN NEW;
     END $$`,
  );
  await graph.sql(
    'profiles',
    `CREATE TRIGGER test_fail_marked_bios BEFORE INSERT OR UPDATE ON profiles
     FOR EACH ROW EXECUTE FUNCTION test_fail_marked_bios()`,
  );
});
afterAll(async () => {
  await graph?.close();
});

const UPDATE_PROFILE = /* GraphQL */ `
  mutation ($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      username
      displayName
      bio
    }
  }
`;

/** The username as the users subgraph has it, and as the profiles subgraph copied it once settled. */
async function usernames(who: Session) {
  await graph.settle();
  const me = await graph.request<{ me: { username: string } }>(`{ me { username } }`, {}, { token: who.accessToken });
  const users = await graph.usersSql('SELECT username FROM users WHERE id = $1', [who.user.id]);
  const profile = await graph.sql('profiles', 'SELECT username, display_name, bio FROM profiles WHERE user_id = $1', [
    who.user.id,
  ]);
  return {
    api: me.data!.me.username,
    users: users.rows[0].username as string,
    profileCopy: profile.rows[0].username as string,
    displayName: profile.rows[0].display_name as string | null,
    bio: profile.rows[0].bio as string | null,
  };
}

function unchanged(who: Session) {
  return {
    api: who.user.username,
    users: who.user.username,
    profileCopy: who.user.username,
    displayName: null,
    bio: null,
  };
}

describe('updateProfile with a username is all or nothing', () => {
  it('refuses a NUL in the display name before changing the username', async () => {
    const ada = await registerUser(graph, {}, { settle: true });
    const response = await graph.request(
      UPDATE_PROFILE,
      { input: { username: `${ada.user.username}_new`, displayName: 'a\u0000b' } },
      { token: ada.accessToken },
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.extensions).toMatchObject({ field: 'input.displayName' });
    expect(await usernames(ada)).toEqual(unchanged(ada));
  });

  it('changes the username back when the database refuses a value after it, answering BAD_USER_INPUT', async () => {
    const ada = await registerUser(graph, {}, { settle: true });
    const response = await graph.request(
      UPDATE_PROFILE,
      { input: { username: `${ada.user.username}_new`, bio: 'refused by the database' } },
      { token: ada.accessToken },
    );
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.message).not.toMatch(/varying|SQL|prisma/i);
    expect(await usernames(ada)).toEqual(unchanged(ada));
  });

  it('changes the username back when the profile write fails after it, and keeps nothing of the update', async () => {
    const ada = await registerUser(graph, {}, { settle: true });
    const response = await graph.request(
      UPDATE_PROFILE,
      { input: { username: `${ada.user.username}_new`, displayName: 'Ada', bio: 'the database fails here' } },
      { token: ada.accessToken },
    );
    expect(response.data ?? null).toBeNull();
    expect(codes(response)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(await usernames(ada)).toEqual(unchanged(ada));
    // The old username is free again for its owner and taken for everyone else, as before.
    const again = await graph.request<{ updateProfile: { username: string; bio: string } }>(
      UPDATE_PROFILE,
      { input: { username: `${ada.user.username}_new`, bio: 'saved this time' } },
      { token: ada.accessToken },
    );
    expect(again.data?.updateProfile).toMatchObject({ username: `${ada.user.username}_new`, bio: 'saved this time' });
  });
});
