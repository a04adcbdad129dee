import { randomUUID } from 'node:crypto';
import { createLoader, PrismaRepository } from '@shutter/runtime';
import type DataLoader from 'dataloader';
import type { CallStatus, SignalDraft } from '../services/call-rules.js';
import { Prisma, type CallType, type PrismaClient, type Tx } from './db.js';

export type { Tx } from './db.js';
export type { CallType } from './db.js';

/** A call as its participants see it: a ringing call past its deadline reads as MISSED, ended then. */
export interface CallRow {
  id: string;
  callerId: string;
  calleeId: string;
  type: CallType;
  status: CallStatus;
  startedAt: Date;
  ringDeadline: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
}

/** A locked call, with the database's clock (the rules judge deadlines by it, not by this process's). */
export interface LockedCall extends CallRow {
  now: Date;
}

/** A stored signal, as resolvers receive it. */
export interface SignalRow {
  id: string;
  callId: string;
  senderId: string;
  recipientId: string;
  kind: string;
  payload: string | null;
  createdAt: Date;
}

/** The keyset (startedAt ISO string, id) after which a newest-first page continues. */
export type PageAfter = readonly [string, string] | null;

/** Which ringing calls past their deadline a sweep marks missed. */
export type ExpiryScope = { callId: string } | { userIds: readonly string[] } | { batch: number };

/** SQL: a ringing call of alias `c` whose deadline passed (by the database's clock). */
const overdue = Prisma.sql`(c.status = 'RINGING' AND c.ring_deadline <= now())`;

const COLUMNS = Prisma.sql`c.id, c.caller_id AS "callerId", c.callee_id AS "calleeId", c.type::text AS type,
  CASE WHEN ${overdue} THEN 'MISSED' ELSE c.status::text END AS status,
  c.started_at AS "startedAt", c.ring_deadline AS "ringDeadline", c.answered_at AS "answeredAt",
  CASE WHEN ${overdue} THEN c.ring_deadline ELSE c.ended_at END AS "endedAt"`;

const RETURNED = Prisma.sql`id, caller_id AS "callerId", callee_id AS "calleeId", type::text AS type,
  status::text AS status, started_at AS "startedAt", ring_deadline AS "ringDeadline",
  answered_at AS "answeredAt", ended_at AS "endedAt"`;

const SIGNAL_COLUMNS = Prisma.sql`s.id, s.call_id AS "callId", s.sender_id AS "senderId",
  s.recipient_id AS "recipientId", s.kind, s.payload, s.created_at AS "createdAt"`;

/**
 * Calls, who is busy, and the signals of calls in progress. Every status change of a call takes
 * its row lock first (lockCall, or the UPDATE of a sweep), so two changes of one call never both
 * apply; "busy" is one row per account under its primary key, so two calls can never both ring
 * one account.
 */
export class CallRepository extends PrismaRepository<PrismaClient> {
  // ---- reads -------------------------------------------------------------------------------

  /**
   * One page of the account's calls (made or received), newest first: one statement, one index
   * scan per side (a call is never both: nobody calls themselves).
   */
  page(userId: string, limit: number, after: PageAfter): Promise<CallRow[]> {
    const cursor = after
      ? Prisma.sql`AND (c.started_at, c.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : Prisma.empty;
    return this.prisma.$queryRaw<CallRow[]>`
      SELECT * FROM (
        (SELECT ${COLUMNS} FROM calls c WHERE c.caller_id = ${userId}::uuid ${cursor}
          ORDER BY c.started_at DESC, c.id DESC LIMIT ${limit})
        UNION ALL
        (SELECT ${COLUMNS} FROM calls c WHERE c.callee_id = ${userId}::uuid ${cursor}
          ORDER BY c.started_at DESC, c.id DESC LIMIT ${limit})
      ) page ORDER BY "startedAt" DESC, id DESC LIMIT ${limit}`;
  }

  /** Request-scoped: calls by id that `viewerId` takes part in (null for any other), one query per batch. */
  createCallLoader(viewerId: string | null): DataLoader<string, CallRow | null> {
    return createLoader<string, CallRow | null>('calls.calls', async (ids) => {
      const rows = await this.prisma.$queryRaw<CallRow[]>`
        SELECT ${COLUMNS} FROM calls c
         WHERE c.id = ANY(${[...ids]}::uuid[]) AND ${viewerId}::uuid IN (c.caller_id, c.callee_id)`;
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Request-scoped: signals by id whose recipient is `viewerId` (null for anyone else's), one query per batch. */
  createSignalLoader(viewerId: string | null): DataLoader<string, SignalRow | null> {
    return createLoader<string, SignalRow | null>('calls.signals', async (ids) => {
      const rows = await this.prisma.$queryRaw<SignalRow[]>`
        SELECT ${SIGNAL_COLUMNS} FROM call_signals s
         WHERE s.id = ANY(${[...ids]}::uuid[]) AND s.recipient_id = ${viewerId}::uuid`;
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  // ---- the rules' facts ------------------------------------------------------------------------

  /** Whether the account is known here (UserRegistered applied). */
  async accountExists(tx: Tx, userId: string): Promise<boolean> {
    return (await tx.account.count({ where: { userId } })) > 0;
  }

  /** Whether the two accounts are in a block, either way. */
  async blockedEitherWay(tx: Tx, a: string, b: string): Promise<boolean> {
    const [row] = await tx.$queryRaw<{ blocked: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = ${a}::uuid AND blocked_id = ${b}::uuid)
                                             OR (blocker_id = ${b}::uuid AND blocked_id = ${a}::uuid)) AS blocked`;
    return row!.blocked;
  }

  // ---- writes --------------------------------------------------------------------------------

