import { assertUnreachable, ErrorCode, type ErrorMap } from '@shutter/runtime';

/** The post rules a request can break (sent as `extensions.reason`). */
export const PostError = {
  // updatePost and deletePost.
  POST_NOT_FOUND: 'POST_NOT_FOUND',
  /** Editing is for the author; deleting for the author, moderators and admins. */
  NOT_AUTHOR: 'NOT_AUTHOR',

  // createPost: an upload in `input.uploadIds` that cannot go into a post.
  /** Missing, or another user's: reported alike, so ids reveal nothing. */
  UPLOAD_NOT_FOUND: 'UPLOAD_NOT_FOUND',
  /** In a post already (or claimed by another post at the same moment). */
  UPLOAD_ALREADY_USED: 'UPLOAD_ALREADY_USED',
  /** No bytes have arrived (yet). */
  UPLOAD_EMPTY: 'UPLOAD_EMPTY',
  /** The target expired before the bytes arrived, or with none. */
  UPLOAD_EXPIRED: 'UPLOAD_EXPIRED',
  /** More bytes arrived than requestUpload declared. */
  UPLOAD_TOO_LARGE: 'UPLOAD_TOO_LARGE',
  /** The bytes are not an allowed image or video of the declared kind. */
  UNSUPPORTED_MEDIA: 'UNSUPPORTED_MEDIA',
} as const;
export type PostError = (typeof PostError)[keyof typeof PostError];

export const postErrors: ErrorMap<PostError> = (code) => {
  switch (code) {
    case PostError.UPLOAD_NOT_FOUND:
    case PostError.UPLOAD_ALREADY_USED:
    case PostError.UPLOAD_EMPTY:
    case PostError.UPLOAD_EXPIRED:
    case PostError.UPLOAD_TOO_LARGE:
    case PostError.UNSUPPORTED_MEDIA:
      return ErrorCode.BAD_USER_INPUT;
    case PostError.POST_NOT_FOUND:
      return ErrorCode.NOT_FOUND;
    case PostError.NOT_AUTHOR:
      return ErrorCode.FORBIDDEN;
    default:
      return assertUnreachable(code);
  }
};
