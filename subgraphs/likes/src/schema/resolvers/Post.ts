import type { PostResolvers } from '../generated/resolvers-types.js';

// A Post reaches these resolvers only from posts (which answered it for this viewer) or from a
// like mutation that asked posts first: its visibility is settled before its likes are asked for.
export const Post: PostResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  likeCount: (post, _, ctx) => ctx.likes.likeCount(post.id),
  viewerHasLiked: (post, _, ctx) => ctx.likes.viewerHasLiked(post.id),
  likers: (post, args, ctx) => ctx.likes.likers(post.id, args),
};
