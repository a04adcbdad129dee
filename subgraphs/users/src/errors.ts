import { defineErrors, ErrorCode } from '@shutter/runtime';

/** The account and sign-in rules a request can break (sent as `extensions.reason`), with their public codes. */
export const { codes: UserError, map: userErrors } = defineErrors({
  /** register: another account has this email (field `input.email`). */
  EMAIL_TAKEN: ErrorCode.CONFLICT,
  /** register (`input.username`) or changeUsername (`username`): another account has this username. */
  USERNAME_TAKEN: ErrorCode.CONFLICT,
  /** login: unknown account or wrong password; the two are indistinguishable on purpose. */
  INVALID_CREDENTIALS: ErrorCode.UNAUTHENTICATED,
  /** refreshToken: unknown, expired, used or revoked. */
  INVALID_REFRESH_TOKEN: ErrorCode.UNAUTHENTICATED,
  /** changePassword: the current password given is not the account's (field `currentPassword`). */
  WRONG_CURRENT_PASSWORD: ErrorCode.BAD_USER_INPUT,
  /** setUserRole by anyone but an admin. */
  ADMIN_REQUIRED: ErrorCode.FORBIDDEN,
  /** setUserRole on the admin's own account. */
  OWN_ROLE: ErrorCode.FORBIDDEN,
  USER_NOT_FOUND: ErrorCode.NOT_FOUND,
});
export type UserError = keyof typeof userErrors;
