import { describe, expect, it } from '@jest/globals';
import { getOperationAST, parse } from 'graphql';
import { DEFAULT_RATE_LIMITS, parseRate, type RateLimitConfig } from './rate-limit-config.js';
import { chargesFor, type Requester } from './rate-limit-plan.js';

const anonymous: Requester = { userId: null, address: '203.0.113.7' };
const alice: Requester = { userId: '00000000-0000-7000-8000-00000000000a', address: '203.0.113.7' };

function charges(
  query: string,
  { variables = {}, requester = anonymous, config = DEFAULT_RATE_LIMITS, cost = 10 } = {} as {
    variables?: Record<string, unknown>;
    requester?: Requester;
    config?: RateLimitConfig;
    cost?: number;
  },
) {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  return chargesFor({ operation, document, variables, requester, cost }, config);
}
const points = (list: ReturnType<typeof charges>, limit: string) =>
  list.filter((c) => c.limit === limit).map((c) => c.points);

describe(chargesFor.name, () => {
  it('should count three aliased logins to one account as three attempts on the account and the address', () => {
    const list = charges(`mutation {
      a: login(usernameOrEmail: "alice", password: "1") { accessToken }
      b: login(usernameOrEmail: "alice", password: "2") { accessToken }
      c: login(usernameOrEmail: "alice", password: "3") { accessToken }
    }`);
    expect(points(list, 'login:account')).toEqual([3]);
    expect(points(list, 'login:address')).toEqual([3]);
  });

  it('should count logins reached through root fragments, named and inline', () => {
    const list = charges(`mutation {
      ...Guess
      ... on Mutation { b: login(usernameOrEmail: "alice", password: "2") { accessToken } }
    }
    fragment Guess on Mutation { a: login(usernameOrEmail: "alice", password: "1") { accessToken } }`);
    expect(points(list, 'login:account')).toEqual([2]);
  });

  it('should fold spellings of one account (case, spaces, compatibility forms) into one key, read from variables', () => {
    const list = charges(
      `mutation($a: String!, $b: String!) {
        a: login(usernameOrEmail: $a, password: "1") { accessToken }
        b: login(usernameOrEmail: $b, password: "2") { accessToken }
        c: login(usernameOrEmail: " ＡLICE ", password: "3") { accessToken }
      }`,
      { variables: { a: 'Alice', b: 'alice ' } },
    );
    expect(points(list, 'login:account')).toEqual([3]);
  });

  it('should keep different accounts apart and never put an identifier in a key', () => {
    const list = charges(`mutation {
      a: login(usernameOrEmail: "alice@example.com", password: "1") { accessToken }
      b: login(usernameOrEmail: "bob@example.com", password: "1") { accessToken }
    }`);
    expect(points(list, 'login:account')).toEqual([1, 1]);
    expect(JSON.stringify(list)).not.toMatch(/alice|bob|203\.0/);
  });

  it('should charge a registration to its email and the address, one per aliased register', () => {
    const register = (alias: string, email: string) =>
      `${alias}: register(input: { email: "${email}", username: "${alias}_user", password: "a long passphrase" }) { accessToken }`;
    const list = charges(
      `mutation { ${register('a', 'x@example.com')} ${register('b', 'X@Example.com')} ${register('c', 'y@example.com')} }`,
    );
    expect(points(list, 'register:account').sort()).toEqual([1, 2]);
    expect(points(list, 'register:address')).toEqual([3]);
  });

  it('should charge changePassword and requestUpload to the signed-in viewer, and only the address when anonymous', () => {
    const query = `mutation {
      changePassword(currentPassword: "a", newPassword: "b")
      requestUpload(input: { contentType: "image/png", byteSize: 10 }) { uploadUrl }
    }`;
    const signedIn = charges(query, { requester: alice });
    expect(points(signedIn, 'changePassword:account')).toEqual([1]);
    expect(points(signedIn, 'requestUpload:account')).toEqual([1]);
    const anonymousList = charges(query);
    expect(points(anonymousList, 'changePassword:account')).toEqual([]);
    expect(points(anonymousList, 'changePassword:address')).toEqual([1]);
  });

  it('should charge requestUploads to the requestUpload limits, one point per file', () => {
    const query = `mutation($files: [RequestUploadInput!]!) {
      a: requestUploads(input: { files: $files }) { uploadId }
      requestUpload(input: { contentType: "image/png", byteSize: 10 }) { uploadId }
    }`;
    const files = Array.from({ length: 4 }, () => ({ contentType: 'image/png', byteSize: 10 }));
    const list = charges(query, { variables: { files }, requester: alice });
    expect(points(list, 'requestUpload:account')).toEqual([5]);
    expect(points(list, 'requestUpload:address')).toEqual([5]);
    // A batch with no files (refused by the subgraph) still costs an attempt.
    const empty = charges(query, { variables: { files: [] }, requester: alice });
    expect(points(empty, 'requestUpload:account')).toEqual([2]);
  });

  it('should charge a refresh to the session its token names', () => {
    const list = charges(`mutation {
      a: refreshToken(refreshToken: "t1") { accessToken }
      b: refreshToken(refreshToken: "t1") { accessToken }
      c: refreshToken(refreshToken: "t2") { accessToken }
    }`);
    expect(points(list, 'refreshToken:account').sort()).toEqual([1, 2]);
  });

  it('should charge the cost to the viewer when signed in and to the address when anonymous', () => {
    const query = `{ me { id } }`;
    const fromAlice = charges(query, { requester: alice, cost: 42 });
    const fromBob = charges(query, { requester: { ...alice, userId: 'someone-else' }, cost: 42 });
    const fromAnonymous = charges(query, { cost: 42 });
    expect(points(fromAlice, 'cost')).toEqual([42]);
    const keys = [fromAlice, fromBob, fromAnonymous].map((list) => list.find((c) => c.limit === 'cost')!.key);
    expect(new Set(keys).size).toBe(3);
    expect(points(fromAlice, 'login:address')).toEqual([]);
  });

  it('should not charge a limit that is off', () => {
    const config: RateLimitConfig = {
      ...DEFAULT_RATE_LIMITS,
      mutations: { ...DEFAULT_RATE_LIMITS.mutations, login: { perAccount: null, perAddress: parseRate('5/1m') } },
      costPerViewer: null,
    };
    const list = charges(`mutation { login(usernameOrEmail: "alice", password: "1") { accessToken } }`, { config });
    expect(list.map((c) => c.limit)).toEqual(['login:address']);
  });
});
