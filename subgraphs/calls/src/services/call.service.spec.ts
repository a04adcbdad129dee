import { describe, expect, it } from '@jest/globals';
import type { Viewer } from '@shutter/runtime';
import { domainError, recordingTx } from '@shutter/testing/unit';
import DataLoader from 'dataloader';
import type { CallRow, LockedCall, SignalRow } from '../repositories/call.repository.js';
import type { Tx } from '../repositories/db.js';
import type { SignalDraft } from './call-rules.js';
import { CallWriter, type CallWrites } from './call-writer.js';
import { CallService, type CallStore } from './call.service.js';

const ADA = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const CAT = '00000000-0000-4000-8000-00000000000c';
const EVE = '00000000-0000-4000-8000-00000000000e';
const NOW = new Date('2026-12-20T10:00:00Z');

/** The calls database in memory: the repository's contract, without PostgreSQL. */
class FakeCalls {
  tx = recordingTx();
  accounts = new Set([ADA, BOB, CAT, EVE]);
  blocks = new Set<string>();
  busy = new Map<string, string>();
  calls = new Map<string, CallRow>();
  signals: SignalRow[] = [];
  private ids = 0;

  /** Commits only when the work succeeds (a refusal rolls back what it wrote, as PostgreSQL does). */
  transaction = async <R>(work: (tx: Tx) => Promise<R>): Promise<R> => {
    const saved = this.snapshot();
    try {
      return await work(this.tx as unknown as Tx);
    } catch (error) {
      this.restore(saved);
      throw error;
    }
  };
  page = async () => [...this.calls.values()];
  accountExists = async (_: Tx, id: string) => this.accounts.has(id);
  blockedEitherWay = async (_: Tx, a: string, b: string) =>
    this.blocks.has(`${a}:${b}`) || this.blocks.has(`${b}:${a}`);
  insertCall = async (
    _: Tx,
    c: { callerId: string; calleeId: string; type: 'AUDIO' | 'VIDEO'; ringSeconds: number },
  ) => {
    const row: CallRow = {
      id: this.id(),
      callerId: c.callerId,
      calleeId: c.calleeId,
      type: c.type,
      status: 'RINGING',
      startedAt: NOW,
      ringDeadline: new Date(NOW.getTime() + c.ringSeconds * 1000),
      answeredAt: null,
      endedAt: null,
    };
    this.calls.set(row.id, row);
    return row;
  };
  claimBusy = async (_: Tx, callId: string, userIds: readonly string[]) =>
    userIds.filter((u) => !this.busy.has(u) && this.busy.set(u, callId)).length;
  lockCall = async (_: Tx, id: string): Promise<LockedCall | null> => {
    const row = this.calls.get(id);
    return row ? { ...row, now: NOW } : null;
  };
  setStatus = async (_: Tx, id: string, status: Exclude<CallRow['status'], 'RINGING'>) => {
    const row = { ...this.calls.get(id)!, status };
    if (status === 'ACTIVE') row.answeredAt = NOW;
    else row.endedAt = new Date(NOW.getTime() + 42_000);
    this.calls.set(id, row);
    for (const [user, call] of this.busy) if (call === id && status !== 'ACTIVE') this.busy.delete(user);
    return row;
  };
  expireOverdue = async () => [];
  insertSignals = async (_: Tx, callId: string, drafts: readonly SignalDraft[]) => {
    const rows = drafts.map((d) => ({ ...d, id: this.id(), callId, createdAt: NOW }));
    this.signals.push(...rows);
    return rows;
  };

  private id = () => `00000000-0000-4000-8000-${String(++this.ids).padStart(12, '0')}`;
  private snapshot() {
    return {
      busy: new Map(this.busy),
      calls: new Map(this.calls),
      signals: [...this.signals],
      events: [...this.tx.events],
    };
  }
  private restore(s: ReturnType<FakeCalls['snapshot']>) {
    this.busy = s.busy;
    this.calls = s.calls;
    this.signals = s.signals;
    this.tx.events.splice(0, this.tx.events.length, ...s.events);
  }
}

function serviceFor(userId: string | null, calls = new FakeCalls()) {
  const viewer: Viewer = { userId, role: userId ? 'USER' : null, requestId: 'spec' };
  const loaders = {
    calls: new DataLoader(async (ids: readonly string[]) => ids.map((id) => calls.calls.get(id) ?? null)),
    signals: new DataLoader(async (ids: readonly string[]) =>
      ids.map((id) => calls.signals.find((s) => s.id === id && s.recipientId === userId) ?? null),
    ),
  };
  const service = new CallService(
    calls as unknown as CallStore,
    new CallWriter(calls as unknown as CallWrites),
    loaders,
    viewer,
    {
      ringTimeoutSeconds: 30,
      signalMaxBytes: 64,
      ice: { stunUrls: [], turnUrls: [], turnSecret: null, turnTtlSeconds: 60 },
    },
  );
  return { calls, service };
}

