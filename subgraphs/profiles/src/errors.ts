import { defineErrors, ErrorCode } from '@shutter/runtime';

/** The profile rules a request can break (bad input and sign-in use the shared codes). */
export const { codes: ProfileError, map: profileErrors } = defineErrors({
  /** The users subgraph refused the new username: another account has it. */
  USERNAME_TAKEN: ErrorCode.CONFLICT,
});
export type ProfileError = keyof typeof profileErrors;
