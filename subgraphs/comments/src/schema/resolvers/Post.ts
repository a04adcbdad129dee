import type { PostResolvers } from '../generated/resolvers-types.js';

// A Post reaches these resolvers only from posts (which answered it for this viewer) or from a
// comment the viewer was shown: its visibility is settled before its comments are asked for.
export const Post: PostResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  commentCount: (post, _, ctx) => ctx.comments.commentCount(post.id),
  comments: (post, args, ctx) => ctx.comments.postComments(post.id, args),
};
