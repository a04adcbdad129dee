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
  // updateProfile's `input.avatarUploadId`, as the posts subgraph judged the upload (ADR 0023).
  /** Missing, or another user's: reported alike, so ids reveal nothing. */
  UPLOAD_NOT_FOUND: ErrorCode.BAD_USER_INPUT,
  /** In a post or an avatar already. */
  UPLOAD_ALREADY_USED: ErrorCode.BAD_USER_INPUT,
  /** No bytes have arrived (yet). */
  UPLOAD_EMPTY: ErrorCode.BAD_USER_INPUT,
  /** The target expired before the bytes arrived, or with none. */
  UPLOAD_EXPIRED: ErrorCode.BAD_USER_INPUT,
  /** More bytes arrived than declared. */
  UPLOAD_TOO_LARGE: ErrorCode.BAD_USER_INPUT,
  /** Not an image, or one that fails the image checks. */
  UNSUPPORTED_MEDIA: ErrorCode.BAD_USER_INPUT,
});
export type ProfileError = keyof typeof profileErrors;
