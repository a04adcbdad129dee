import { describe, expect, it } from '@jest/globals';
import type { Role, Viewer } from '@shutter/runtime';
import { domainError, recordingTx } from '@shutter/testing/unit';
import DataLoader from 'dataloader';
import type { Tx } from '../repositories/db.js';
import type { FollowRepository } from '../repositories/follow.repository.js';
import { FollowService } from './follow.service.js';

const ADA = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const key = (a: string, b: string) => `${a}>${b}`;

/** The follow graph in memory: the repository's contract, without PostgreSQL. */
class FakeGraph {
  readonly tx = recordingTx();
  readonly accounts = new Map<string, { isPrivate: boolean; role?: Role }>();
  readonly follows = new Set<string>();
  readonly requests = new Set<string>();
  readonly blocks = new Set<string>();

  transaction = <R>(work: (tx: Tx) => Promise<R>) => work(this.tx as unknown as Tx);
  ensureAccount = async (_: Tx, id: string) =>
    void (this.accounts.has(id) || this.accounts.set(id, { isPrivate: false }));
  lockPair = async (_: Tx, a: string, b: string) =>
    new Map([a, b].filter((id) => this.accounts.has(id)).map((id) => [id, this.accounts.get(id)!]));
  isBlockedEitherWay = async (_: Tx, a: string, b: string) => this.blocks.has(key(a, b)) || this.blocks.has(key(b, a));
  isFollowing = async (_: Tx, a: string, b: string) => this.follows.has(key(a, b));
  addFollow = async (_: Tx, a: string, b: string) => add(this.follows, key(a, b));
  removeFollow = async (_: Tx, a: string, b: string) => this.follows.delete(key(a, b));
  addRequest = async (_: Tx, a: string, b: string) => add(this.requests, key(a, b));
  removeRequest = async (_: Tx, a: string, b: string) => this.requests.delete(key(a, b));
  addBlock = async (_: Tx, a: string, b: string) => add(this.blocks, key(a, b));
  removeBlock = async (_: Tx, a: string, b: string) => this.blocks.delete(key(a, b));
}

function add(set: Set<string>, value: string): boolean {
  if (set.has(value)) return false;
  set.add(value);
  return true;
}

function serviceFor(viewer: Partial<Viewer>, graph = new FakeGraph()) {
  const full: Viewer = { userId: null, role: null, requestId: 'spec', ...viewer };
  const loaders = {
    accounts: new DataLoader(async (ids: readonly string[]) =>
      ids.map((id) =>
        graph.accounts.has(id) ? ({ userId: id, role: 'USER', ...graph.accounts.get(id) } as never) : null,
      ),
    ),
    follows: null,
    requested: null,
    blocks: full.userId
      ? new DataLoader(async (ids: readonly string[]) =>
          ids.map((id) => ({
            viewer: graph.blocks.has(key(full.userId!, id)),
            them: graph.blocks.has(key(id, full.userId!)),
          })),
        )
      : null,
  };
  return { graph, service: new FollowService(graph as unknown as FollowRepository, loaders, full) };
}

