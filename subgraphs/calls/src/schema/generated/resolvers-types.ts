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
  status: CallStatus;
  type: CallType;
};

/** A page of calls, newest first (Relay connection). */
export type CallConnection = {
  __typename?: 'CallConnection';
  edges: Array<CallEdge>;
  pageInfo: PageInfo;
};

/** One call of a page, with its cursor. */
export type CallEdge = {
  __typename?: 'CallEdge';
  /** Pass as `after` to get the calls older than this one. */
  cursor: Scalars['String']['output'];
  node: Call;
};

/** Something for one participant of a call, pushed by the `callSignals` subscription. */
export type CallSignal = {
  __typename?: 'CallSignal';
  /** The call, as it is when the signal is read (its status, caller and callee). */
  call: Call;
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
  | 'ACTIVE'
  | 'CANCELLED'
  | 'DECLINED'
  | 'ENDED'
  | 'MISSED'
  | 'RINGING';

/**
 * What a call carries: sound only, or sound and picture (the media flows peer to peer; Shutter only
 * carries the signalling).
 */
export type CallType =
  | 'AUDIO'
  | 'VIDEO';

/** One STUN or TURN server for an RTCPeerConnection's `iceServers`. */
export type IceServer = {
  __typename?: 'IceServer';
  /** For TURN with a shared secret: base64 HMAC-SHA1 of the username (the TURN REST API convention). */
  credential: Maybe<Scalars['String']['output']>;
  urls: Array<Scalars['String']['output']>;
  /** For TURN with a shared secret: `<expiry unix time>:<your user id>` (valid until that time). */
  username: Maybe<Scalars['String']['output']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * The callee answers a ringing call with their SDP answer: ACTIVE, and an `answered` signal carrying
   * it to the caller.
   */
  answerCall: Call;
  /** The callee declines a ringing call: DECLINED, and a `declined` signal to the caller. */
  declineCall: Call;
  /**
   * Hangs up: an active call ENDED (with its duration), a ringing one CANCELLED by the caller or
   * DECLINED by the callee; the other side gets the matching signal.
   */
  endCall: Call;
  /**
   * Sends the other participant an `offer`, `answer` or `ice-candidate` (payload: opaque text, at most
   * CALL_SIGNAL_MAX_BYTES bytes) while the call rings or is active. Calls you are not part of are
   * NOT_FOUND; an ended call is CONFLICT (reason CALL_ENDED).
   */
  sendCallSignal: Scalars['Boolean']['output'];
  /**
   * Calls `calleeId`: a RINGING call, and an `incoming` signal for them. Refused for yourself
   * (BAD_USER_INPUT, reason SELF_CALL), an unknown account (NOT_FOUND), across a block either way
   * (FORBIDDEN, reason BLOCKED), or when either side is in a ringing or active call (CONFLICT,
   * reason BUSY).
   */
  startCall: Call;
};


export type MutationAnswerCallArgs = {
  callId: Scalars['ID']['input'];
  sdpAnswer: Scalars['String']['input'];
};


export type MutationDeclineCallArgs = {
  callId: Scalars['ID']['input'];
};


export type MutationEndCallArgs = {
  callId: Scalars['ID']['input'];
};


export type MutationSendCallSignalArgs = {
  callId: Scalars['ID']['input'];
  kind: Scalars['String']['input'];
  payload: Scalars['String']['input'];
};


export type MutationStartCallArgs = {
  calleeId: Scalars['ID']['input'];
  type: CallType;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * One signal for the signed-in user; null for anyone else's, an unknown id, or one that expired
   * (signals are kept only a few minutes after their call ended). What `callSignals` pushes.
   */
  callSignal: Maybe<CallSignal>;
  /**
   * The signed-in user's call history (made and received), newest first. `first`: 1..100 (default
   * 20); `after`: a cursor of this list.
   */
  calls: CallConnection;
  /** STUN and TURN servers for the signed-in user's calls; TURN credentials expire (see IceServer). */
  iceServers: Array<IceServer>;
};


export type QueryCallSignalArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCallsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Live updates, served by the gateway over graphql-ws at /graphql (not by this subgraph). */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Each signal for the signed-in viewer, in order per call: incoming calls, the other side's offers,
   * answers and ICE candidates, and status changes; as `callSignal(id)` answers it at that moment.
   * Needs an access token in connectionParams.authorization; UNAUTHENTICATED otherwise.
   */
  callSignals: CallSignal;
};

/** A Shutter account; this subgraph only refers to it (who called whom, who sent a signal). */
export type User = {
  __typename?: 'User';
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

