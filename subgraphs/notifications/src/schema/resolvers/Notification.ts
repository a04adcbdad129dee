import type { NotificationResolvers } from '../generated/resolvers-types.js';

// References only: the gateway resolves them in users, posts and comments, with the viewer's
// identity, so a post or comment the recipient may no longer see comes back null.
export const Notification: NotificationResolvers = {
  actor: (row) => ({ id: row.actorId }),
  post: (row) => (row.postId ? { id: row.postId } : null),
  comment: (row) => (row.commentId ? { id: row.commentId } : null),
  read: (row) => row.readAt !== null,
};
