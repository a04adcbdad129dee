import { recordEvent } from '@shutter/events';
import type { CallRepository, CallRow, ExpiryScope, SignalRow, Tx } from '../repositories/call.repository.js';
import { durationSeconds, missedSignals, type SignalDraft } from './call-rules.js';

/** The repository methods the writer uses (unit specs fake them). */
export type CallWrites = Pick<CallRepository, 'insertSignals' | 'expireOverdue'>;

/**
 * Writes what a change of a call tells: its signals (rows, each announced as CallSignalSent to its
 * recipient, keyed by the call so one call's signals keep their order) and, when the call is over,
 * CallEnded. Always in the transaction of the change itself.
 */
export class CallWriter {
  constructor(private readonly calls: CallWrites) {}

  /** Stores and announces `signals` of `call`; announces its end when its status is an end status. */
  async announce(tx: Tx, call: CallRow, signals: readonly SignalDraft[]): Promise<SignalRow[]> {
    const stored = await this.calls.insertSignals(tx, call.id, signals);
    for (const signal of stored) {
      await recordEvent(tx, 'CallSignalSent', call.id, {
        signalId: signal.id,
        callId: call.id,
        recipientId: signal.recipientId,
        kind: signal.kind as SignalDraft['kind'],
      });
    }
    if (call.status !== 'RINGING' && call.status !== 'ACTIVE') {
      await recordEvent(tx, 'CallEnded', call.id, {
        callId: call.id,
        callerId: call.callerId,
        calleeId: call.calleeId,
        type: call.type,
        status: call.status,
        startedAt: call.startedAt.toISOString(),
        endedAt: (call.endedAt ?? new Date()).toISOString(),
        durationSeconds: durationSeconds(call.status, call.answeredAt, call.endedAt),
      });
    }
    return stored;
  }

  /** Marks the overdue ringing calls of `scope` MISSED, telling both sides of each; returns them. */
  async expire(tx: Tx, scope: ExpiryScope): Promise<CallRow[]> {
    const missed = await this.calls.expireOverdue(tx, scope);
    for (const call of missed) await this.announce(tx, call, missedSignals(call));
    return missed;
  }
}