describe(CallService.name, () => {
  it('should refuse anonymous calls, malformed ids, oneself, unknown accounts and blocks, storing nothing', async () => {
    const calls = new FakeCalls();
    calls.blocks.add(`${BOB}:${ADA}`);
    const ada = serviceFor(ADA, calls).service;
    expect([
      (await domainError(serviceFor(null, calls).service.start(BOB, 'AUDIO'))).code,
      (await domainError(ada.start('nope', 'AUDIO'))).code,
      (await domainError(ada.start(ADA.toUpperCase(), 'AUDIO'))).code,
      (await domainError(ada.start('00000000-0000-4000-8000-0000000000ff', 'AUDIO'))).code,
      (await domainError(ada.start(BOB, 'AUDIO'))).code,
    ]).toEqual(['SIGN_IN_REQUIRED', 'INVALID_INPUT', 'SELF_CALL', 'USER_NOT_FOUND', 'BLOCKED']);
    expect([calls.calls.size, calls.busy.size, calls.signals.length, calls.tx.events.length]).toEqual([0, 0, 0, 0]);
  });

  it('should ring the callee with an incoming signal and announce the call, and refuse a second call as BUSY', async () => {
    const { calls, service } = serviceFor(ADA);
    const call = await service.start(BOB, 'VIDEO');
    expect(call.status).toBe('RINGING');
    expect(calls.tx.events.map((e) => [e.type, e.aggregateId])).toEqual([
      ['CallStarted', call.id],
      ['CallSignalSent', call.id],
    ]);
    expect(calls.signals.map((s) => [s.kind, s.recipientId, s.senderId])).toEqual([['incoming', BOB, ADA]]);
    expect((await domainError(serviceFor(CAT, calls).service.start(BOB, 'AUDIO'))).code).toBe('BUSY');
    expect([calls.calls.size, calls.tx.events.length]).toEqual([1, 2]);
  });

  it('should answer, exchange signals and end with a duration, announcing CallEnded once', async () => {
    const { calls, service: ada } = serviceFor(ADA);
    const bob = serviceFor(BOB, calls).service;
    const call = await ada.start(BOB, 'AUDIO');
    await ada.send(call.id, 'offer', 'v=0 offer');
    expect((await bob.answer(call.id, 'v=0 answer')).status).toBe('ACTIVE');
    await bob.send(call.id, 'ice-candidate', '{"candidate":"a"}');
    const ended = await bob.end(call.id);
    expect([ended.status, ended.endedAt!.getTime() - ended.answeredAt!.getTime()]).toEqual(['ENDED', 42_000]);
    expect(calls.signals.map((s) => `${s.kind}→${s.recipientId === ADA ? 'ada' : 'bob'}`)).toEqual([
      'incoming→bob',
      'offer→bob',
      'answered→ada',
      'ice-candidate→ada',
      'ended→ada',
    ]);
    const end = calls.tx.events.filter((e) => e.type === 'CallEnded');
    expect(end.map((e) => (e.payload as { status: string; durationSeconds: number }).durationSeconds)).toEqual([42]);
    expect(calls.busy.size).toBe(0);
    expect((await domainError(ada.send(call.id, 'offer', 'again'))).code).toBe('CALL_ENDED');
  });

  it('should hide a call from a third account and refuse oversized payloads before looking the call up', async () => {
    const { calls, service: ada } = serviceFor(ADA);
    const call = await ada.start(BOB, 'AUDIO');
    const eve = serviceFor(EVE, calls).service;
    expect([
      (await domainError(eve.end(call.id))).code,
      (await domainError(eve.send(call.id, 'offer', 'x'))).code,
      (await domainError(serviceFor(BOB, calls).service.answer(call.id, 'x'.repeat(65)))).field,
    ]).toEqual(['CALL_NOT_FOUND', 'CALL_NOT_FOUND', 'sdpAnswer']);
    expect(calls.calls.get(call.id)!.status).toBe('RINGING');
  });

  it('should show a signal only to its recipient', async () => {
    const { calls, service: ada } = serviceFor(ADA);
    await ada.start(BOB, 'AUDIO');
    const [incoming] = calls.signals;
    expect([
      (await serviceFor(BOB, calls).service.signal(incoming!.id))?.kind,
      await serviceFor(ADA, calls).service.signal(incoming!.id),
      await serviceFor(BOB, calls).service.signal('not-an-id'),
    ]).toEqual(['incoming', null, null]);
  });
});
