import { defineErrors, ErrorCode } from '@shutter/runtime';

/** The post rules a request can break (sent as `extensions.reason`), with their public codes. */
export const { codes: PostError, map: postErrors } = defineErrors({
  /** updatePost and deletePost: no such post (or not visible). */
  POST_NOT_FOUND: ErrorCode.NOT_FOUND,
  /** Editing is for the author; deleting for the author, moderators and admins. */
  NOT_AUTHOR: ErrorCode.FORBIDDEN,
  // createPost: an upload in `input.uploadIds` that cannot go into a post.
  /** Missing, or another user's: reported alike, so ids reveal nothing. */
  UPLOAD_NOT_FOUND: ErrorCode.BAD_USER_INPUT,
  /** In a post already (or claimed by another post at the same moment). */
  UPLOAD_ALREADY_USED: ErrorCode.BAD_USER_INPUT,
  /** No bytes have arrived (yet). */
  UPLOAD_EMPTY: ErrorCode.BAD_USER_INPUT,
  /** The target expired before the bytes arrived, or with none. */
  UPLOAD_EXPIRED: ErrorCode.BAD_USER_INPUT,
  /** More bytes arrived than requestUpload declared. */
  UPLOAD_TOO_LARGE: ErrorCode.BAD_USER_INPUT,
  /** The bytes are not an allowed image or video of the declared kind. */
  UNSUPPORTED_MEDIA: ErrorCode.BAD_USER_INPUT,
});
export type PostError = keyof typeof postErrors;
