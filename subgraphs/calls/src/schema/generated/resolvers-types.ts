import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CallMapper, CallSignalMapper } from '../mappers.js';
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

/** A call between two accounts, as its two participants see it (nobody else can). */
export type Call = {
  __typename?: 'Call';
  /** When the callee answered; null if they never did. */
  answeredAt: Maybe<Scalars['DateTime']['output']>;
  /** Who was called. */
  callee: User;
  /** Who called. */
  caller: User;
  /** Whole seconds from answer to end for an ENDED call; null otherwise. */
  durationSeconds: Maybe<Scalars['Int']['output']>;
  /** When it ended (declined, cancelled, missed or hung up); null while ringing or active. */
  endedAt: Maybe<Scalars['DateTime']['output']>;
  /** Stable id (for answerCall, declineCall, endCall and sendCallSignal). */
  id: Scalars['ID']['output'];
  /** When the caller started it. */
  startedAt: Scalars['DateTime']['output'];
  /** Where the call is now (a call that rang past its timeout reads as MISSED). */
  status: CallStatus;
  /** Audio or video, as the caller chose. */
  type: CallType;
};

/** A page of calls, newest first (Relay connection). */
export type CallConnection = {
  __typename?: 'CallConnection';
  /** The calls of this page, newest first. */
  edges: Array<CallEdge>;
  /** Whether there are older calls, and the cursor to ask for them. */
  pageInfo: PageInfo;
};

/** One call of a page, with its cursor. */
export type CallEdge = {
  __typename?: 'CallEdge';
  /** Pass as `after` to get the calls older than this one. */
  cursor: Scalars['String']['output'];
  /** The call. */
  node: Call;
};

/** Something for one participant of a call, pushed by the `callSignals` subscription. */
export type CallSignal = {
  __typename?: 'CallSignal';
  /** The call, as it is when the signal is read (its status, caller and callee). */
  call: Call;
  /** The id of the call it belongs to (the same as `call.id`). */
  callId: Scalars['ID']['output'];
  /** The other participant of the call (who sent it, or whose side it is about for status changes). */
  from: User;
  /** Stable id (the subscription fetches each signal with `callSignal(id)`). */
  id: Scalars['ID']['output'];
  /**
   * `incoming` (you are being called), `offer`, `answer`, `ice-candidate` (sent by the other side with
   * sendCallSignal), or a status change: `answered` (payload: the callee's SDP answer), `declined`,
   * `ended`, `missed`, `cancelled`.
   */
  kind: Scalars['String']['output'];
  /**
   * Opaque to Shutter: the SDP or ICE candidate JSON the other side sent; null for status changes
   * other than `answered`.
   */
  payload: Maybe<Scalars['String']['output']>;
};

/**
 * Where a call is: RINGING until the callee answers (ACTIVE) or declines (DECLINED), the caller hangs
 * up (CANCELLED) or the ring timeout passes (MISSED); an ACTIVE call ENDED when either side hangs up.
 */
export type CallStatus =
  /** Answered: the two sides are talking. */
  | 'ACTIVE'
  /** The caller hung up while it rang. */
  | 'CANCELLED'
  /** The callee declined, or hung up while it rang. */
  | 'DECLINED'
  /** Answered, then hung up by either side (see durationSeconds). */
  | 'ENDED'
  /** Nobody answered before the ring timeout (the callee gets a `missed_call` notification). */
  | 'MISSED'
  /** Started, waiting for the callee, for CALL_RING_TIMEOUT_SECONDS (30 by default). */
  | 'RINGING';

/**
 * What a call carries: sound only, or sound and picture (the media flows peer to peer; Shutter only
 * carries the signalling).
 */
export type CallType =
  /** Sound only. */
  | 'AUDIO'
  /** Sound and picture. */
  | 'VIDEO';

