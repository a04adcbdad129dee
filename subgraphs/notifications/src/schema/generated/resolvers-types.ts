import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { NotificationMapper } from '../mappers.js';
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
  /** The comment's id (a UUID). */
  id: Scalars['ID']['output'];
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
   * Marks the signed-in user's notifications read: all of them, or with upTo only that one and those
   * older. Returns how many changed (0 when they were already read).
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`upTo` malformed); NOT_FOUND (reason
   * NOTIFICATION_NOT_FOUND on `upTo`: not one of the user's, unknown, or hidden by a block). Either
   * error changes nothing.
   */
  markNotificationsRead: Scalars['Int']['output'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationMarkNotificationsReadArgs = {
  upTo?: InputMaybe<Scalars['ID']['input']>;
};

/**
 * Something that happened to the signed-in user: their post liked or commented on, their comment
 * replied to, a mention, a new follower, a follow request, an approved request, a missed call. Never from an account
 * in a block with them, never about what they may not see; a like, unlike and like again notifies once.
 */
export type Notification = {
  __typename?: 'Notification';
  /** Who did it. */
  actor: User;
  /** The comment it is about (comment, reply, a mention in a comment); null otherwise, or when no longer visible to you. */
  comment: Maybe<Comment>;
  /** When it happened. */
  createdAt: Scalars['DateTime']['output'];
  /** Stable id (for `notification(id)` and `markNotificationsRead(upTo)`). */
  id: Scalars['ID']['output'];
  /**
   * What happened: `like` (actor liked your post), `comment` (actor commented on your post), `reply`
   * (actor replied to your comment), `mention` (actor mentioned you in a post, or in a comment when
   * `comment` is set), `follow` (actor follows you), `follow_request` (actor asks to follow your private
   * account), `follow_approved` (actor approved your request to follow them), `missed_call` (actor
   * called you and nobody answered).
   */
  kind: Scalars['String']['output'];
  /**
   * The post it is about (like, comment, reply, mention); null for follows and missed calls, or when
   * the post is no longer visible to you.
   */
  post: Maybe<Post>;
  /** Whether you marked it read (markNotificationsRead). */
  read: Scalars['Boolean']['output'];
};

/** A page of notifications, newest first (Relay connection). */
export type NotificationConnection = {
  __typename?: 'NotificationConnection';
  /** The notifications of this page, newest first. */
  edges: Array<NotificationEdge>;
  /** Whether there are older notifications, and the cursor to ask for them. */
  pageInfo: PageInfo;
};

/** One notification of a page, with its cursor. */
export type NotificationEdge = {
  __typename?: 'NotificationEdge';
  /** Pass as `after` to get the notifications older than this one. */
  cursor: Scalars['String']['output'];
  /** The notification. */
  node: Notification;
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
   * One of the signed-in user's notifications; null for anyone else's, an unknown id, or one hidden by
   * a block. Needs a signed-in user (UNAUTHENTICATED otherwise).
   */
  notification: Maybe<Notification>;
  /**
   * The signed-in user's notifications, newest first; those from accounts in a block with the user are
   * left out. Needs a signed-in user (UNAUTHENTICATED otherwise).
   */
  notifications: NotificationConnection;
  /**
   * How many of the signed-in user's notifications are unread (those left out across a block do not
   * count). Needs a signed-in user (UNAUTHENTICATED otherwise).
   */
  unreadNotificationCount: Scalars['Int']['output'];
};


/**
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type QueryNotificationArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type QueryNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
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
   * Each new notification of the signed-in viewer, as `notification(id)` answers it at that moment.
   * Needs an access token in connectionParams.authorization; UNAUTHENTICATED otherwise.
   */
  notificationReceived: Notification;
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





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Comment: ResolverTypeWrapper<Comment>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Notification: ResolverTypeWrapper<NotificationMapper>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  NotificationConnection: ResolverTypeWrapper<Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversTypes['NotificationEdge']> }>;
  NotificationEdge: ResolverTypeWrapper<Omit<NotificationEdge, 'node'> & { node: ResolversTypes['Notification'] }>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Post: ResolverTypeWrapper<Post>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<User>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Comment: Comment;
  ID: Scalars['ID']['output'];
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  Notification: NotificationMapper;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  NotificationConnection: Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversParentTypes['NotificationEdge']> };
  NotificationEdge: Omit<NotificationEdge, 'node'> & { node: ResolversParentTypes['Notification'] };
  PageInfo: PageInfo;
  Post: Post;
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  User: User;
};

export type CommentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Comment'] = ResolversParentTypes['Comment']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  markNotificationsRead?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<MutationMarkNotificationsReadArgs>>;
};

export type NotificationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Notification'] = ResolversParentTypes['Notification']> = {
  actor?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['Comment']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  post?: Resolver<Maybe<ResolversTypes['Post']>, ParentType, ContextType>;
  read?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type NotificationConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['NotificationConnection'] = ResolversParentTypes['NotificationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['NotificationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type NotificationEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['NotificationEdge'] = ResolversParentTypes['NotificationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Notification'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PostResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Post'] = ResolversParentTypes['Post']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  notification?: Resolver<Maybe<ResolversTypes['Notification']>, ParentType, ContextType, RequireFields<QueryNotificationArgs, 'id'>>;
  notifications?: Resolver<ResolversTypes['NotificationConnection'], ParentType, ContextType, Partial<QueryNotificationsArgs>>;
  unreadNotificationCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  notificationReceived?: SubscriptionResolver<ResolversTypes['Notification'], "notificationReceived", ParentType, ContextType>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Comment?: CommentResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  Notification?: NotificationResolvers<ContextType>;
  NotificationConnection?: NotificationConnectionResolvers<ContextType>;
  NotificationEdge?: NotificationEdgeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Post?: PostResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

