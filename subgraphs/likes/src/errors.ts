import { defineErrors, ErrorCode } from '@shutter/runtime';

/** The like rules a request can break (sent as `extensions.reason`), with their public codes. */
export const { codes: LikeError, map: likeErrors } = defineErrors({
  /** No such post, deleted, or not visible to the viewer: reported alike, so ids reveal nothing. */
  POST_NOT_FOUND: ErrorCode.NOT_FOUND,
});
export type LikeError = keyof typeof likeErrors;
