import { assertUnreachable, ErrorCode, type ErrorMap } from '@shutter/runtime';

/** The follow rules a request can break. */
export const FollowError = {
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  NO_PENDING_REQUEST: 'NO_PENDING_REQUEST',
  BLOCKED: 'BLOCKED',
} as const;
export type FollowError = (typeof FollowError)[keyof typeof FollowError];

export const followErrors: ErrorMap<FollowError> = (code) => {
  switch (code) {
    case FollowError.USER_NOT_FOUND:
    case FollowError.NO_PENDING_REQUEST:
      return ErrorCode.NOT_FOUND;
    case FollowError.BLOCKED:
      return ErrorCode.FORBIDDEN;
    default:
      return assertUnreachable(code);
  }
};
