import { recordEvent } from '@shutter/events';
import {
  badInput,
  CREATED_AT_ID,
  DomainError,
  isUuid,
  parsePage,
  requireViewer,
  toConnection,
  type Connection,
  type PageArgs,
  type Viewer,
} from '@shutter/runtime';
import type DataLoader from 'dataloader';
import { CallError } from '../errors.js';
import type { CallRepository, CallRow, CallType, LockedCall, SignalRow, Tx } from '../repositories/call.repository.js';
import {
  callNotFound,
  checkCallee,
  checkPayloadSize,
  checkSignalInput,
  clientSignal,
  statusAt,
  transition,
  type CallAction,
} from './call-rules.js';
import type { CallWriter } from './call-writer.js';
import { iceServersFor, type IceServer, type IceSettings } from './ice-servers.js';

export interface CallLoaders {
  /** Calls the viewer takes part in, by id (null for any other). */
  calls: DataLoader<string, CallRow | null>;
  /** The viewer's signals, by id (null for anyone else's). */
  signals: DataLoader<string, SignalRow | null>;
}

export interface CallSettings {
  ringTimeoutSeconds: number;
  signalMaxBytes: number;
  ice: IceSettings;
}

/** The repository methods the service uses (unit specs fake them). */
export type CallStore = Pick<
  CallRepository,
  'transaction' | 'page' | 'accountExists' | 'blockedEitherWay' | 'insertCall' | 'claimBusy' | 'lockCall' | 'setStatus'
>;

/**
 * The call rules for the signed-in viewer: calls between two accounts that exist, are in no block
 * and are both free; only participants see or change a call; every change is stored with the
 * signals it sends (and their events) in one transaction, or not at all.
 */
