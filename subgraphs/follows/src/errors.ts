import { defineErrors, ErrorCode } from '@shutter/runtime';

/** The follow rules a request can break (sent as `extensions.reason`), with their public codes. */
export const { codes: FollowError, map: followErrors } = defineErrors({
  /** The other account does not exist (yet: accounts arrive by events). */
  USER_NOT_FOUND: ErrorCode.NOT_FOUND,
  /** approve/rejectFollowRequest without a pending request from that user. */
  NO_PENDING_REQUEST: ErrorCode.NOT_FOUND,
  /** follow across a block, in either direction. */
  BLOCKED: ErrorCode.FORBIDDEN,
});
export type FollowError = keyof typeof followErrors;
