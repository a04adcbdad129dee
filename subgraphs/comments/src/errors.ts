import { defineErrors, ErrorCode } from '@shutter/runtime';

/** The comment rules a request can break (sent as `extensions.reason`), with their public codes. */
export const { codes: CommentError, map: commentErrors } = defineErrors({
  /** No such post, deleted, or not visible to the viewer: reported alike, so ids reveal nothing. */
  POST_NOT_FOUND: ErrorCode.NOT_FOUND,
  /** No such comment, or one the viewer does not see (its post hidden, or its author across a block). */
  COMMENT_NOT_FOUND: ErrorCode.NOT_FOUND,
  /** addComment: parentId names a comment of another post. */
  PARENT_ON_OTHER_POST: ErrorCode.BAD_USER_INPUT,
  /** editComment is for the comment's author only. */
  NOT_COMMENT_AUTHOR: ErrorCode.FORBIDDEN,
  /** deleteComment is for the comment's author, the post's author, moderators and admins. */
  NOT_ALLOWED_TO_DELETE: ErrorCode.FORBIDDEN,
});
export type CommentError = keyof typeof commentErrors;