export class CallService {
  constructor(
    private readonly calls: CallStore,
    private readonly writer: CallWriter,
    private readonly loaders: CallLoaders,
    private readonly viewer: Viewer,
    private readonly settings: CallSettings,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** The viewer's calls, newest first: one statement per page, whatever its length. */
  async list(args: PageArgs): Promise<Connection<CallRow>> {
    const me = requireViewer(this.viewer);
    const page = parsePage(args, CREATED_AT_ID);
    const rows = await this.calls.page(me, page.first + 1, page.after);
    return toConnection(
      rows,
      page.first,
      (row) => [row.startedAt.toISOString(), row.id],
      (row) => row,
    );
  }

  /** A call the viewer takes part in (null: any other), batched. */
  call(id: string): Promise<CallRow | null> {
    return this.loaders.calls.load(id);
  }

  /** One of the viewer's signals; null for anyone else's, an unknown or malformed id. */
  async signal(rawId: string): Promise<SignalRow | null> {
    requireViewer(this.viewer);
    return isUuid(rawId) ? this.loaders.signals.load(rawId.toLowerCase()) : null;
  }

  iceServers(): IceServer[] {
    return iceServersFor(this.settings.ice, requireViewer(this.viewer), new Date());
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * Calls `rawCalleeId`: a RINGING call and an `incoming` signal for the callee, or a refusal that
   * stores nothing. Both sides are claimed busy in the same transaction (their primary keys decide
   * between concurrent calls); calls of either side whose ring deadline passed are missed first.
   */
  async start(rawCalleeId: string, type: CallType): Promise<CallRow> {
    const callerId = requireViewer(this.viewer);
    if (!isUuid(rawCalleeId)) throw badInput('calleeId', 'calleeId: must be a valid id');
    const calleeId = rawCalleeId.toLowerCase();
    checkCallee(callerId, calleeId);
    const call = await this.calls.transaction(async (tx) => {
      if (!(await this.calls.accountExists(tx, calleeId))) {
        throw new DomainError(CallError.USER_NOT_FOUND, 'No account with this id.', 'calleeId');
      }
      if (await this.calls.blockedEitherWay(tx, callerId, calleeId)) {
        throw new DomainError(CallError.BLOCKED, 'You cannot call this account.', 'calleeId');
      }
      await this.writer.expire(tx, { userIds: [callerId, calleeId] });
      const call = await this.calls.insertCall(tx, {
        callerId,
        calleeId,
        type,
        ringSeconds: this.settings.ringTimeoutSeconds,
      });
      if ((await this.calls.claimBusy(tx, call.id, [callerId, calleeId])) < 2) {
        throw new DomainError(CallError.BUSY, 'You or the person you are calling are already in a call.', 'calleeId');
      }
      await recordEvent(tx, 'CallStarted', call.id, {
        callId: call.id,
        callerId,
        calleeId,
        type,
        startedAt: call.startedAt.toISOString(),
      });
      await this.writer.announce(tx, call, [
        { recipientId: calleeId, senderId: callerId, kind: 'incoming', payload: null },
      ]);
      return call;
    });
    this.loaders.calls.prime(call.id, call);
    return call;
  }

  /** The callee answers: ACTIVE, and the caller gets the SDP answer (an `answered` signal). */
  async answer(rawCallId: string, sdpAnswer: string): Promise<CallRow> {
    checkPayloadSize('sdpAnswer', sdpAnswer, this.settings.signalMaxBytes);
    return this.change(rawCallId, { kind: 'answer', sdpAnswer });
  }

  decline(rawCallId: string): Promise<CallRow> {
    return this.change(rawCallId, { kind: 'decline' });
  }

  end(rawCallId: string): Promise<CallRow> {
    return this.change(rawCallId, { kind: 'end' });
  }

  /** Sends the other participant an offer, answer or ICE candidate. */
  async send(rawCallId: string, kind: string, payload: string): Promise<boolean> {
    const me = requireViewer(this.viewer);
    const callId = parseCallId(rawCallId);
    checkSignalInput(kind, payload, this.settings.signalMaxBytes);
    await this.withCall(callId, me, async (tx, call) => {
      const signal = clientSignal(call, me, kind, payload, this.settings.signalMaxBytes, call.now);
      await this.writer.announce(tx, call, [signal]);
      return call;
    });
    return true;
  }

  private async change(rawCallId: string, action: CallAction): Promise<CallRow> {
    const me = requireViewer(this.viewer);
    const callId = parseCallId(rawCallId);
    const changed = await this.withCall(callId, me, async (tx, call) => {
      const next = transition(call, action, me, call.now);
      const updated = await this.calls.setStatus(tx, callId, next.status);
      await this.writer.announce(tx, updated, next.signals);
      return updated;
    });
    // The Call this mutation returns, and any read of it later in this request, is what was just written.
    this.loaders.calls.clear(callId).prime(callId, changed);
    return changed;
  }

  /**
   * Runs `work` on the call, locked, when the viewer takes part in it (CALL_NOT_FOUND otherwise).
   * A ringing call found past its deadline is written MISSED first; that commits even though `work`
   * then refuses (CALL_ENDED), so the refusal and the stored history agree.
   */
  private async withCall(
    callId: string,
    me: string,
    work: (tx: Tx, call: LockedCall) => Promise<CallRow>,
  ): Promise<CallRow> {
    const outcome = await this.calls.transaction(async (tx): Promise<{ call: CallRow } | { refused: DomainError }> => {
      const call = await this.calls.lockCall(tx, callId);
      if (!call || (call.callerId !== me && call.calleeId !== me)) throw callNotFound();
      if (call.status !== 'RINGING' || statusAt(call, call.now) !== 'MISSED') return { call: await work(tx, call) };
      const [missed] = await this.writer.expire(tx, { callId });
      try {
        return { call: await work(tx, { ...call, ...missed!, now: call.now }) };
      } catch (error) {
        if (error instanceof DomainError) return { refused: error };
        throw error;
      }
    });
    if ('refused' in outcome) throw outcome.refused;
    return outcome.call;
  }
}

function parseCallId(raw: string): string {
  if (!isUuid(raw)) throw badInput('callId', 'callId: must be a valid id');
  return raw.toLowerCase();
}
