import { Link } from 'wouter';
import { graphql } from '../generated';
import type { PostGridFieldsFragment } from '../generated/graphql';

export const PostGridFields = graphql(`
  fragment PostGridFields on Post {
    id
    caption
    likeCount
    commentCount
    author {
      id
      username
    }
    media {
      id
      url
      width
      height
      contentType
    }
  }
`);

/** Square thumbnails linking to each post (explore, hashtags, search, profiles). */
export function PostGrid({ posts }: { posts: readonly PostGridFieldsFragment[] }) {
  return (
    <ul className="grid">
      {posts.map((post) => {
        const first = post.media[0];
        const label = `Post by ${post.author.username}${post.caption ? `: ${post.caption.slice(0, 80)}` : ''}`;
        return (
          <li key={post.id}>
            <Link href={`/p/${post.id}`} aria-label={label}>
              {first && !first.contentType.startsWith('video/') ? (
                <img src={first.url} alt="" width={300} height={300} loading="lazy" decoding="async" />
              ) : (
                <span className="video-tile">▶</span>
              )}
              {post.media.length > 1 && (
                <span className="multi" aria-hidden="true">
                  ⧉
                </span>
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
