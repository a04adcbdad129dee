import type { GraphQLResolveInfo } from 'graphql';
import type { PostMapper } from '../mappers.js';
import type { Context } from '../../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
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
   * Likes a post the viewer may see. Idempotent: liking it again changes nothing. Returns the post.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`postId` malformed); NOT_FOUND (reason POST_NOT_FOUND: no
   * such post, deleted, or not visible to the viewer).
   */
  likePost: Post;
  /**
   * Takes a like back. Idempotent: unliking a post not liked changes nothing. Returns the post.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`postId` malformed); NOT_FOUND (reason POST_NOT_FOUND: no
   * such post, deleted, or not visible to the viewer).
   */
  unlikePost: Post;
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationLikePostArgs = {
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
export type MutationUnlikePostArgs = {
  postId: Scalars['ID']['input'];
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
  /** The post's id (a UUID). */
  id: Scalars['ID']['output'];
  /** How many accounts like the post, including those the viewer does not see in `likers`. */
  likeCount: Scalars['Int']['output'];
  /**
   * Who liked the post, newest like first; accounts in a block with the viewer are left out (moderators
   * and admins see them).
   */
  likers: UserConnection;
  /** Whether the signed-in user likes this post; false when anonymous. */
  viewerHasLiked: Scalars['Boolean']['output'];
};


/**
 * A photo or video post: 1..10 media and an optional caption, with its likes and comments. A post is
 * visible to its author and to staff (MODERATOR, ADMIN); to anyone else only if no block separates them
 * and its author's account is public, or private with them as an approved follower. Elsewhere it is
 * null or left out, as if it did not exist.
 */
export type PostLikersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
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

/** A page of accounts (Relay connection), in the order of the list it comes from. */
export type UserConnection = {
  __typename?: 'UserConnection';
  /** The accounts of this page, each with its cursor. */
  edges: Array<UserEdge>;
  /** Whether more accounts follow, and the cursor to ask for them. */
  pageInfo: PageInfo;
};

/** One account of a page, with its cursor. */
export type UserEdge = {
  __typename?: 'UserEdge';
  /** Pass as `after` to get the accounts that come after this one. */
  cursor: Scalars['String']['output'];
  /** The account. */
  node: User;
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
  Post: Post;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Post:
    ( { __typename: 'Post' }
    & GraphQLRecursivePick<FederationTypes['Post'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Post: ResolverTypeWrapper<PostMapper>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  User: ResolverTypeWrapper<User>;
  UserConnection: ResolverTypeWrapper<UserConnection>;
  UserEdge: ResolverTypeWrapper<UserEdge>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  PageInfo: PageInfo;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  Post: PostMapper;
  Int: Scalars['Int']['output'];
  User: User;
  UserConnection: UserConnection;
  UserEdge: UserEdge;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  likePost?: Resolver<ResolversTypes['Post'], ParentType, ContextType, RequireFields<MutationLikePostArgs, 'postId'>>;
  unlikePost?: Resolver<ResolversTypes['Post'], ParentType, ContextType, RequireFields<MutationUnlikePostArgs, 'postId'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PostResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Post'] = ResolversParentTypes['Post'], FederationReferenceType extends FederationReferenceTypes['Post'] = FederationReferenceTypes['Post']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Post']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  likeCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  likers?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, Partial<PostLikersArgs>>;
  viewerHasLiked?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type UserConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UserConnection'] = ResolversParentTypes['UserConnection']> = {
  edges?: Resolver<Array<ResolversTypes['UserEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type UserEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UserEdge'] = ResolversParentTypes['UserEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Post?: PostResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserConnection?: UserConnectionResolvers<ContextType>;
  UserEdge?: UserEdgeResolvers<ContextType>;
};

