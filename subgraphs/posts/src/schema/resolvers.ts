import { DateTimeScalar, type GraphQLResolverMap, type PageArgs } from '@shutter/runtime';
import type { PostsContext } from '../context.js';
import type { Media } from '../db.js';
import type { PostRow } from '../repositories/post.repository.js';

type Ctx = PostsContext;
const user = (id: string) => ({ __typename: 'User', id });

export const resolvers: GraphQLResolverMap<PostsContext> = {
  DateTime: DateTimeScalar,
  Query: {
    post: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.posts.get(id),
    search: (_: unknown, { query, ...args }: PageArgs & { query: string }, ctx: Ctx) => ctx.posts.find(query, args),
    explore: (_: unknown, args: PageArgs, ctx: Ctx) => ctx.posts.page({ publicOnly: true }, args),
    hashtag: (_: unknown, { tag, ...args }: PageArgs & { tag: string }, ctx: Ctx) => ctx.posts.hashtag(tag, args),
  },
  Mutation: {
    requestUpload: (_: unknown, { input }: { input: unknown }, ctx: Ctx) => ctx.posts.requestUpload(input),
    createPost: (_: unknown, { input }: { input: unknown }, ctx: Ctx) => ctx.posts.create(input),
    updatePost: (_: unknown, { id, caption }: { id: string; caption?: unknown }, ctx: Ctx) =>
      ctx.posts.updateCaption(id, caption ?? null),
    deletePost: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.posts.delete(id),
  },
  User: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    posts: (ref: { id: string }, args: PageArgs, ctx: Ctx) => ctx.posts.page({ authorId: ref.id }, args),
    postCount: (ref: { id: string }, _: unknown, ctx: Ctx) => ctx.posts.count(ref.id),
  },
  Post: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.posts.get(ref.id),
    author: (post: PostRow) => user(post.author_id),
    hashtags: (post: PostRow) => post.hashtags ?? [],
    mentions: (post: PostRow) => (post.mention_ids ?? []).map(user),
    media: (post: PostRow, _: unknown, ctx: Ctx) => ctx.posts.media(post.id),
    createdAt: (post: PostRow) => post.created_at,
    updatedAt: (post: PostRow) => post.updated_at,
  },
  Media: {
    url: (media: Media, _: unknown, ctx: Ctx) => ctx.posts.mediaUrl(media),
  },
};
