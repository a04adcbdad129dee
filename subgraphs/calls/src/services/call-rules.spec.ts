import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@shutter/runtime';
import {
  checkCallee,
  clientSignal,
  durationSeconds,
  missedSignals,
  statusAt,
  transition,
  type CallAction,
  type CallFacts,
  type CallStatus,
} from './call-rules.js';

const CALLER = '00000000-0000-4000-8000-00000000000a';
const CALLEE = '00000000-0000-4000-8000-00000000000b';
const EVE = '00000000-0000-4000-8000-00000000000e';
const NOW = new Date('2026-12-20T10:00:00Z');
const LATER = new Date('2026-12-20T10:00:31Z');

const call = (status: CallStatus): CallFacts => ({
  id: '00000000-0000-4000-8000-0000000000c1',
  callerId: CALLER,
  calleeId: CALLEE,
  status,
  ringDeadline: new Date('2026-12-20T10:00:30Z'),
  answeredAt: status === 'RINGING' ? null : NOW,
});

/** What the action does: the new status and the signals as `kind→recipient`, or the refusal's code. */
function outcome(status: CallStatus, action: CallAction, actor: string, at = NOW): string {
  try {
    const next = transition(call(status), action, actor, at);
    const who = (id: string) => (id === CALLER ? 'caller' : 'callee');
    return `${next.status} ${next.signals.map((s) => `${s.kind}→${who(s.recipientId)}`).join(',')}`;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

const answer: CallAction = { kind: 'answer', sdpAnswer: 'v=0' };
const decline: CallAction = { kind: 'decline' };
const end: CallAction = { kind: 'end' };

describe(transition.name, () => {
  it('should follow the state machine for every status, action and participant', () => {
    const table = (['RINGING', 'ACTIVE', 'ENDED', 'DECLINED', 'MISSED', 'CANCELLED'] as const).map((status) => [
      status,
      outcome(status, answer, CALLEE),
      outcome(status, answer, CALLER),
      outcome(status, decline, CALLEE),
      outcome(status, end, CALLER),
      outcome(status, end, CALLEE),
    ]);
    expect(table).toEqual([
      [
        'RINGING',
        'ACTIVE answered→caller',
        'NOT_CALLEE',
        'DECLINED declined→caller',
        'CANCELLED cancelled→callee',
        'DECLINED declined→caller',
      ],
      ['ACTIVE', 'CALL_NOT_RINGING', 'NOT_CALLEE', 'CALL_NOT_RINGING', 'ENDED ended→callee', 'ENDED ended→caller'],
      ['ENDED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED'],
      ['DECLINED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED'],
      ['MISSED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED'],
      ['CANCELLED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED', 'CALL_ENDED'],
    ]);
  });

  it('should treat a third account as if the call did not exist, whatever its status', () => {
    for (const status of ['RINGING', 'ACTIVE', 'ENDED'] as const) {
      expect([outcome(status, answer, EVE), outcome(status, end, EVE)]).toEqual(['CALL_NOT_FOUND', 'CALL_NOT_FOUND']);
    }
  });

  it('should treat a ringing call past its deadline as missed', () => {
    expect([outcome('RINGING', answer, CALLEE, LATER), outcome('RINGING', end, CALLER, LATER)]).toEqual([
      'CALL_ENDED',
      'CALL_ENDED',
    ]);
    expect([statusAt(call('RINGING'), NOW), statusAt(call('RINGING'), LATER), statusAt(call('ACTIVE'), LATER)]).toEqual(
      ['RINGING', 'MISSED', 'ACTIVE'],
    );
  });

  it('should carry the SDP answer to the caller', () => {
    expect(transition(call('RINGING'), answer, CALLEE, NOW).signals).toEqual([
      { recipientId: CALLER, senderId: CALLEE, kind: 'answered', payload: 'v=0' },
    ]);
  });
});

describe(clientSignal.name, () => {
  it('should send offers, answers and ICE candidates to the other side while the call rings or is active', () => {
    expect(clientSignal(call('RINGING'), CALLER, 'offer', 'sdp', 10, NOW)).toEqual({
      recipientId: CALLEE,
      senderId: CALLER,
      kind: 'offer',
      payload: 'sdp',
    });
    expect(clientSignal(call('ACTIVE'), CALLEE, 'ice-candidate', '{}', 10, NOW).recipientId).toBe(CALLER);
  });

  it('should refuse other kinds, payloads over the limit in bytes, ended calls and third accounts', () => {
    const code = (run: () => unknown) => {
      try {
        run();
        return 'sent';
      } catch (error) {
        return (error as DomainError).code;
      }
    };
    expect([
      code(() => clientSignal(call('ACTIVE'), CALLER, 'hangup', 'x', 10, NOW)),
      code(() => clientSignal(call('ACTIVE'), CALLER, 'offer', 'é'.repeat(6), 10, NOW)),
      code(() => clientSignal(call('ACTIVE'), CALLER, 'offer', 'é'.repeat(5), 10, NOW)),
      code(() => clientSignal(call('ENDED'), CALLER, 'offer', 'x', 10, NOW)),
      code(() => clientSignal(call('RINGING'), CALLER, 'offer', 'x', 10, LATER)),
      code(() => clientSignal(call('ACTIVE'), EVE, 'offer', 'x', 10, NOW)),
    ]).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'sent', 'CALL_ENDED', 'CALL_ENDED', 'CALL_NOT_FOUND']);
  });
});

describe('call rules', () => {
  it('should refuse a call to oneself', () => {
    expect(() => checkCallee(CALLER, CALLER)).toThrow('You cannot call yourself.');
    expect(() => checkCallee(CALLER, CALLEE)).not.toThrow();
  });

  it('should tell both sides of a missed call', () => {
    expect(missedSignals(call('RINGING')).map((s) => [s.kind, s.recipientId, s.senderId])).toEqual([
      ['missed', CALLEE, CALLER],
      ['missed', CALLER, CALLEE],
    ]);
  });

  it('should give a duration in whole seconds to ended calls only', () => {
    const end = new Date(NOW.getTime() + 61_900);
    expect([
      durationSeconds('ENDED', NOW, end),
      durationSeconds('ACTIVE', NOW, null),
      durationSeconds('MISSED', null, end),
    ]).toEqual([61, null, null]);
  });
});
