import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CommentMapper, PostMapper } from '../mappers.js';
import type { Context } from '../../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date-time in UTC, e.g. 2026-11-25T10:00:00.000Z. */
  DateTime: { input: string; output: Date | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/**
 * A comment on a post, or a reply to a top-level comment (one level of threading). Shown to whoever may
 * see its post, except across a block between the viewer and its author, either way (moderators and
 * admins see it).
 */
export type Comment = {
  __typename?: 'Comment';
  /** Who wrote it. */
  author: User;
  /** 1..2200 characters, trimmed; @mentions in it are recognised. */
  body: Scalars['String']['output'];
  /** When it was written. */
  createdAt: Scalars['DateTime']['output'];
  /** When the author last edited the body; null if never. */
  editedAt: Maybe<Scalars['DateTime']['output']>;
  /** The comment's id (a UUID). */
  id: Scalars['ID']['output'];
  /** The accounts @mentioned in the body that existed when it was written, in order of appearance. */
  mentions: Array<User>;
  /** The top-level comment this one replies to; null for a top-level comment (or one the viewer does not see across a block). */
  parent: Maybe<Comment>;
  /** The post it is on. */
  post: Post;
  /**
   * Replies to a top-level comment, oldest first; always empty for a reply. Replies by accounts in a
   * block with the viewer are left out (moderators and admins see them).
   */
  replies: CommentConnection;
  /**
   * How many replies a top-level comment has, including those the viewer does not see across a block;
   * 0 for a reply.
   */
  replyCount: Scalars['Int']['output'];
};


/**
 * A comment on a post, or a reply to a top-level comment (one level of threading). Shown to whoever may
 * see its post, except across a block between the viewer and its author, either way (moderators and
 * admins see it).
 */
export type CommentRepliesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of comments, oldest first (Relay connection). */
export type CommentConnection = {
  __typename?: 'CommentConnection';
  /** The comments of this page, each with its cursor. */
  edges: Array<CommentEdge>;
  /** Whether newer comments follow, and the cursor to ask for them. */
  pageInfo: PageInfo;
};

/** One comment of a page, with its cursor. */
export type CommentEdge = {
  __typename?: 'CommentEdge';
  /** Pass as `after` to get the comments newer than this one. */
  cursor: Scalars['String']['output'];
  /** The comment. */
  node: Comment;
};

/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Comments on a post the viewer may see. With parentId, a reply: to a comment of the same post (a
   * reply to a reply joins the thread of its top-level comment). @mentions in the body are recognised.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`postId` or `parentId` malformed; `body` empty or over
   * 2200 characters; reason PARENT_ON_OTHER_POST on `parentId`); NOT_FOUND (reason POST_NOT_FOUND on
   * `postId`: no such post, deleted, or not visible to the viewer; COMMENT_NOT_FOUND on `parentId`: no
   * such comment, or one the viewer does not see).
   */
  addComment: Comment;
  /**
   * Deletes a comment, with its replies (its author, the post's author, MODERATOR or ADMIN). Returns the id.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`id` malformed); NOT_FOUND (reason COMMENT_NOT_FOUND: no
   * such comment, its post not visible to the viewer, or someone else's comment the viewer does not
   * see); FORBIDDEN (reason NOT_ALLOWED_TO_DELETE).
   */
  deleteComment: Scalars['ID']['output'];
  /**
   * Changes the body (the comment's author only) and sets editedAt; mentions follow the new body.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`id` malformed; `body` empty or over 2200 characters);
   * NOT_FOUND (reason COMMENT_NOT_FOUND: no such comment, or one the viewer does not see); FORBIDDEN
   * (reason NOT_COMMENT_AUTHOR).
   */
  editComment: Comment;
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationAddCommentArgs = {
  body: Scalars['String']['input'];
  parentId?: InputMaybe<Scalars['ID']['input']>;
  postId: Scalars['ID']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationDeleteCommentArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationEditCommentArgs = {
  body: Scalars['String']['input'];
  id: Scalars['ID']['input'];
};

/**
 * Where a page ends (Relay). Cursors are keysets (a time and an id): the next page continues exactly
 * after the cursor's item, with no duplicates or gaps, however the list changes meanwhile.
 */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the page's last item, to pass as `after` for the next page; null for an empty page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** Whether there are more items after this page. */
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * A photo or video post: 1..10 media and an optional caption, with its likes and comments. A post is
 * visible to its author and to staff (MODERATOR, ADMIN); to anyone else only if no block separates them
 * and its author's account is public, or private with them as an approved follower. Elsewhere it is
 * null or left out, as if it did not exist.
 */
export type Post = {
  __typename?: 'Post';
  /** Comments and replies on the post, including those the viewer does not see across a block. */
  commentCount: Scalars['Int']['output'];
  /**
   * Top-level comments, oldest first; comments by accounts in a block with the viewer are left out
   * (moderators and admins see them).
   */
  comments: CommentConnection;
  /** The post's id (a UUID). */
  id: Scalars['ID']['output'];
};


/**
 * A photo or video post: 1..10 media and an optional caption, with its likes and comments. A post is
 * visible to its author and to staff (MODERATOR, ADMIN); to anyone else only if no block separates them
 * and its author's account is public, or private with them as an approved follower. Elsewhere it is
 * null or left out, as if it did not exist.
 */
export type PostCommentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type Query = {
  __typename?: 'Query';
  /** A comment the viewer may see (its post visible to them, its author not in a block with them); null otherwise. */
  comment: Maybe<Comment>;
};


/**
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type QueryCommentArgs = {
  id: Scalars['ID']['input'];
};

/**
 * Live updates, served by the gateway over graphql-ws at /graphql (not by the subgraphs). Each push is
 * what the matching query (`post`, `comment`, `notification`, `callSignal`) answers the subscriber by
 * id at that moment, so nothing is pushed that they may not see. Sign in with the access token in
 * connectionParams.authorization: an invalid token closes the socket with code 4403, an expired one
 * with 4401 (refresh and reconnect).
 */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Each new comment or reply on a post, as `comment(id)` answers it for the subscriber (comments by
   * accounts in a block with the viewer are not pushed). NOT_FOUND when subscribing to a post the
   * viewer may not see.
   */
  commentAdded: Comment;
};


