import { assertUnreachable, ErrorCode, type ErrorMap } from '@shutter/runtime';

/** The profile rules a request can break (bad input and sign-in use the shared codes). */
export const ProfileError = {
  /** The users subgraph refused the new username: another account has it. */
  USERNAME_TAKEN: 'USERNAME_TAKEN',
} as const;
export type ProfileError = (typeof ProfileError)[keyof typeof ProfileError];

export const profileErrors: ErrorMap<ProfileError> = (code) => {
  switch (code) {
    case ProfileError.USERNAME_TAKEN:
      return ErrorCode.CONFLICT;
    default:
      return assertUnreachable(code);
  }
};