/** One STUN or TURN server for an RTCPeerConnection's `iceServers`. */
export type IceServer = {
  __typename?: 'IceServer';
  /**
   * For TURN with a shared secret: base64 HMAC-SHA1 of the username (the TURN REST API convention);
   * null for STUN, and for TURN without a secret.
   */
  credential: Maybe<Scalars['String']['output']>;
  /** The server's URLs (`stun:…` from CALL_STUN_URLS, or `turn:…` from CALL_TURN_URLS). */
  urls: Array<Scalars['String']['output']>;
  /**
   * For TURN with a shared secret: `<expiry unix time>:<your user id>` (valid until that time); null
   * for STUN, and for TURN without a secret.
   */
  username: Maybe<Scalars['String']['output']>;
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
   * The callee answers a ringing call with their SDP answer: ACTIVE, and an `answered` signal carrying
   * it to the caller.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`callId` malformed; `sdpAnswer` over CALL_SIGNAL_MAX_BYTES,
   * 65536 UTF-8 bytes by default); NOT_FOUND (reason CALL_NOT_FOUND: no such call, or not yours);
   * FORBIDDEN (reason NOT_CALLEE: the caller cannot answer); CONFLICT (reason CALL_NOT_RINGING: answered
   * already; CALL_ENDED: the call is over, missed included).
   */
  answerCall: Call;
  /**
   * The callee declines a ringing call: DECLINED, and a `declined` signal to the caller.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`callId` malformed); NOT_FOUND (reason CALL_NOT_FOUND);
   * FORBIDDEN (reason NOT_CALLEE); CONFLICT (reason CALL_NOT_RINGING: answered already; CALL_ENDED: the
   * call is over).
   */
  declineCall: Call;
  /**
   * Hangs up: an active call ENDED (with its duration), a ringing one CANCELLED by the caller or
   * DECLINED by the callee; the other side gets the matching signal.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`callId` malformed); NOT_FOUND (reason CALL_NOT_FOUND);
   * CONFLICT (reason CALL_ENDED: the call is over already).
   */
  endCall: Call;
  /**
   * Sends the other participant an `offer`, `answer` or `ice-candidate` while the call rings or is
   * active. Returns true.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`callId` malformed; `kind` not one of the three; `payload`
   * over CALL_SIGNAL_MAX_BYTES, 65536 UTF-8 bytes by default); NOT_FOUND (reason CALL_NOT_FOUND: no
   * such call, or not yours); CONFLICT (reason CALL_ENDED).
   */
  sendCallSignal: Scalars['Boolean']['output'];
  /**
   * Calls `calleeId`: a RINGING call, and an `incoming` signal for them. A refusal stores nothing.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`calleeId` malformed, or reason SELF_CALL: yourself);
   * NOT_FOUND (reason USER_NOT_FOUND); FORBIDDEN (reason BLOCKED: a block between the two accounts,
   * either way); CONFLICT (reason BUSY: either side is in a ringing or active call).
   */
  startCall: Call;
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationAnswerCallArgs = {
  callId: Scalars['ID']['input'];
  sdpAnswer: Scalars['String']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationDeclineCallArgs = {
  callId: Scalars['ID']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationEndCallArgs = {
  callId: Scalars['ID']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationSendCallSignalArgs = {
  callId: Scalars['ID']['input'];
  kind: Scalars['String']['input'];
  payload: Scalars['String']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationStartCallArgs = {
  calleeId: Scalars['ID']['input'];
  type: CallType;
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
   * One signal for the signed-in user; null for anyone else's, an unknown id, or one that expired
   * (signals are kept only a few minutes after their call ended). What `callSignals` pushes. Needs a
   * signed-in user (UNAUTHENTICATED otherwise).
   */
  callSignal: Maybe<CallSignal>;
  /**
   * The signed-in user's call history (made and received), newest first. Needs a signed-in user
   * (UNAUTHENTICATED otherwise).
   */
  calls: CallConnection;
  /**
   * STUN and TURN servers for the signed-in user's calls; TURN credentials expire after
   * CALL_TURN_TTL_SECONDS (an hour by default; see IceServer). Needs a signed-in user (UNAUTHENTICATED
   * otherwise).
   */
  iceServers: Array<IceServer>;
};


/**
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type QueryCallSignalArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type QueryCallsArgs = {
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
   * Each signal for the signed-in viewer, in order per call: incoming calls, the other side's offers,
   * answers and ICE candidates, and status changes; as `callSignal(id)` answers it at that moment.
   * Needs an access token in connectionParams.authorization; UNAUTHENTICATED otherwise.
   */
  callSignals: CallSignal;
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
  Call: ResolverTypeWrapper<CallMapper>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CallConnection: ResolverTypeWrapper<Omit<CallConnection, 'edges'> & { edges: Array<ResolversTypes['CallEdge']> }>;
  CallEdge: ResolverTypeWrapper<Omit<CallEdge, 'node'> & { node: ResolversTypes['Call'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CallSignal: ResolverTypeWrapper<CallSignalMapper>;
  CallStatus: CallStatus;
  CallType: CallType;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  IceServer: ResolverTypeWrapper<IceServer>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<User>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Call: CallMapper;
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  CallConnection: Omit<CallConnection, 'edges'> & { edges: Array<ResolversParentTypes['CallEdge']> };
  CallEdge: Omit<CallEdge, 'node'> & { node: ResolversParentTypes['Call'] };
  String: Scalars['String']['output'];
  CallSignal: CallSignalMapper;
  DateTime: Scalars['DateTime']['output'];
  IceServer: IceServer;
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  User: User;
};

export type CallResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Call'] = ResolversParentTypes['Call']> = {
  answeredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  callee?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  caller?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  durationSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  endedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CallStatus'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['CallType'], ParentType, ContextType>;
};

export type CallConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CallConnection'] = ResolversParentTypes['CallConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CallEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CallEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CallEdge'] = ResolversParentTypes['CallEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Call'], ParentType, ContextType>;
};

export type CallSignalResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CallSignal'] = ResolversParentTypes['CallSignal']> = {
  call?: Resolver<ResolversTypes['Call'], ParentType, ContextType>;
  callId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  payload?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type IceServerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['IceServer'] = ResolversParentTypes['IceServer']> = {
  credential?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  urls?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  username?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  answerCall?: Resolver<ResolversTypes['Call'], ParentType, ContextType, RequireFields<MutationAnswerCallArgs, 'callId' | 'sdpAnswer'>>;
  declineCall?: Resolver<ResolversTypes['Call'], ParentType, ContextType, RequireFields<MutationDeclineCallArgs, 'callId'>>;
  endCall?: Resolver<ResolversTypes['Call'], ParentType, ContextType, RequireFields<MutationEndCallArgs, 'callId'>>;
  sendCallSignal?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationSendCallSignalArgs, 'callId' | 'kind' | 'payload'>>;
  startCall?: Resolver<ResolversTypes['Call'], ParentType, ContextType, RequireFields<MutationStartCallArgs, 'calleeId' | 'type'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  callSignal?: Resolver<Maybe<ResolversTypes['CallSignal']>, ParentType, ContextType, RequireFields<QueryCallSignalArgs, 'id'>>;
  calls?: Resolver<ResolversTypes['CallConnection'], ParentType, ContextType, Partial<QueryCallsArgs>>;
  iceServers?: Resolver<Array<ResolversTypes['IceServer']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  callSignals?: SubscriptionResolver<ResolversTypes['CallSignal'], "callSignals", ParentType, ContextType>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Call?: CallResolvers<ContextType>;
  CallConnection?: CallConnectionResolvers<ContextType>;
  CallEdge?: CallEdgeResolvers<ContextType>;
  CallSignal?: CallSignalResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  IceServer?: IceServerResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

