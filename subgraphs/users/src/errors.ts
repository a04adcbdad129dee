import { assertUnreachable, ErrorCode, type ErrorMap } from '@shutter/runtime';

/** The account and sign-in rules a request can break (sent as `extensions.reason`). */
export const UserError = {
  /** register: another account has this email (field `input.email`). */
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  /** register (`input.username`) or changeUsername (`username`): another account has this username. */
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  /** login: unknown account or wrong password; the two are indistinguishable on purpose. */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** refreshToken: unknown, expired, used or revoked. */
  INVALID_REFRESH_TOKEN: 'INVALID_REFRESH_TOKEN',
  /** changePassword: the current password given is not the account's (field `currentPassword`). */
  WRONG_CURRENT_PASSWORD: 'WRONG_CURRENT_PASSWORD',
  /** setUserRole by anyone but an admin. */
  ADMIN_REQUIRED: 'ADMIN_REQUIRED',
  /** setUserRole on the admin's own account. */
  OWN_ROLE: 'OWN_ROLE',
  USER_NOT_FOUND: 'USER_NOT_FOUND',
} as const;
export type UserError = (typeof UserError)[keyof typeof UserError];

export const userErrors: ErrorMap<UserError> = (code) => {
  switch (code) {
    case UserError.EMAIL_TAKEN:
    case UserError.USERNAME_TAKEN:
      return ErrorCode.CONFLICT;
    case UserError.INVALID_CREDENTIALS:
    case UserError.INVALID_REFRESH_TOKEN:
      return ErrorCode.UNAUTHENTICATED;
    case UserError.WRONG_CURRENT_PASSWORD:
      return ErrorCode.BAD_USER_INPUT;
    case UserError.ADMIN_REQUIRED:
    case UserError.OWN_ROLE:
      return ErrorCode.FORBIDDEN;
    case UserError.USER_NOT_FOUND:
      return ErrorCode.NOT_FOUND;
    default:
      return assertUnreachable(code);
  }
};
