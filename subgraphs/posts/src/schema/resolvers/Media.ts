import type { MediaResolvers } from '../generated/resolvers-types.js';

export const Media: MediaResolvers = {
  url: (media, _, ctx) => ctx.posts.mediaUrl(media),
};
