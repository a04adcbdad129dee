import type { PostResolvers } from '../generated/resolvers-types.js';

const user = (id: string) => ({ id });

export const Post: PostResolvers = {
  __resolveReference: (ref, ctx) => ctx.posts.get(ref.id),
  author: (post) => user(post.author_id),
  hashtags: (post) => post.hashtags ?? [],
  mentions: (post) => (post.mention_ids ?? []).map(user),
  media: (post, _, ctx) => post.media ?? ctx.posts.media(post.id),
  createdAt: (post) => post.created_at,
  updatedAt: (post) => post.updated_at,
};
