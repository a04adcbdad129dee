import type { CommentResolvers } from '../generated/resolvers-types.js';

const user = (id: string) => ({ id });

export const Comment: CommentResolvers = {
  // Another subgraph's reference does not come through the post: checked like Query.comment.
  __resolveReference: (ref, ctx) => ctx.comments.get(ref.id),
  post: (comment) => ({ id: comment.postId }),
  author: (comment) => user(comment.authorId),
  mentions: (comment) => comment.mentionIds.map(user),
  parent: (comment, _, ctx) => ctx.comments.parent(comment),
  replies: (comment, args, ctx) => ctx.comments.replies(comment, args),
};