/**
 * Live updates, served by the gateway over graphql-ws at /graphql (not by the subgraphs). Each push is
 * what the matching query (`post`, `comment`, `notification`, `callSignal`) answers the subscriber by
 * id at that moment, so nothing is pushed that they may not see. Sign in with the access token in
 * connectionParams.authorization: an invalid token closes the socket with code 4403, an expired one
 * with 4401 (refresh and reconnect).
 */
export type SubscriptionCommentAddedArgs = {
  postId: Scalars['ID']['input'];
};

/**
 * A Shutter account: its username and role, public profile, follow graph and posts. Anyone, signed in
 * or not, may read its fields, except where a field says otherwise.
 */
export type User = {
  __typename?: 'User';
  /** The account's id (a UUID), stable for its lifetime. */
  id: Scalars['ID']['output'];
};



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Comment: Comment;
  Post: Post;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Comment:
    ( { __typename: 'Comment' }
    & GraphQLRecursivePick<FederationTypes['Comment'], {"id":true}> );
  Post:
    ( { __typename: 'Post' }
    & GraphQLRecursivePick<FederationTypes['Post'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Comment: ResolverTypeWrapper<CommentMapper>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CommentConnection: ResolverTypeWrapper<Omit<CommentConnection, 'edges'> & { edges: Array<ResolversTypes['CommentEdge']> }>;
  CommentEdge: ResolverTypeWrapper<Omit<CommentEdge, 'node'> & { node: ResolversTypes['Comment'] }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Post: ResolverTypeWrapper<PostMapper>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<User>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Comment: CommentMapper;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  CommentConnection: Omit<CommentConnection, 'edges'> & { edges: Array<ResolversParentTypes['CommentEdge']> };
  CommentEdge: Omit<CommentEdge, 'node'> & { node: ResolversParentTypes['Comment'] };
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Post: PostMapper;
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  User: User;
};

export type CommentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Comment'] = ResolversParentTypes['Comment'], FederationReferenceType extends FederationReferenceTypes['Comment'] = FederationReferenceTypes['Comment']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Comment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  author?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  editedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  mentions?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['Comment']>, ParentType, ContextType>;
  post?: Resolver<ResolversTypes['Post'], ParentType, ContextType>;
  replies?: Resolver<ResolversTypes['CommentConnection'], ParentType, ContextType, Partial<CommentRepliesArgs>>;
  replyCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CommentConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CommentConnection'] = ResolversParentTypes['CommentConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CommentEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CommentEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CommentEdge'] = ResolversParentTypes['CommentEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Comment'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  addComment?: Resolver<ResolversTypes['Comment'], ParentType, ContextType, RequireFields<MutationAddCommentArgs, 'body' | 'postId'>>;
  deleteComment?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteCommentArgs, 'id'>>;
  editComment?: Resolver<ResolversTypes['Comment'], ParentType, ContextType, RequireFields<MutationEditCommentArgs, 'body' | 'id'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PostResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Post'] = ResolversParentTypes['Post'], FederationReferenceType extends FederationReferenceTypes['Post'] = FederationReferenceTypes['Post']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Post']> | FederationReferenceType, FederationReferenceType, ContextType>;
  commentCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  comments?: Resolver<ResolversTypes['CommentConnection'], ParentType, ContextType, Partial<PostCommentsArgs>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  comment?: Resolver<Maybe<ResolversTypes['Comment']>, ParentType, ContextType, RequireFields<QueryCommentArgs, 'id'>>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  commentAdded?: SubscriptionResolver<ResolversTypes['Comment'], "commentAdded", ParentType, ContextType, RequireFields<SubscriptionCommentAddedArgs, 'postId'>>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Comment?: CommentResolvers<ContextType>;
  CommentConnection?: CommentConnectionResolvers<ContextType>;
  CommentEdge?: CommentEdgeResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Post?: PostResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

