import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PostMapper, MediaMapper, UserMapper } from '../mappers.js';
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
 * An avatar made from an upload (ADR 0023). Internal: for the profiles subgraph's updateProfile, not in
 * the public API.
 */
export type AvatarClaim = {
  __typename?: 'AvatarClaim';
  /** The avatar's id, for releaseAvatar. */
  id: Scalars['ID']['output'];
  /** Where the avatar is served: a stable URL (it redirects to a fresh signed one), for User.avatarUrl. */
  url: Scalars['String']['output'];
};

/** A new post. */
export type CreatePostInput = {
  /** Up to 2200 characters, trimmed (empty: none); #hashtags and @mentions in it are recognised. */
  caption?: InputMaybe<Scalars['String']['input']>;
  /** 1..10 distinct finished uploads of the signed-in user, in display order, none used in a post yet. */
  uploadIds: Array<Scalars['ID']['input']>;
};

/** One image or video of a post. */
export type Media = {
  __typename?: 'Media';
  /**
   * The real type, recognised from the bytes: image/jpeg, image/png, image/webp, image/gif, video/mp4,
   * video/quicktime or video/webm.
   */
  contentType: Scalars['String']['output'];
  /** Height in pixels of an image; null for a video. */
  height: Maybe<Scalars['Int']['output']>;
  /** The media's id (a UUID). */
  id: Scalars['ID']['output'];
  /** A readable URL (signed, valid for an hour; query again for a fresh one). */
  url: Scalars['String']['output'];
  /** Width in pixels of an image; null for a video. */
  width: Maybe<Scalars['Int']['output']>;
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
   * Internal (profiles' updateProfile; not in the public API): makes the signed-in user's upload an
   * avatar: checked like a post's image (only images), copied, the upload used up.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT on `uploadId` with reason UPLOAD_NOT_FOUND (missing or
   * another user's), UPLOAD_ALREADY_USED, UPLOAD_EMPTY, UPLOAD_EXPIRED, UPLOAD_TOO_LARGE or
   * UNSUPPORTED_MEDIA (not an image, or it fails the image checks).
   */
  claimAvatar: AvatarClaim;
  /**
   * Publishes a post made of the signed-in user's finished uploads. Each upload's bytes are checked:
   * the real type must be an allowed one of the declared kind, an image must be complete, end where its
   * format ends and stay within MEDIA_MAX_IMAGE_SIDE (8192 by default) pixels a side and
   * MEDIA_MAX_IMAGE_PIXELS (40 million by default) in all.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT on `input.caption` (over 2200 characters) or on
   * `input.uploadIds` (not 1..10 distinct ids, or reason UPLOAD_NOT_FOUND: missing or another user's;
   * UPLOAD_ALREADY_USED: in a post already; UPLOAD_EMPTY: no bytes arrived yet; UPLOAD_EXPIRED: the
   * target expired before the bytes arrived; UPLOAD_TOO_LARGE: more bytes than declared;
   * UNSUPPORTED_MEDIA: the bytes fail the checks above).
   */
  createPost: Post;
  /**
   * Deletes a post with its media (author, MODERATOR or ADMIN), and with it its comments, likes and the
   * notifications about it. Returns the id.
   *
   * Errors: UNAUTHENTICATED; NOT_FOUND (reason POST_NOT_FOUND: no such post, or one the viewer may not
   * see); FORBIDDEN (reason NOT_AUTHOR: neither the author nor staff).
   */
  deletePost: Scalars['ID']['output'];
  /**
   * Internal (profiles' updateProfile; not in the public API): deletes an avatar of the signed-in user
   * and its image (one replaced, cleared, or claimed by an updateProfile that then failed). True when
   * there was one.
   */
  releaseAvatar: Scalars['Boolean']['output'];
  /**
   * Reserves an upload of one image or video for the signed-in user and tells where to send its bytes
   * (valid 15 minutes); the upload then goes into a post with createPost.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`input.contentType` not an allowed type; `input.byteSize`
   * below 1 or over the type's limit); RATE_LIMITED (by default 60 an hour per account, 300 per client
   * address).
   */
  requestUpload: UploadTarget;
  /**
   * Reserves uploads of 1..10 images or videos for the signed-in user in one round trip: one target
   * per file, in the order of `input.files` (valid 15 minutes). All or nothing: when any file is
   * invalid, every invalid field is answered at once and no upload is reserved.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT, one per invalid field (`input.files`: not 1..10 files;
   * `input.files[i].contentType` not an allowed type; `input.files[i].byteSize` below 1 or over the
   * type's limit); RATE_LIMITED (each file counts as one requestUpload: by default 60 an hour per
   * account, 300 per client address).
   */
  requestUploads: Array<UploadTarget>;
  /**
   * Changes the caption (author only); null or blank removes it. Hashtags and mentions follow the new
   * caption.
   *
   * Errors: UNAUTHENTICATED; BAD_USER_INPUT (`caption` over 2200 characters); NOT_FOUND (reason
   * POST_NOT_FOUND: no such post, or one the viewer may not see); FORBIDDEN (reason NOT_AUTHOR).
   */
  updatePost: Post;
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationClaimAvatarArgs = {
  uploadId: Scalars['ID']['input'];
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationCreatePostArgs = {
  input: CreatePostInput;
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationDeletePostArgs = {
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
export type MutationReleaseAvatarArgs = {
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
export type MutationRequestUploadArgs = {
  input: RequestUploadInput;
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationRequestUploadsArgs = {
  input: RequestUploadsInput;
};


/**
 * Changes. Every mutation needs a signed-in viewer (UNAUTHENTICATED otherwise) except register, login,
 * refreshToken and logout. Each lists the `extensions.code` values it answers, with the
 * `extensions.reason` of a broken domain rule and the `extensions.field` of bad input; besides those,
 * any request may be refused for an invalid access token (UNAUTHENTICATED), a control character in a
 * string (BAD_USER_INPUT) or an exhausted rate limit (RATE_LIMITED, HTTP 429, with
 * extensions.retryAfterSeconds).
 */
export type MutationUpdatePostArgs = {
  caption?: InputMaybe<Scalars['String']['input']>;
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
  /** Who posted it. */
  author: User;
  /** Up to 2200 characters, trimmed; #hashtags and @mentions in it are recognised. Null when none. */
  caption: Maybe<Scalars['String']['output']>;
  /** When it was posted. */
  createdAt: Scalars['DateTime']['output'];
  /** The caption's #hashtags: lower-case, without '#', unique, in order of appearance (at most 30). */
  hashtags: Array<Scalars['String']['output']>;
  /** The post's id (a UUID). */
  id: Scalars['ID']['output'];
  /** The images and videos, in display order (1..10). */
  media: Array<Media>;
  /**
   * The accounts @mentioned in the caption that existed when it was written, in order of appearance
   * (at most 20).
   */
  mentions: Array<User>;
  /** When the caption last changed; the time it was posted until then. */
  updatedAt: Scalars['DateTime']['output'];
};

/** A page of posts, newest first (Relay connection). */
export type PostConnection = {
  __typename?: 'PostConnection';
  /** The posts of this page, each with its cursor. */
  edges: Array<PostEdge>;
  /** Whether older posts follow, and the cursor to ask for them. */
  pageInfo: PageInfo;
};

/** One post of a page, with its cursor. */
export type PostEdge = {
  __typename?: 'PostEdge';
  /** Pass as `after` to get the posts older than this one. */
  cursor: Scalars['String']['output'];
  /** The post. */
  node: Post;
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
   * Recent posts of public accounts, newest first, for anyone (staff too see public accounts' posts
   * only here); posts of accounts in a block with the viewer are left out.
   */
  explore: PostConnection;
  /**
   * The signed-in viewer's home feed: their own posts and those of the accounts they follow, newest
   * first; only what the viewer may see (a private account's posts once the follow is approved, nothing
   * across a block, nothing deleted). Cursors stay valid while new posts arrive: a next page continues
   * exactly after the last post seen, with no duplicates or gaps. Needs a signed-in user
   * (UNAUTHENTICATED otherwise).
   */
  feed: PostConnection;
  /** Posts with a hashtag, newest first; only those the viewer may see. */
  hashtag: PostConnection;
  /** A post by id; null when there is none, it was deleted, or the viewer may not see it (see Post). */
  post: Maybe<Post>;
  /** Users by username or display name, posts by caption or hashtag; only what the viewer may see. */
  search: SearchResult;
};


/**
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type QueryExploreArgs = {
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
export type QueryFeedArgs = {
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
export type QueryHashtagArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  tag: Scalars['String']['input'];
};


/**
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type QueryPostArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Reads. Those that need a signed-in viewer say so and answer UNAUTHENTICATED without one; the others
 * also serve anonymous clients. A request with an invalid or expired access token is refused whole
 * (UNAUTHENTICATED, HTTP 401), a String or ID argument holding a control character, NUL, unpaired
 * surrogate or bidi override is BAD_USER_INPUT naming it, and an operation over the viewer's cost
 * budget is RATE_LIMITED (with extensions.retryAfterSeconds).
 */
export type QuerySearchArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  query: Scalars['String']['input'];
};

/** The file a client is about to upload. */
export type RequestUploadInput = {
  /**
   * The exact size of the file in bytes, at least 1 and within the type's limit; the storage takes a
   * body of exactly this size only.
   */
  byteSize: Scalars['Int']['input'];
  /** image/jpeg, image/png, image/webp, image/gif (≤ 10 MiB) or video/mp4, video/quicktime, video/webm (≤ 100 MiB). */
  contentType: Scalars['String']['input'];
};

/** The files a client is about to upload, for requestUploads. */
export type RequestUploadsInput = {
  /** 1..10 files (as many as a post can hold), each with its type and exact size. */
  files: Array<RequestUploadInput>;
};

/** What `search` found: up to 20 users, and a page of posts. */
export type SearchResult = {
  __typename?: 'SearchResult';
  /**
   * Posts the viewer may see whose caption or hashtags contain the query's words ('#sunset' finds both
   * the word and the hashtag), newest first.
   */
  posts: PostConnection;
  /**
   * Up to 20 accounts whose username starts with the query (a leading '@' ignored) or whose display
   * name matches it, an exact username first; accounts in a block with the viewer are left out. Only
   * on the first page: empty when `after` is given.
   */
  users: Array<User>;
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
   * A new post in the signed-in viewer's home feed (by an account they follow). Needs an access token
   * in connectionParams.authorization; UNAUTHENTICATED otherwise.
   */
  feedPostAdded: Post;
  /**
   * The post after a change: caption edited, liked or unliked, a comment added or removed (its
   * counts). NOT_FOUND when subscribing to a post the viewer may not see; pushes stop while the viewer
   * may not see it (blocked, unfollowed a private account).
   */
  postUpdated: Post;
};


/**
 * Live updates, served by the gateway over graphql-ws at /graphql (not by the subgraphs). Each push is
 * what the matching query (`post`, `comment`, `notification`, `callSignal`) answers the subscriber by
 * id at that moment, so nothing is pushed that they may not see. Sign in with the access token in
 * connectionParams.authorization: an invalid token closes the socket with code 4403, an expired one
 * with 4401 (refresh and reconnect).
 */
export type SubscriptionPostUpdatedArgs = {
  postId: Scalars['ID']['input'];
};

/** A name and a value to send with an upload: a request header of a PUT, or a form field of a POST. */
export type UploadField = {
  __typename?: 'UploadField';
  /** The header's or field's name. */
  name: Scalars['String']['output'];
  /** Its value, to send unchanged. */
  value: Scalars['String']['output'];
};

/**
 * Where and how to send the bytes of one image or video, before `expiresAt`: an HTTP PUT of exactly
 * the declared number of bytes to `url`, with `headers`, on every storage. Then name `uploadId` in
 * createPost (or in updateProfile's `avatarUploadId`).
 */
export type UploadTarget = {
  __typename?: 'UploadTarget';
  /** When the target stops accepting bytes (15 minutes after requestUpload or requestUploads). */
  expiresAt: Scalars['DateTime']['output'];
  /** The form fields of a POST upload, to send as given before the file; empty for PUT (always now). */
  fields: Array<UploadField>;
  /**
   * The request headers to send with the PUT, as given: Content-Type, the declared type.
   * Content-Length is the body's (exactly `byteSize`).
   */
  headers: Array<UploadField>;
  /**
   * "PUT": the bytes as the body, exactly the declared size, with `headers` (the storage refuses
   * another type, size or key, and anything after `expiresAt`). Always "PUT" now; "POST" (a form
   * upload with `fields` first and the file last) was S3's method before.
   */
  method: Scalars['String']['output'];
  /** The upload, for CreatePostInput.uploadIds (only its requester may use it, in one post). */
  uploadId: Scalars['ID']['output'];
  /** Where to send the bytes. */
  url: Scalars['String']['output'];
};

/**
 * A Shutter account: its username and role, public profile, follow graph and posts. Anyone, signed in
 * or not, may read its fields, except where a field says otherwise.
 */
export type User = {
  __typename?: 'User';
  /** The account's id (a UUID), stable for its lifetime. */
  id: Scalars['ID']['output'];
  /** How many posts the account has, including those the viewer may not see. */
  postCount: Scalars['Int']['output'];
  /**
   * The account's posts, newest first; only those the viewer may see (see Post), so empty for a private
   * account the viewer does not follow.
   */
  posts: PostConnection;
};


/**
 * A Shutter account: its username and role, public profile, follow graph and posts. Anyone, signed in
 * or not, may read its fields, except where a field says otherwise.
 */
export type UserPostsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
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
  User: User;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Post:
    ( { __typename: 'Post' }
    & GraphQLRecursivePick<FederationTypes['Post'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AvatarClaim: ResolverTypeWrapper<AvatarClaim>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CreatePostInput: CreatePostInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Media: ResolverTypeWrapper<MediaMapper>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Post: ResolverTypeWrapper<PostMapper>;
  PostConnection: ResolverTypeWrapper<Omit<PostConnection, 'edges'> & { edges: Array<ResolversTypes['PostEdge']> }>;
  PostEdge: ResolverTypeWrapper<Omit<PostEdge, 'node'> & { node: ResolversTypes['Post'] }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RequestUploadInput: RequestUploadInput;
  RequestUploadsInput: RequestUploadsInput;
  SearchResult: ResolverTypeWrapper<Omit<SearchResult, 'posts' | 'users'> & { posts: ResolversTypes['PostConnection'], users: Array<ResolversTypes['User']> }>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  UploadField: ResolverTypeWrapper<UploadField>;
  UploadTarget: ResolverTypeWrapper<UploadTarget>;
  User: ResolverTypeWrapper<UserMapper>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AvatarClaim: AvatarClaim;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  CreatePostInput: CreatePostInput;
  DateTime: Scalars['DateTime']['output'];
  Media: MediaMapper;
  Int: Scalars['Int']['output'];
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  PageInfo: PageInfo;
  Post: PostMapper;
  PostConnection: Omit<PostConnection, 'edges'> & { edges: Array<ResolversParentTypes['PostEdge']> };
  PostEdge: Omit<PostEdge, 'node'> & { node: ResolversParentTypes['Post'] };
  Query: Record<PropertyKey, never>;
  RequestUploadInput: RequestUploadInput;
  RequestUploadsInput: RequestUploadsInput;
  SearchResult: Omit<SearchResult, 'posts' | 'users'> & { posts: ResolversParentTypes['PostConnection'], users: Array<ResolversParentTypes['User']> };
  Subscription: Record<PropertyKey, never>;
  UploadField: UploadField;
  UploadTarget: UploadTarget;
  User: UserMapper;
};

export type AvatarClaimResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AvatarClaim'] = ResolversParentTypes['AvatarClaim']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MediaResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Media'] = ResolversParentTypes['Media']> = {
  contentType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  height?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  width?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  claimAvatar?: Resolver<ResolversTypes['AvatarClaim'], ParentType, ContextType, RequireFields<MutationClaimAvatarArgs, 'uploadId'>>;
  createPost?: Resolver<ResolversTypes['Post'], ParentType, ContextType, RequireFields<MutationCreatePostArgs, 'input'>>;
  deletePost?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeletePostArgs, 'id'>>;
  releaseAvatar?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationReleaseAvatarArgs, 'id'>>;
  requestUpload?: Resolver<ResolversTypes['UploadTarget'], ParentType, ContextType, RequireFields<MutationRequestUploadArgs, 'input'>>;
  requestUploads?: Resolver<Array<ResolversTypes['UploadTarget']>, ParentType, ContextType, RequireFields<MutationRequestUploadsArgs, 'input'>>;
  updatePost?: Resolver<ResolversTypes['Post'], ParentType, ContextType, RequireFields<MutationUpdatePostArgs, 'id'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PostResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Post'] = ResolversParentTypes['Post'], FederationReferenceType extends FederationReferenceTypes['Post'] = FederationReferenceTypes['Post']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Post']> | FederationReferenceType, FederationReferenceType, ContextType>;
  author?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  caption?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  hashtags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  media?: Resolver<Array<ResolversTypes['Media']>, ParentType, ContextType>;
  mentions?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type PostConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PostConnection'] = ResolversParentTypes['PostConnection']> = {
  edges?: Resolver<Array<ResolversTypes['PostEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type PostEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PostEdge'] = ResolversParentTypes['PostEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Post'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  explore?: Resolver<ResolversTypes['PostConnection'], ParentType, ContextType, Partial<QueryExploreArgs>>;
  feed?: Resolver<ResolversTypes['PostConnection'], ParentType, ContextType, Partial<QueryFeedArgs>>;
  hashtag?: Resolver<ResolversTypes['PostConnection'], ParentType, ContextType, RequireFields<QueryHashtagArgs, 'tag'>>;
  post?: Resolver<Maybe<ResolversTypes['Post']>, ParentType, ContextType, RequireFields<QueryPostArgs, 'id'>>;
  search?: Resolver<ResolversTypes['SearchResult'], ParentType, ContextType, RequireFields<QuerySearchArgs, 'query'>>;
};

export type SearchResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SearchResult'] = ResolversParentTypes['SearchResult']> = {
  posts?: Resolver<ResolversTypes['PostConnection'], ParentType, ContextType>;
  users?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  feedPostAdded?: SubscriptionResolver<ResolversTypes['Post'], "feedPostAdded", ParentType, ContextType>;
  postUpdated?: SubscriptionResolver<ResolversTypes['Post'], "postUpdated", ParentType, ContextType, RequireFields<SubscriptionPostUpdatedArgs, 'postId'>>;
};

export type UploadFieldResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UploadField'] = ResolversParentTypes['UploadField']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type UploadTargetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UploadTarget'] = ResolversParentTypes['UploadTarget']> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  fields?: Resolver<Array<ResolversTypes['UploadField']>, ParentType, ContextType>;
  headers?: Resolver<Array<ResolversTypes['UploadField']>, ParentType, ContextType>;
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uploadId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  postCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  posts?: Resolver<ResolversTypes['PostConnection'], ParentType, ContextType, Partial<UserPostsArgs>>;
};

export type Resolvers<ContextType = Context> = {
  AvatarClaim?: AvatarClaimResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Media?: MediaResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Post?: PostResolvers<ContextType>;
  PostConnection?: PostConnectionResolvers<ContextType>;
  PostEdge?: PostEdgeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SearchResult?: SearchResultResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  UploadField?: UploadFieldResolvers<ContextType>;
  UploadTarget?: UploadTargetResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

