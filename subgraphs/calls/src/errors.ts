import { defineErrors, ErrorCode } from '@shutter/runtime';

/** The call rules a request can break (sent as `extensions.reason`), with their public codes. */
export const { codes: CallError, map: callErrors } = defineErrors({
  /** startCall to yourself. */
  SELF_CALL: ErrorCode.BAD_USER_INPUT,
  /** startCall to an account that does not exist (yet: accounts arrive by events). */
  USER_NOT_FOUND: ErrorCode.NOT_FOUND,
  /** startCall across a block, in either direction. */
  BLOCKED: ErrorCode.FORBIDDEN,
  /** startCall while the caller or the callee is in a ringing or active call. */
  BUSY: ErrorCode.CONFLICT,
  /** No such call, or the viewer is not one of its participants: reported alike. */
  CALL_NOT_FOUND: ErrorCode.NOT_FOUND,
  /** answerCall or declineCall by the caller. */
  NOT_CALLEE: ErrorCode.FORBIDDEN,
  /** answerCall or declineCall on a call that is no longer ringing. */
  CALL_NOT_RINGING: ErrorCode.CONFLICT,
  /** A change or a signal on a call that already ended (declined, cancelled, missed, ended). */
  CALL_ENDED: ErrorCode.CONFLICT,
});
export type CallError = keyof typeof callErrors;
