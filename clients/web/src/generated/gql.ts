/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query UnreadNotificationCount {\n    unreadNotificationCount\n  }\n": typeof types.UnreadNotificationCountDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      kind\n    }\n  }\n": typeof types.NotificationReceivedDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  fragment PostCardFields on Post {\n    id\n    caption\n    createdAt\n    likeCount\n    commentCount\n    viewerHasLiked\n    author {\n      id\n      username\n      displayName\n    }\n    media {\n      id\n      url\n      width\n      height\n      contentType\n    }\n  }\n": typeof types.PostCardFieldsFragmentDoc,
    "\n  mutation LikePost($postId: ID!) {\n    likePost(postId: $postId) {\n      id\n      likeCount\n      viewerHasLiked\n    }\n  }\n": typeof types.LikePostDocument,
    "\n  mutation UnlikePost($postId: ID!) {\n    unlikePost(postId: $postId) {\n      id\n      likeCount\n      viewerHasLiked\n    }\n  }\n": typeof types.UnlikePostDocument,
    "\n  subscription PostUpdated($postId: ID!) {\n    postUpdated(postId: $postId) {\n      id\n      caption\n      likeCount\n      commentCount\n    }\n  }\n": typeof types.PostUpdatedDocument,
    "\n  fragment PostGridFields on Post {\n    id\n    caption\n    likeCount\n    commentCount\n    author {\n      id\n      username\n    }\n    media {\n      id\n      url\n      width\n      height\n      contentType\n    }\n  }\n": typeof types.PostGridFieldsFragmentDoc,
    "\n  subscription CallSignals {\n    callSignals {\n      id\n      callId\n      kind\n      payload\n      from {\n        id\n        username\n      }\n    }\n  }\n": typeof types.CallSignalsDocument,
    "\n  query IceServers {\n    iceServers {\n      urls\n      username\n      credential\n    }\n  }\n": typeof types.IceServersDocument,
    "\n  mutation StartCall($calleeId: ID!) {\n    startCall(calleeId: $calleeId, type: VIDEO) {\n      id\n      status\n    }\n  }\n": typeof types.StartCallDocument,
    "\n  mutation AnswerCall($callId: ID!, $sdpAnswer: String!) {\n    answerCall(callId: $callId, sdpAnswer: $sdpAnswer) {\n      id\n      status\n    }\n  }\n": typeof types.AnswerCallDocument,
    "\n  mutation DeclineCall($callId: ID!) {\n    declineCall(callId: $callId) {\n      id\n      status\n    }\n  }\n": typeof types.DeclineCallDocument,
    "\n  mutation EndCall($callId: ID!) {\n    endCall(callId: $callId) {\n      id\n      status\n      durationSeconds\n    }\n  }\n": typeof types.EndCallDocument,
    "\n  mutation SendCallSignal($callId: ID!, $kind: String!, $payload: String!) {\n    sendCallSignal(callId: $callId, kind: $kind, payload: $payload)\n  }\n": typeof types.SendCallSignalDocument,
    "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      username\n    }\n  }\n": typeof types.AuthFieldsFragmentDoc,
    "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthFields\n    }\n  }\n": typeof types.RefreshTokenDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthFields\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation Login($usernameOrEmail: String!, $password: String!) {\n    login(usernameOrEmail: $usernameOrEmail, password: $password) {\n      ...AuthFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Calls($after: String) {\n    calls(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          status\n          type\n          startedAt\n          durationSeconds\n          caller {\n            id\n            username\n          }\n          callee {\n            id\n            username\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.CallsDocument,
    "\n  mutation RequestUpload($input: RequestUploadInput!) {\n    requestUpload(input: $input) {\n      uploadId\n      url\n      method\n      fields {\n        name\n        value\n      }\n    }\n  }\n": typeof types.RequestUploadDocument,
    "\n  mutation CreatePost($input: CreatePostInput!) {\n    createPost(input: $input) {\n      id\n    }\n  }\n": typeof types.CreatePostDocument,
    "\n  query Explore($after: String) {\n    explore(first: 24, after: $after) {\n      edges {\n        node {\n          ...PostGridFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.ExploreDocument,
    "\n  query Hashtag($tag: String!, $after: String) {\n    hashtag(tag: $tag, first: 24, after: $after) {\n      edges {\n        node {\n          ...PostGridFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.HashtagDocument,
    "\n  query Feed($after: String) {\n    feed(first: 10, after: $after) {\n      edges {\n        node {\n          ...PostCardFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.FeedDocument,
    "\n  subscription FeedPostAdded {\n    feedPostAdded {\n      ...PostCardFields\n    }\n  }\n": typeof types.FeedPostAddedDocument,
    "\n  query CachedPost($id: ID!) {\n    post(id: $id) {\n      ...PostCardFields\n    }\n  }\n": typeof types.CachedPostDocument,
    "\n  query FollowRequests($after: String) {\n    followRequests(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          username\n          displayName\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.FollowRequestsDocument,
    "\n  mutation ApproveFollowRequest($userId: ID!) {\n    approveFollowRequest(userId: $userId) {\n      id\n    }\n  }\n": typeof types.ApproveFollowRequestDocument,
    "\n  mutation RejectFollowRequest($userId: ID!) {\n    rejectFollowRequest(userId: $userId) {\n      id\n    }\n  }\n": typeof types.RejectFollowRequestDocument,
    "\n  query Notifications($after: String) {\n    notifications(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          kind\n          read\n          createdAt\n          actor {\n            id\n            username\n            displayName\n          }\n          post {\n            id\n          }\n          comment {\n            id\n            body\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  mutation MarkNotificationsRead($upTo: ID) {\n    markNotificationsRead(upTo: $upTo)\n  }\n": typeof types.MarkNotificationsReadDocument,
    "\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    author {\n      id\n      username\n      displayName\n    }\n  }\n": typeof types.CommentFieldsFragmentDoc,
    "\n  query PostDetail($id: ID!) {\n    post(id: $id) {\n      ...PostCardFields\n      comments(first: 20) {\n        edges {\n          node {\n            ...CommentFields\n            replyCount\n          }\n        }\n      }\n    }\n  }\n": typeof types.PostDetailDocument,
    "\n  query Replies($id: ID!) {\n    comment(id: $id) {\n      id\n      replies(first: 20) {\n        edges {\n          node {\n            ...CommentFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.RepliesDocument,
    "\n  mutation AddComment($postId: ID!, $body: String!, $parentId: ID) {\n    addComment(postId: $postId, body: $body, parentId: $parentId) {\n      ...CommentFields\n    }\n  }\n": typeof types.AddCommentDocument,
    "\n  subscription CommentAdded($postId: ID!) {\n    commentAdded(postId: $postId) {\n      id\n      parent {\n        id\n      }\n    }\n  }\n": typeof types.CommentAddedDocument,
    "\n  query Profile($username: String!, $after: String) {\n    user(username: $username) {\n      id\n      username\n      displayName\n      bio\n      website\n      isPrivate\n      followerCount\n      followingCount\n      postCount\n      viewerFollows\n      viewerFollowRequested\n      viewerHasBlocked\n      posts(first: 12, after: $after) {\n        edges {\n          node {\n            ...PostGridFields\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n": typeof types.ProfileDocument,
    "\n  mutation Follow($userId: ID!) {\n    follow(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n    }\n  }\n": typeof types.FollowDocument,
    "\n  mutation Unfollow($userId: ID!) {\n    unfollow(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n    }\n  }\n": typeof types.UnfollowDocument,
    "\n  mutation Block($userId: ID!) {\n    block(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n      viewerHasBlocked\n    }\n  }\n": typeof types.BlockDocument,
    "\n  mutation Unblock($userId: ID!) {\n    unblock(userId: $userId) {\n      id\n      viewerHasBlocked\n    }\n  }\n": typeof types.UnblockDocument,
    "\n  mutation SetPrivate($isPrivate: Boolean!) {\n    updateProfile(input: { isPrivate: $isPrivate }) {\n      id\n      isPrivate\n    }\n  }\n": typeof types.SetPrivateDocument,
    "\n  query Search($query: String!) {\n    search(query: $query, first: 24) {\n      users {\n        id\n        username\n        displayName\n        followerCount\n      }\n      posts {\n        edges {\n          node {\n            ...PostGridFields\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n": typeof types.SearchDocument,
};
const documents: Documents = {
    "\n  query UnreadNotificationCount {\n    unreadNotificationCount\n  }\n": types.UnreadNotificationCountDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      kind\n    }\n  }\n": types.NotificationReceivedDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  fragment PostCardFields on Post {\n    id\n    caption\n    createdAt\n    likeCount\n    commentCount\n    viewerHasLiked\n    author {\n      id\n      username\n      displayName\n    }\n    media {\n      id\n      url\n      width\n      height\n      contentType\n    }\n  }\n": types.PostCardFieldsFragmentDoc,
    "\n  mutation LikePost($postId: ID!) {\n    likePost(postId: $postId) {\n      id\n      likeCount\n      viewerHasLiked\n    }\n  }\n": types.LikePostDocument,
    "\n  mutation UnlikePost($postId: ID!) {\n    unlikePost(postId: $postId) {\n      id\n      likeCount\n      viewerHasLiked\n    }\n  }\n": types.UnlikePostDocument,
    "\n  subscription PostUpdated($postId: ID!) {\n    postUpdated(postId: $postId) {\n      id\n      caption\n      likeCount\n      commentCount\n    }\n  }\n": types.PostUpdatedDocument,
    "\n  fragment PostGridFields on Post {\n    id\n    caption\n    likeCount\n    commentCount\n    author {\n      id\n      username\n    }\n    media {\n      id\n      url\n      width\n      height\n      contentType\n    }\n  }\n": types.PostGridFieldsFragmentDoc,
    "\n  subscription CallSignals {\n    callSignals {\n      id\n      callId\n      kind\n      payload\n      from {\n        id\n        username\n      }\n    }\n  }\n": types.CallSignalsDocument,
    "\n  query IceServers {\n    iceServers {\n      urls\n      username\n      credential\n    }\n  }\n": types.IceServersDocument,
    "\n  mutation StartCall($calleeId: ID!) {\n    startCall(calleeId: $calleeId, type: VIDEO) {\n      id\n      status\n    }\n  }\n": types.StartCallDocument,
    "\n  mutation AnswerCall($callId: ID!, $sdpAnswer: String!) {\n    answerCall(callId: $callId, sdpAnswer: $sdpAnswer) {\n      id\n      status\n    }\n  }\n": types.AnswerCallDocument,
    "\n  mutation DeclineCall($callId: ID!) {\n    declineCall(callId: $callId) {\n      id\n      status\n    }\n  }\n": types.DeclineCallDocument,
    "\n  mutation EndCall($callId: ID!) {\n    endCall(callId: $callId) {\n      id\n      status\n      durationSeconds\n    }\n  }\n": types.EndCallDocument,
    "\n  mutation SendCallSignal($callId: ID!, $kind: String!, $payload: String!) {\n    sendCallSignal(callId: $callId, kind: $kind, payload: $payload)\n  }\n": types.SendCallSignalDocument,
    "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      username\n    }\n  }\n": types.AuthFieldsFragmentDoc,
    "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthFields\n    }\n  }\n": types.RefreshTokenDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthFields\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation Login($usernameOrEmail: String!, $password: String!) {\n    login(usernameOrEmail: $usernameOrEmail, password: $password) {\n      ...AuthFields\n    }\n  }\n": types.LoginDocument,
    "\n  query Calls($after: String) {\n    calls(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          status\n          type\n          startedAt\n          durationSeconds\n          caller {\n            id\n            username\n          }\n          callee {\n            id\n            username\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.CallsDocument,
    "\n  mutation RequestUpload($input: RequestUploadInput!) {\n    requestUpload(input: $input) {\n      uploadId\n      url\n      method\n      fields {\n        name\n        value\n      }\n    }\n  }\n": types.RequestUploadDocument,
    "\n  mutation CreatePost($input: CreatePostInput!) {\n    createPost(input: $input) {\n      id\n    }\n  }\n": types.CreatePostDocument,
    "\n  query Explore($after: String) {\n    explore(first: 24, after: $after) {\n      edges {\n        node {\n          ...PostGridFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.ExploreDocument,
    "\n  query Hashtag($tag: String!, $after: String) {\n    hashtag(tag: $tag, first: 24, after: $after) {\n      edges {\n        node {\n          ...PostGridFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.HashtagDocument,
    "\n  query Feed($after: String) {\n    feed(first: 10, after: $after) {\n      edges {\n        node {\n          ...PostCardFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.FeedDocument,
    "\n  subscription FeedPostAdded {\n    feedPostAdded {\n      ...PostCardFields\n    }\n  }\n": types.FeedPostAddedDocument,
    "\n  query CachedPost($id: ID!) {\n    post(id: $id) {\n      ...PostCardFields\n    }\n  }\n": types.CachedPostDocument,
    "\n  query FollowRequests($after: String) {\n    followRequests(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          username\n          displayName\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.FollowRequestsDocument,
    "\n  mutation ApproveFollowRequest($userId: ID!) {\n    approveFollowRequest(userId: $userId) {\n      id\n    }\n  }\n": types.ApproveFollowRequestDocument,
    "\n  mutation RejectFollowRequest($userId: ID!) {\n    rejectFollowRequest(userId: $userId) {\n      id\n    }\n  }\n": types.RejectFollowRequestDocument,
    "\n  query Notifications($after: String) {\n    notifications(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          kind\n          read\n          createdAt\n          actor {\n            id\n            username\n            displayName\n          }\n          post {\n            id\n          }\n          comment {\n            id\n            body\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.NotificationsDocument,
    "\n  mutation MarkNotificationsRead($upTo: ID) {\n    markNotificationsRead(upTo: $upTo)\n  }\n": types.MarkNotificationsReadDocument,
    "\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    author {\n      id\n      username\n      displayName\n    }\n  }\n": types.CommentFieldsFragmentDoc,
    "\n  query PostDetail($id: ID!) {\n    post(id: $id) {\n      ...PostCardFields\n      comments(first: 20) {\n        edges {\n          node {\n            ...CommentFields\n            replyCount\n          }\n        }\n      }\n    }\n  }\n": types.PostDetailDocument,
    "\n  query Replies($id: ID!) {\n    comment(id: $id) {\n      id\n      replies(first: 20) {\n        edges {\n          node {\n            ...CommentFields\n          }\n        }\n      }\n    }\n  }\n": types.RepliesDocument,
    "\n  mutation AddComment($postId: ID!, $body: String!, $parentId: ID) {\n    addComment(postId: $postId, body: $body, parentId: $parentId) {\n      ...CommentFields\n    }\n  }\n": types.AddCommentDocument,
    "\n  subscription CommentAdded($postId: ID!) {\n    commentAdded(postId: $postId) {\n      id\n      parent {\n        id\n      }\n    }\n  }\n": types.CommentAddedDocument,
    "\n  query Profile($username: String!, $after: String) {\n    user(username: $username) {\n      id\n      username\n      displayName\n      bio\n      website\n      isPrivate\n      followerCount\n      followingCount\n      postCount\n      viewerFollows\n      viewerFollowRequested\n      viewerHasBlocked\n      posts(first: 12, after: $after) {\n        edges {\n          node {\n            ...PostGridFields\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n": types.ProfileDocument,
    "\n  mutation Follow($userId: ID!) {\n    follow(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n    }\n  }\n": types.FollowDocument,
    "\n  mutation Unfollow($userId: ID!) {\n    unfollow(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n    }\n  }\n": types.UnfollowDocument,
    "\n  mutation Block($userId: ID!) {\n    block(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n      viewerHasBlocked\n    }\n  }\n": types.BlockDocument,
    "\n  mutation Unblock($userId: ID!) {\n    unblock(userId: $userId) {\n      id\n      viewerHasBlocked\n    }\n  }\n": types.UnblockDocument,
    "\n  mutation SetPrivate($isPrivate: Boolean!) {\n    updateProfile(input: { isPrivate: $isPrivate }) {\n      id\n      isPrivate\n    }\n  }\n": types.SetPrivateDocument,
    "\n  query Search($query: String!) {\n    search(query: $query, first: 24) {\n      users {\n        id\n        username\n        displayName\n        followerCount\n      }\n      posts {\n        edges {\n          node {\n            ...PostGridFields\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n": types.SearchDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadNotificationCount {\n    unreadNotificationCount\n  }\n"): (typeof documents)["\n  query UnreadNotificationCount {\n    unreadNotificationCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      kind\n    }\n  }\n"): (typeof documents)["\n  subscription NotificationReceived {\n    notificationReceived {\n      id\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PostCardFields on Post {\n    id\n    caption\n    createdAt\n    likeCount\n    commentCount\n    viewerHasLiked\n    author {\n      id\n      username\n      displayName\n    }\n    media {\n      id\n      url\n      width\n      height\n      contentType\n    }\n  }\n"): (typeof documents)["\n  fragment PostCardFields on Post {\n    id\n    caption\n    createdAt\n    likeCount\n    commentCount\n    viewerHasLiked\n    author {\n      id\n      username\n      displayName\n    }\n    media {\n      id\n      url\n      width\n      height\n      contentType\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LikePost($postId: ID!) {\n    likePost(postId: $postId) {\n      id\n      likeCount\n      viewerHasLiked\n    }\n  }\n"): (typeof documents)["\n  mutation LikePost($postId: ID!) {\n    likePost(postId: $postId) {\n      id\n      likeCount\n      viewerHasLiked\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnlikePost($postId: ID!) {\n    unlikePost(postId: $postId) {\n      id\n      likeCount\n      viewerHasLiked\n    }\n  }\n"): (typeof documents)["\n  mutation UnlikePost($postId: ID!) {\n    unlikePost(postId: $postId) {\n      id\n      likeCount\n      viewerHasLiked\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PostUpdated($postId: ID!) {\n    postUpdated(postId: $postId) {\n      id\n      caption\n      likeCount\n      commentCount\n    }\n  }\n"): (typeof documents)["\n  subscription PostUpdated($postId: ID!) {\n    postUpdated(postId: $postId) {\n      id\n      caption\n      likeCount\n      commentCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PostGridFields on Post {\n    id\n    caption\n    likeCount\n    commentCount\n    author {\n      id\n      username\n    }\n    media {\n      id\n      url\n      width\n      height\n      contentType\n    }\n  }\n"): (typeof documents)["\n  fragment PostGridFields on Post {\n    id\n    caption\n    likeCount\n    commentCount\n    author {\n      id\n      username\n    }\n    media {\n      id\n      url\n      width\n      height\n      contentType\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CallSignals {\n    callSignals {\n      id\n      callId\n      kind\n      payload\n      from {\n        id\n        username\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription CallSignals {\n    callSignals {\n      id\n      callId\n      kind\n      payload\n      from {\n        id\n        username\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IceServers {\n    iceServers {\n      urls\n      username\n      credential\n    }\n  }\n"): (typeof documents)["\n  query IceServers {\n    iceServers {\n      urls\n      username\n      credential\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartCall($calleeId: ID!) {\n    startCall(calleeId: $calleeId, type: VIDEO) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation StartCall($calleeId: ID!) {\n    startCall(calleeId: $calleeId, type: VIDEO) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AnswerCall($callId: ID!, $sdpAnswer: String!) {\n    answerCall(callId: $callId, sdpAnswer: $sdpAnswer) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation AnswerCall($callId: ID!, $sdpAnswer: String!) {\n    answerCall(callId: $callId, sdpAnswer: $sdpAnswer) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineCall($callId: ID!) {\n    declineCall(callId: $callId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation DeclineCall($callId: ID!) {\n    declineCall(callId: $callId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndCall($callId: ID!) {\n    endCall(callId: $callId) {\n      id\n      status\n      durationSeconds\n    }\n  }\n"): (typeof documents)["\n  mutation EndCall($callId: ID!) {\n    endCall(callId: $callId) {\n      id\n      status\n      durationSeconds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendCallSignal($callId: ID!, $kind: String!, $payload: String!) {\n    sendCallSignal(callId: $callId, kind: $kind, payload: $payload)\n  }\n"): (typeof documents)["\n  mutation SendCallSignal($callId: ID!, $kind: String!, $payload: String!) {\n    sendCallSignal(callId: $callId, kind: $kind, payload: $payload)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      username\n    }\n  }\n"): (typeof documents)["\n  fragment AuthFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      username\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthFields\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshToken($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...AuthFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthFields\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($usernameOrEmail: String!, $password: String!) {\n    login(usernameOrEmail: $usernameOrEmail, password: $password) {\n      ...AuthFields\n    }\n  }\n"): (typeof documents)["\n  mutation Login($usernameOrEmail: String!, $password: String!) {\n    login(usernameOrEmail: $usernameOrEmail, password: $password) {\n      ...AuthFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Calls($after: String) {\n    calls(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          status\n          type\n          startedAt\n          durationSeconds\n          caller {\n            id\n            username\n          }\n          callee {\n            id\n            username\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query Calls($after: String) {\n    calls(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          status\n          type\n          startedAt\n          durationSeconds\n          caller {\n            id\n            username\n          }\n          callee {\n            id\n            username\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestUpload($input: RequestUploadInput!) {\n    requestUpload(input: $input) {\n      uploadId\n      url\n      method\n      fields {\n        name\n        value\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RequestUpload($input: RequestUploadInput!) {\n    requestUpload(input: $input) {\n      uploadId\n      url\n      method\n      fields {\n        name\n        value\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePost($input: CreatePostInput!) {\n    createPost(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePost($input: CreatePostInput!) {\n    createPost(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Explore($after: String) {\n    explore(first: 24, after: $after) {\n      edges {\n        node {\n          ...PostGridFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query Explore($after: String) {\n    explore(first: 24, after: $after) {\n      edges {\n        node {\n          ...PostGridFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Hashtag($tag: String!, $after: String) {\n    hashtag(tag: $tag, first: 24, after: $after) {\n      edges {\n        node {\n          ...PostGridFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query Hashtag($tag: String!, $after: String) {\n    hashtag(tag: $tag, first: 24, after: $after) {\n      edges {\n        node {\n          ...PostGridFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Feed($after: String) {\n    feed(first: 10, after: $after) {\n      edges {\n        node {\n          ...PostCardFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query Feed($after: String) {\n    feed(first: 10, after: $after) {\n      edges {\n        node {\n          ...PostCardFields\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FeedPostAdded {\n    feedPostAdded {\n      ...PostCardFields\n    }\n  }\n"): (typeof documents)["\n  subscription FeedPostAdded {\n    feedPostAdded {\n      ...PostCardFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CachedPost($id: ID!) {\n    post(id: $id) {\n      ...PostCardFields\n    }\n  }\n"): (typeof documents)["\n  query CachedPost($id: ID!) {\n    post(id: $id) {\n      ...PostCardFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FollowRequests($after: String) {\n    followRequests(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          username\n          displayName\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query FollowRequests($after: String) {\n    followRequests(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          username\n          displayName\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveFollowRequest($userId: ID!) {\n    approveFollowRequest(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveFollowRequest($userId: ID!) {\n    approveFollowRequest(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectFollowRequest($userId: ID!) {\n    rejectFollowRequest(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RejectFollowRequest($userId: ID!) {\n    rejectFollowRequest(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notifications($after: String) {\n    notifications(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          kind\n          read\n          createdAt\n          actor {\n            id\n            username\n            displayName\n          }\n          post {\n            id\n          }\n          comment {\n            id\n            body\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query Notifications($after: String) {\n    notifications(first: 20, after: $after) {\n      edges {\n        node {\n          id\n          kind\n          read\n          createdAt\n          actor {\n            id\n            username\n            displayName\n          }\n          post {\n            id\n          }\n          comment {\n            id\n            body\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationsRead($upTo: ID) {\n    markNotificationsRead(upTo: $upTo)\n  }\n"): (typeof documents)["\n  mutation MarkNotificationsRead($upTo: ID) {\n    markNotificationsRead(upTo: $upTo)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    author {\n      id\n      username\n      displayName\n    }\n  }\n"): (typeof documents)["\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    author {\n      id\n      username\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PostDetail($id: ID!) {\n    post(id: $id) {\n      ...PostCardFields\n      comments(first: 20) {\n        edges {\n          node {\n            ...CommentFields\n            replyCount\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PostDetail($id: ID!) {\n    post(id: $id) {\n      ...PostCardFields\n      comments(first: 20) {\n        edges {\n          node {\n            ...CommentFields\n            replyCount\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Replies($id: ID!) {\n    comment(id: $id) {\n      id\n      replies(first: 20) {\n        edges {\n          node {\n            ...CommentFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Replies($id: ID!) {\n    comment(id: $id) {\n      id\n      replies(first: 20) {\n        edges {\n          node {\n            ...CommentFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddComment($postId: ID!, $body: String!, $parentId: ID) {\n    addComment(postId: $postId, body: $body, parentId: $parentId) {\n      ...CommentFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddComment($postId: ID!, $body: String!, $parentId: ID) {\n    addComment(postId: $postId, body: $body, parentId: $parentId) {\n      ...CommentFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CommentAdded($postId: ID!) {\n    commentAdded(postId: $postId) {\n      id\n      parent {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription CommentAdded($postId: ID!) {\n    commentAdded(postId: $postId) {\n      id\n      parent {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Profile($username: String!, $after: String) {\n    user(username: $username) {\n      id\n      username\n      displayName\n      bio\n      website\n      isPrivate\n      followerCount\n      followingCount\n      postCount\n      viewerFollows\n      viewerFollowRequested\n      viewerHasBlocked\n      posts(first: 12, after: $after) {\n        edges {\n          node {\n            ...PostGridFields\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Profile($username: String!, $after: String) {\n    user(username: $username) {\n      id\n      username\n      displayName\n      bio\n      website\n      isPrivate\n      followerCount\n      followingCount\n      postCount\n      viewerFollows\n      viewerFollowRequested\n      viewerHasBlocked\n      posts(first: 12, after: $after) {\n        edges {\n          node {\n            ...PostGridFields\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Follow($userId: ID!) {\n    follow(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n    }\n  }\n"): (typeof documents)["\n  mutation Follow($userId: ID!) {\n    follow(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Unfollow($userId: ID!) {\n    unfollow(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n    }\n  }\n"): (typeof documents)["\n  mutation Unfollow($userId: ID!) {\n    unfollow(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Block($userId: ID!) {\n    block(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n      viewerHasBlocked\n    }\n  }\n"): (typeof documents)["\n  mutation Block($userId: ID!) {\n    block(userId: $userId) {\n      id\n      followerCount\n      viewerFollows\n      viewerFollowRequested\n      viewerHasBlocked\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Unblock($userId: ID!) {\n    unblock(userId: $userId) {\n      id\n      viewerHasBlocked\n    }\n  }\n"): (typeof documents)["\n  mutation Unblock($userId: ID!) {\n    unblock(userId: $userId) {\n      id\n      viewerHasBlocked\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPrivate($isPrivate: Boolean!) {\n    updateProfile(input: { isPrivate: $isPrivate }) {\n      id\n      isPrivate\n    }\n  }\n"): (typeof documents)["\n  mutation SetPrivate($isPrivate: Boolean!) {\n    updateProfile(input: { isPrivate: $isPrivate }) {\n      id\n      isPrivate\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Search($query: String!) {\n    search(query: $query, first: 24) {\n      users {\n        id\n        username\n        displayName\n        followerCount\n      }\n      posts {\n        edges {\n          node {\n            ...PostGridFields\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Search($query: String!) {\n    search(query: $query, first: 24) {\n      users {\n        id\n        username\n        displayName\n        followerCount\n      }\n      posts {\n        edges {\n          node {\n            ...PostGridFields\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;