describe(FollowService.name, () => {
  it('refuses an anonymous follow with SIGN_IN_REQUIRED', async () => {
    const { service } = serviceFor({});
    expect((await domainError(service.follow(BOB))).code).toBe('SIGN_IN_REQUIRED');
  });

  it('refuses a malformed id and following yourself as input errors on userId', async () => {
    const { service } = serviceFor({ userId: ADA, role: 'USER' });
    expect(await domainError(service.follow('not-an-id'))).toMatchObject({ code: 'INVALID_INPUT', field: 'userId' });
    expect(await domainError(service.follow(ADA))).toEqual({
      code: 'INVALID_INPUT',
      field: 'userId',
      message: 'userId: you cannot follow yourself',
    });
  });

  it('answers USER_NOT_FOUND for an account it has never heard of, writing nothing', async () => {
    const { service, graph } = serviceFor({ userId: ADA, role: 'USER' });
    expect((await domainError(service.follow(BOB))).code).toBe('USER_NOT_FOUND');
    expect([graph.follows.size, graph.tx.events]).toEqual([0, []]);
  });

  it('follows a public account once and announces it once', async () => {
    const { service, graph } = serviceFor({ userId: ADA, role: 'USER' });
    graph.accounts.set(BOB, { isPrivate: false });
    await service.follow(BOB);
    await service.follow(BOB.toUpperCase());
    expect([...graph.follows]).toEqual([key(ADA, BOB)]);
    expect(graph.tx.events).toEqual([
      { type: 'FollowCreated', aggregateId: BOB, payload: { followerId: ADA, followeeId: BOB } },
    ]);
  });

  it('asks a private account instead of following it', async () => {
    const { service, graph } = serviceFor({ userId: ADA, role: 'USER' });
    graph.accounts.set(BOB, { isPrivate: true });
    await service.follow(BOB);
    expect([graph.follows.size, [...graph.requests]]).toEqual([0, [key(ADA, BOB)]]);
    expect(graph.tx.events.map((e) => e.type)).toEqual(['FollowRequested']);
  });

  it('announces an approved request as a follow made through a request', async () => {
    const { service, graph } = serviceFor({ userId: BOB, role: 'USER' });
    graph.accounts.set(ADA, { isPrivate: false }).set(BOB, { isPrivate: true });
    graph.requests.add(key(ADA, BOB));
    await service.approve(ADA);
    expect([...graph.follows]).toEqual([key(ADA, BOB)]);
    expect(graph.tx.events).toEqual([
      { type: 'FollowCreated', aggregateId: BOB, payload: { followerId: ADA, followeeId: BOB, viaRequest: true } },
    ]);
  });

  it('refuses to follow across a block in either direction', async () => {
    const { service, graph } = serviceFor({ userId: ADA, role: 'USER' });
    graph.accounts.set(BOB, { isPrivate: false });
    graph.blocks.add(key(BOB, ADA));
    expect((await domainError(service.follow(BOB))).code).toBe('BLOCKED');
    expect(graph.follows.size).toBe(0);
  });

  it('answers NO_PENDING_REQUEST when approving a request that was never made', async () => {
    const { service, graph } = serviceFor({ userId: ADA, role: 'USER' });
    graph.accounts.set(BOB, { isPrivate: false });
    expect((await domainError(service.approve(BOB))).code).toBe('NO_PENDING_REQUEST');
  });

  it('removes follows both ways when blocking, announcing each removal and the block', async () => {
    const { service, graph } = serviceFor({ userId: ADA, role: 'USER' });
    graph.accounts.set(BOB, { isPrivate: false });
    graph.follows.add(key(ADA, BOB)).add(key(BOB, ADA));
    await service.block(BOB);
    expect(graph.follows.size).toBe(0);
    expect(graph.tx.events.map((e) => e.type)).toEqual(['FollowRemoved', 'FollowRemoved', 'UserBlocked']);
  });

  it('hides the follow lists of a private account from strangers but not from staff, by the role the account has now', async () => {
    const graph = new FakeGraph();
    const MOD = '00000000-0000-4000-8000-00000000000c';
    graph.accounts.set(BOB, { isPrivate: true });
    graph.accounts.set(ADA, { isPrivate: false, role: 'USER' });
    graph.accounts.set(MOD, { isPrivate: false, role: 'MODERATOR' });
    let asked = 0;
    (graph as unknown as { page: () => Promise<unknown[]> }).page = async () => (asked++, []);
    const empty = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };

    expect(await serviceFor({ userId: ADA, role: 'USER' }, graph).service.list('followers', BOB, {})).toEqual(empty);
    // A token issued while ADA was a moderator: she has been demoted since.
    expect(await serviceFor({ userId: ADA, role: 'MODERATOR' }, graph).service.list('followers', BOB, {})).toEqual(
      empty,
    );
    expect(asked).toBe(0);
    // A token issued before MOD was promoted.
    await serviceFor({ userId: MOD, role: 'USER' }, graph).service.list('followers', BOB, {});
    expect(asked).toBe(1);
  });
});
