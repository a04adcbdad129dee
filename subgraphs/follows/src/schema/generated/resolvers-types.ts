import type { GraphQLResolveInfo } from 'graphql';
import type { UserMapper } from '../mappers.js';
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
   * Accepts a pending request from userId to follow the signed-in user: they now follow you. Returns
   * the requester.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`userId` malformed, or yourself); NOT_FOUND (reason
   * USER_NOT_FOUND, or NO_PENDING_REQUEST when that user has no pending request to you).
   */
  approveFollowRequest: User;
  /**
   * Blocks a user: removes follows and requests in both directions and prevents new ones; each side's
   * posts, comments, likes and notifications are hidden from the other, and the blocked user no longer
   * finds you with `user`. Idempotent. Returns the user.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`userId` malformed, or yourself); NOT_FOUND (reason
   * USER_NOT_FOUND).
   */
  block: User;
  /**
   * Follows a user; for a private account this sends a follow request instead (see
   * `viewerFollowRequested`). Idempotent: following or asking again changes nothing. Returns the user.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`userId` malformed, or yourself); NOT_FOUND (reason
   * USER_NOT_FOUND); FORBIDDEN (reason BLOCKED: a block between the two accounts, either way).
   */
  follow: User;
  /**
   * Declines a pending request from userId (they are not told). Returns the requester.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`userId` malformed, or yourself); NOT_FOUND (reason
   * USER_NOT_FOUND, or NO_PENDING_REQUEST when that user has no pending request to you).
   */
  rejectFollowRequest: User;
  /**
   * Lifts a block (follows it removed do not come back). Idempotent. Returns the user.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`userId` malformed, or yourself); NOT_FOUND (reason
   * USER_NOT_FOUND).
   */
  unblock: User;
  /**
   * Stops following a user, or withdraws a pending request. Idempotent. Returns the user.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`userId` malformed, or yourself); NOT_FOUND (reason
   * USER_NOT_FOUND).
   */
  unfollow: User;
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationApproveFollowRequestArgs = {
  userId: Scalars['ID']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationBlockArgs = {
  userId: Scalars['ID']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationFollowArgs = {
  userId: Scalars['ID']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationRejectFollowRequestArgs = {
  userId: Scalars['ID']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationUnblockArgs = {
  userId: Scalars['ID']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationUnfollowArgs = {
  userId: Scalars['ID']['input'];
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
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type Query = {
  __typename?: 'Query';
  /**
   * Pending requests to follow the signed-in (private) user, newest first; approve or reject each with
   * its requester's id. Needs a signed-in user (UNAUTHENTICATED otherwise).
   */
  followRequests: UserConnection;
};


/**
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type QueryFollowRequestsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * A Shutter account: its username and role, public profile, follow graph and posts. Anyone, signed in
 * or not, may read its fields, except where a field says otherwise.
 */
export type User = {
  __typename?: 'User';
  /** How many accounts follow this one (every follow, also those the viewer does not see in `followers`). */
  followerCount: Scalars['Int']['output'];
  /**
   * The accounts following this user, newest follow first; accounts in a block with the viewer are left
   * out. Empty when the viewer may not see them: a block between the viewer and this user (either way),
   * or a private account the viewer neither is nor follows (moderators and admins see them).
   */
  followers: UserConnection;
  /**
   * The accounts this user follows, newest follow first; accounts in a block with the viewer are left
   * out. Empty when the viewer may not see them: a block between the viewer and this user (either way),
   * or a private account the viewer neither is nor follows (moderators and admins see them).
   */
  following: UserConnection;
  /** How many accounts this one follows (every follow, also those the viewer does not see in `following`). */
  followingCount: Scalars['Int']['output'];
  /** The account's id (a UUID), stable for its lifetime. */
  id: Scalars['ID']['output'];
  /**
   * Whether the signed-in user has asked to follow this (private) user and awaits approval; false when
   * anonymous.
   */
  viewerFollowRequested: Scalars['Boolean']['output'];
  /** Whether the signed-in user follows this user; false when anonymous. */
  viewerFollows: Scalars['Boolean']['output'];
  /** Whether the signed-in user has blocked this user; false when anonymous. */
  viewerHasBlocked: Scalars['Boolean']['output'];
};


/**
 * A Shutter account: its username and role, public profile, follow graph and posts. Anyone, signed in
 * or not, may read its fields, except where a field says otherwise.
 */
export type UserFollowersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A Shutter account: its username and role, public profile, follow graph and posts. Anyone, signed in
 * or not, may read its fields, except where a field says otherwise.
 */
export type UserFollowingArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
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
  User: User;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  User: ResolverTypeWrapper<UserMapper>;
  UserConnection: ResolverTypeWrapper<Omit<UserConnection, 'edges'> & { edges: Array<ResolversTypes['UserEdge']> }>;
  UserEdge: ResolverTypeWrapper<Omit<UserEdge, 'node'> & { node: ResolversTypes['User'] }>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  PageInfo: PageInfo;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  User: UserMapper;
  UserConnection: Omit<UserConnection, 'edges'> & { edges: Array<ResolversParentTypes['UserEdge']> };
  UserEdge: Omit<UserEdge, 'node'> & { node: ResolversParentTypes['User'] };
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  approveFollowRequest?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationApproveFollowRequestArgs, 'userId'>>;
  block?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationBlockArgs, 'userId'>>;
  follow?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationFollowArgs, 'userId'>>;
  rejectFollowRequest?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationRejectFollowRequestArgs, 'userId'>>;
  unblock?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUnblockArgs, 'userId'>>;
  unfollow?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUnfollowArgs, 'userId'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  followRequests?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, Partial<QueryFollowRequestsArgs>>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  followerCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  followers?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, Partial<UserFollowersArgs>>;
  following?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, Partial<UserFollowingArgs>>;
  followingCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  viewerFollowRequested?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  viewerFollows?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  viewerHasBlocked?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
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
  Query?: QueryResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserConnection?: UserConnectionResolvers<ContextType>;
  UserEdge?: UserEdgeResolvers<ContextType>;
};