  /** Stores a new RINGING call whose ring deadline is `ringSeconds` from now (the database's clock). */
  async insertCall(
    tx: Tx,
    call: { callerId: string; calleeId: string; type: CallType; ringSeconds: number },
  ): Promise<CallRow> {
    const [row] = await tx.$queryRaw<CallRow[]>`
      INSERT INTO calls (id, caller_id, callee_id, type, ring_deadline)
      VALUES (${randomUUID()}::uuid, ${call.callerId}::uuid, ${call.calleeId}::uuid, ${call.type}::"CallType",
              now() + make_interval(secs => ${call.ringSeconds}::int))
      RETURNING ${RETURNED}`;
    return row!;
  }

  /**
   * Marks `userIds` busy in `callId`; returns how many were free. A concurrent claim of the same
   * account waits for the other transaction and then finds its row. Rows are inserted in id order,
   * so two calls between the same two accounts (A calls B while B calls A) never wait on each other
   * crosswise.
   */
  async claimBusy(tx: Tx, callId: string, userIds: readonly string[]): Promise<number> {
    const ids = [...userIds].sort();
    return tx.$executeRaw`
      INSERT INTO busy (user_id, call_id) SELECT id, ${callId}::uuid FROM unnest(${ids}::uuid[]) AS k(id)
      ON CONFLICT (user_id) DO NOTHING`;
  }

  /** The call, locked for a status change or a signal (null: no such call). */
  async lockCall(tx: Tx, callId: string): Promise<LockedCall | null> {
    const [row] = await tx.$queryRaw<LockedCall[]>`
      SELECT ${RETURNED}, now() AS now FROM calls WHERE id = ${callId}::uuid FOR UPDATE`;
    return row ?? null;
  }

  /** Writes a locked call's new status (ACTIVE: answered now; an end status: ended now, nobody busy in it any more). */
  async setStatus(tx: Tx, callId: string, status: Exclude<CallStatus, 'RINGING'>): Promise<CallRow> {
    const [row] = await tx.$queryRaw<CallRow[]>`
      UPDATE calls SET status = ${status}::"CallStatus",
                       answered_at = CASE WHEN ${status} = 'ACTIVE' THEN now() ELSE answered_at END,
                       ended_at = CASE WHEN ${status} = 'ACTIVE' THEN NULL ELSE now() END
       WHERE id = ${callId}::uuid
      RETURNING ${RETURNED}`;
    if (status !== 'ACTIVE') await tx.busy.deleteMany({ where: { callId } });
    return row!;
  }

  /**
   * Marks the ringing calls of `scope` whose deadline passed MISSED (ended at their deadline) and
   * frees their participants; returns them. Each row is updated once, whoever else sweeps at the
   * same time: a concurrent sweep skips rows another holds (batch) or waits and then finds them no
   * longer RINGING (one call, one account's calls).
   */
  async expireOverdue(tx: Tx, scope: ExpiryScope): Promise<CallRow[]> {
    const which =
      'callId' in scope
        ? Prisma.sql`SELECT id FROM calls c WHERE c.id = ${scope.callId}::uuid AND ${overdue} FOR UPDATE`
        : 'userIds' in scope
          ? // Locked in id order: two sweeps of overlapping accounts never wait on each other crosswise.
            Prisma.sql`SELECT id FROM calls c WHERE ${overdue}
                          AND (c.caller_id = ANY(${[...scope.userIds]}::uuid[]) OR c.callee_id = ANY(${[...scope.userIds]}::uuid[]))
                        ORDER BY c.id FOR UPDATE`
          : // Rows another sweeper holds are its to finish: skipped, not waited for.
            Prisma.sql`SELECT id FROM calls c WHERE ${overdue}
                        ORDER BY c.ring_deadline LIMIT ${scope.batch} FOR UPDATE SKIP LOCKED`;
    const rows = await tx.$queryRaw<CallRow[]>`
      UPDATE calls SET status = 'MISSED', ended_at = ring_deadline
       WHERE id IN (${which}) AND status = 'RINGING' AND ring_deadline <= now()
      RETURNING ${RETURNED}`;
    if (rows.length > 0) await tx.busy.deleteMany({ where: { callId: { in: rows.map((r) => r.id) } } });
    return rows;
  }

  /** Stores signals of a call; returns them with their ids, in the order given. */
  async insertSignals(tx: Tx, callId: string, signals: readonly SignalDraft[]): Promise<SignalRow[]> {
    if (signals.length === 0) return [];
    const ids = signals.map(() => randomUUID());
    const rows = await tx.$queryRaw<SignalRow[]>`
      INSERT INTO call_signals (id, call_id, sender_id, recipient_id, kind, payload)
      SELECT k.id, ${callId}::uuid, k.sender, k.recipient, k.kind, k.payload
        FROM unnest(${ids}::uuid[], ${signals.map((s) => s.senderId)}::uuid[], ${signals.map((s) => s.recipientId)}::uuid[],
                    ${signals.map((s) => s.kind)}::text[], ${signals.map((s) => s.payload)}::text[])
             WITH ORDINALITY AS k(id, sender, recipient, kind, payload, n)
       ORDER BY k.n
      RETURNING id, call_id AS "callId", sender_id AS "senderId", recipient_id AS "recipientId", kind, payload,
                created_at AS "createdAt"`;
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)!);
  }

  /**
   * Deletes the signals of calls that ended more than `seconds` ago (they were pushed long since;
   * the history stays in calls). Returns how many.
   */
  deleteSignalsEndedBefore(seconds: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM call_signals s USING calls c
       WHERE s.call_id = c.id AND c.ended_at < now() - make_interval(secs => ${seconds}::int)`;
  }
}
