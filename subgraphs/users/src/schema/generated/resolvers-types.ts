import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
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
  /** An ISO-8601 date-time in UTC, e.g. 2026-11-25T10:00:00.000Z. */
  DateTime: { input: string; output: Date | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/**
 * Tokens for a signed-in session. Send the access token as `Authorization: Bearer <token>`; when it
 * expires, exchange the refresh token for a new pair with `refreshToken`. A refresh token works once.
 */
export type AuthPayload = {
  __typename?: 'AuthPayload';
  /**
   * An ES256 JWT naming the account; send it as `Authorization: Bearer <token>` (or, for subscriptions,
   * in connectionParams.authorization). Valid for ACCESS_TOKEN_TTL_SECONDS (15 minutes by default).
   */
  accessToken: Scalars['String']['output'];
  /** When the access token stops being accepted. */
  accessTokenExpiresAt: Scalars['DateTime']['output'];
  /**
   * Opaque; exchange it once with `refreshToken` for a new pair, or end the session with `logout`.
   * Keep it secret: presenting a used one again (outside a few seconds' grace) ends every session of
   * that sign-in.
   */
  refreshToken: Scalars['String']['output'];
  /**
   * When the refresh token expires if unused (REFRESH_TOKEN_TTL_SECONDS, 30 days by default, counted
   * again from every refresh).
   */
  refreshTokenExpiresAt: Scalars['DateTime']['output'];
  /** The account signed in; its `email` is visible in this payload. */
  user: User;
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
   * Changes the signed-in user's password and signs out all their sessions (every refresh token of the
   * account stops working). Returns true.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (reason WRONG_CURRENT_PASSWORD on `currentPassword`; on
   * `newPassword` the rules of RegisterInput.password, the same password again, or one containing the
   * username); RATE_LIMITED (by default 5 per 15 minutes per account, 20 per client address).
   */
  changePassword: Scalars['Boolean']['output'];
  /**
   * Changes the signed-in user's username (unique, compared case-insensitively; the rules of
   * `RegisterInput.username`); giving the current one changes nothing. Sessions stay signed in.
   * `updateProfile(input: { username })` does the same together with profile fields.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`username`); CONFLICT (reason USERNAME_TAKEN).
   */
  changeUsername: User;
  /**
   * Signs in with a username or email and a password.
   *
   * Errors: UNAUTHENTICATED (reason INVALID_CREDENTIALS: the same for an unknown account and a wrong
   * password); BAD_USER_INPUT (`usernameOrEmail` empty); RATE_LIMITED (by default 10 attempts per 15
   * minutes per account, 100 per client address, failed or not).
   */
  login: AuthPayload;
  /**
   * Ends the session the refresh token belongs to (its refresh tokens stop working; access tokens
   * already issued expire on their own). Always true, so it reveals nothing about the token.
   */
  logout: Scalars['Boolean']['output'];
  /**
   * Exchanges a refresh token for a new token pair. Each refresh token works once; presenting a
   * used one again signs out every session that descends from the same login, unless it comes
   * within a few seconds of its use (concurrent refreshes, a retry after a lost response): then the
   * answer carries the same new refresh token as the first time.
   *
   * Errors: UNAUTHENTICATED (reason INVALID_REFRESH_TOKEN: unknown, expired, used or revoked: sign in
   * again); RATE_LIMITED (by default 10 a minute per refresh token, 300 per client address).
   */
  refreshToken: AuthPayload;
  /**
   * Creates an account and signs it in.
   *
   * Errors: BAD_USER_INPUT (one per invalid field of `input`, see RegisterInput); CONFLICT (reason
   * EMAIL_TAKEN on `input.email`, USERNAME_TAKEN on `input.username`); RATE_LIMITED (by default 5 an
   * hour per email, 20 an hour per client address).
   */
  register: AuthPayload;
  /**
   * Changes a user's role and signs them out of every session. ADMIN only (the caller's current
   * role counts, not the one their access token was issued with); giving the role the user has changes
   * nothing.
   *
   * Errors: UNAUTHENTICATED; FORBIDDEN (reason ADMIN_REQUIRED: the caller is no admin; OWN_ROLE: an
   * admin's own account); BAD_USER_INPUT (`userId` malformed); NOT_FOUND (reason USER_NOT_FOUND).
   */
  setUserRole: User;
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationChangePasswordArgs = {
  currentPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationChangeUsernameArgs = {
  username: Scalars['String']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationLoginArgs = {
  password: Scalars['String']['input'];
  usernameOrEmail: Scalars['String']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationLogoutArgs = {
  refreshToken: Scalars['String']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationRefreshTokenArgs = {
  refreshToken: Scalars['String']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationRegisterArgs = {
  input: RegisterInput;
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationSetUserRoleArgs = {
  role: Role;
  userId: Scalars['ID']['input'];
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
  /** The signed-in user (their email included), or null when anonymous. */
  me: Maybe<User>;
  /**
   * Looks a user up by id or by username (give exactly one: BAD_USER_INPUT otherwise). Null when no such
   * user exists, and also when that user has blocked the signed-in viewer: to them the blocker looks
   * like nobody (moderators and admins still find it).
   */
  user: Maybe<User>;
};


/**
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type QueryUserArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
};

/**
 * A new account: each field is checked, and each problem answered as a BAD_USER_INPUT error naming it
 * (`input.email`, `input.username`, `input.password`).
 */
export type RegisterInput = {
  /**
   * A valid email address of at most 254 characters; trimmed and stored in lower case. Must not belong
   * to another account (CONFLICT, reason EMAIL_TAKEN).
   */
  email: Scalars['String']['input'];
  /**
   * 10..128 characters with at least 4 different ones; common passwords and ones containing the
   * username are refused. Compared in Unicode NFC, so composed and decomposed accents are the same.
   */
  password: Scalars['String']['input'];
  /**
   * 3..30 characters of a-z, 0-9, dot and underscore (upper case is folded to lower case), with a
   * letter or digit, no dot first, last or twice in a row, and not a reserved name (admin, support, …).
   * Must not belong to another account (CONFLICT, reason USERNAME_TAKEN).
   */
  username: Scalars['String']['input'];
};

/**
 * What an account may do beyond its own content. A change (setUserRole) takes effect at once: every
 * subgraph decides by the account's current role, never by the role its access token was issued with.
 */
export type Role =
  /** Staff with every MODERATOR power who also sees every account's email and changes roles (setUserRole). */
  | 'ADMIN'
  /**
   * Staff: may delete anyone's posts and comments, and sees what privacy and blocks hide from others
   * (private accounts' posts and follower lists, comments and likers across a block, accounts that
   * blocked them).
   */
  | 'MODERATOR'
  /** A regular account: it changes and deletes its own content only. */
  | 'USER';

/**
 * A Shutter account: its username and role, public profile, follow graph and posts. Anyone, signed in
 * or not, may read its fields, except where a field says otherwise.
 */
export type User = {
  __typename?: 'User';
  /** When the account was registered. */
  createdAt: Scalars['DateTime']['output'];
  /** Visible to the user themself and to admins only (by their current role); null for everyone else. */
  email: Maybe<Scalars['String']['output']>;
  /** The account's id (a UUID), stable for its lifetime. */
  id: Scalars['ID']['output'];
  /** What the account may do (see Role); visible to everyone. */
  role: Role;
  /** Unique, 3..30 characters of a-z, 0-9, dot and underscore; compared case-insensitively. */
  username: Scalars['String']['output'];
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
  AuthPayload: ResolverTypeWrapper<Omit<AuthPayload, 'user'> & { user: ResolversTypes['User'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegisterInput: RegisterInput;
  Role: Role;
  User: ResolverTypeWrapper<UserMapper>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AuthPayload: Omit<AuthPayload, 'user'> & { user: ResolversParentTypes['User'] };
  String: Scalars['String']['output'];
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  ID: Scalars['ID']['output'];
  Query: Record<PropertyKey, never>;
  RegisterInput: RegisterInput;
  User: UserMapper;
};

export type AuthPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AuthPayload'] = ResolversParentTypes['AuthPayload']> = {
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accessTokenExpiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  refreshToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  refreshTokenExpiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  changePassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationChangePasswordArgs, 'currentPassword' | 'newPassword'>>;
  changeUsername?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationChangeUsernameArgs, 'username'>>;
  login?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'password' | 'usernameOrEmail'>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationLogoutArgs, 'refreshToken'>>;
  refreshToken?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationRefreshTokenArgs, 'refreshToken'>>;
  register?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationRegisterArgs, 'input'>>;
  setUserRole?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationSetUserRoleArgs, 'role' | 'userId'>>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, Partial<QueryUserArgs>>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
  username?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  AuthPayload?: AuthPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

