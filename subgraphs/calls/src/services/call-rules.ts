import { badInput, DomainError } from '@shutter/runtime';
import { CallError } from '../errors.js';

export type CallStatus = 'RINGING' | 'ACTIVE' | 'ENDED' | 'DECLINED' | 'MISSED' | 'CANCELLED';
export type EndStatus = Exclude<CallStatus, 'RINGING' | 'ACTIVE'>;

/** What clients send each other through sendCallSignal (everything else is the server's). */
export const CLIENT_SIGNAL_KINDS = ['offer', 'answer', 'ice-candidate'] as const;
export type ClientSignalKind = (typeof CLIENT_SIGNAL_KINDS)[number];
/** Every kind of signal a participant can receive. */
export type SignalKind = ClientSignalKind | 'incoming' | 'answered' | 'declined' | 'ended' | 'missed' | 'cancelled';

/** What the rules need of a call. */
export interface CallFacts {
  id: string;
  callerId: string;
  calleeId: string;
  status: CallStatus;
  ringDeadline: Date;
  answeredAt: Date | null;
}

/** A signal to store: for whom, from whom (always the other participant), what. */
export interface SignalDraft {
  recipientId: string;
  senderId: string;
  kind: SignalKind;
  payload: string | null;
}

/** A status change the rules allow, and the signals it sends. */
export interface Transition {
  status: Exclude<CallStatus, 'RINGING'>;
  signals: SignalDraft[];
}

export type CallAction = { kind: 'answer'; sdpAnswer: string } | { kind: 'decline' } | { kind: 'end' };

const isOver = (status: CallStatus): status is EndStatus => status !== 'RINGING' && status !== 'ACTIVE';

/** The status a call has at `now`: a ringing call past its deadline is missed, written yet or not. */
export function statusAt(call: Pick<CallFacts, 'status' | 'ringDeadline'>, now: Date): CallStatus {
  return call.status === 'RINGING' && call.ringDeadline.getTime() <= now.getTime() ? 'MISSED' : call.status;
}

/** Whole seconds between answer and end: the duration of an ENDED call, null for any other. */
export function durationSeconds(status: CallStatus, answeredAt: Date | null, endedAt: Date | null): number | null {
  if (status !== 'ENDED' || !answeredAt || !endedAt) return null;
  return Math.max(0, Math.floor((endedAt.getTime() - answeredAt.getTime()) / 1000));
}

const isParticipant = (call: CallFacts, userId: string) => call.callerId === userId || call.calleeId === userId;
const otherSide = (call: CallFacts, userId: string) => (call.callerId === userId ? call.calleeId : call.callerId);

/** A call the viewer is not part of does not exist for them. */
export const callNotFound = () => new DomainError(CallError.CALL_NOT_FOUND, 'No call with this id.', 'callId');
const callEnded = (status: CallStatus) =>
  new DomainError(CallError.CALL_ENDED, `This call is over (${status}).`, 'callId');

/** Who may call whom: never oneself (the other refusals need the database). */
export function checkCallee(callerId: string, calleeId: string): void {
  if (callerId === calleeId) throw new DomainError(CallError.SELF_CALL, 'You cannot call yourself.', 'calleeId');
}

/**
 * The state machine: what `action` by `actorId` does to `call` at `now`, or the rule it breaks.
 * Only participants act (others: CALL_NOT_FOUND); nothing changes an ended call; only the callee
 * answers or declines, and only while it rings; hanging up a ringing call cancels it (caller) or
 * declines it (callee), hanging up an active one ends it. The other side is told.
 */
export function transition(call: CallFacts, action: CallAction, actorId: string, now: Date): Transition {
  if (!isParticipant(call, actorId)) throw callNotFound();
  const status = statusAt(call, now);
  if (isOver(status)) throw callEnded(status);
  const to = (kind: SignalKind, payload: string | null = null): SignalDraft[] => [
    { recipientId: otherSide(call, actorId), senderId: actorId, kind, payload },
  ];
  switch (action.kind) {
    case 'answer':
    case 'decline': {
      if (actorId !== call.calleeId) {
        throw new DomainError(CallError.NOT_CALLEE, `Only the callee can ${action.kind} a call.`, 'callId');
      }
      if (status !== 'RINGING') {
        throw new DomainError(CallError.CALL_NOT_RINGING, 'This call was already answered.', 'callId');
      }
      return action.kind === 'answer'
        ? { status: 'ACTIVE', signals: to('answered', action.sdpAnswer) }
        : { status: 'DECLINED', signals: to('declined') };
    }
    case 'end':
      if (status === 'ACTIVE') return { status: 'ENDED', signals: to('ended') };
      return actorId === call.callerId
        ? { status: 'CANCELLED', signals: to('cancelled') }
        : { status: 'DECLINED', signals: to('declined') };
  }
}

/** The signals of a missed call: both sides are told (neither hung up). */
export function missedSignals(call: Pick<CallFacts, 'callerId' | 'calleeId'>): SignalDraft[] {
  return [
    { recipientId: call.calleeId, senderId: call.callerId, kind: 'missed', payload: null },
    { recipientId: call.callerId, senderId: call.calleeId, kind: 'missed', payload: null },
  ];
}

/**
 * A signal a participant sends the other (sendCallSignal): only on a call they are part of (others:
 * CALL_NOT_FOUND), that rings or is active, of a client kind, with a payload of at most `maxBytes`
 * UTF-8 bytes.
 */
export function clientSignal(
  call: CallFacts,
  senderId: string,
  kind: string,
  payload: string,
  maxBytes: number,
  now: Date,
): SignalDraft {
  if (!isParticipant(call, senderId)) throw callNotFound();
  const status = statusAt(call, now);
  if (isOver(status)) throw callEnded(status);
  return { recipientId: otherSide(call, senderId), senderId, kind: checkSignalInput(kind, payload, maxBytes), payload };
}

/** The checks of a signal's own input, made before the call is even looked up. */
export function checkSignalInput(kind: string, payload: string, maxBytes: number): ClientSignalKind {
  if (!(CLIENT_SIGNAL_KINDS as readonly string[]).includes(kind)) {
    throw badInput('kind', `kind: must be one of ${CLIENT_SIGNAL_KINDS.join(', ')}`);
  }
  checkPayloadSize('payload', payload, maxBytes);
  return kind as ClientSignalKind;
}

/** Payloads are opaque but bounded: at most `maxBytes` UTF-8 bytes. */
export function checkPayloadSize(field: string, payload: string, maxBytes: number): void {
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > maxBytes) throw badInput(field, `${field}: at most ${maxBytes} bytes (got ${bytes})`);
}
