import { defineErrors, ErrorCode } from '@shutter/runtime';

/** The profile rules a request can break (bad input and sign-in use the shared codes). */
export const { codes: ProfileError, map: profileErrors } = defineErrors({
  /** The users subgraph refused the new username: another account has it. */
  USERNAME_TAKEN: ErrorCode.CONFLICT,
  /**
   * The profile write failed after the username had changed, and the username was changed back:
   * nothing changed. A fault of the service (the client may retry), hence INTERNAL_SERVER_ERROR.
   */
  PROFILE_NOT_SAVED: ErrorCode.INTERNAL_SERVER_ERROR,
  /** As PROFILE_NOT_SAVED, but changing the username back failed too: only the username changed. */
  PROFILE_PARTLY_SAVED: ErrorCode.INTERNAL_SERVER_ERROR,
});
export type ProfileError = keyof typeof profileErrors;
