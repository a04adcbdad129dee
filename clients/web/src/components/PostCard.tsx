import { useState } from 'react';
import { useMutation, useSubscription } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../generated';
import type { PostCardFieldsFragment } from '../generated/graphql';
import { errorText } from '../lib/errors';
import { timeAgo } from '../lib/hooks';
import { Avatar } from './Avatar';
import { RichText } from './RichText';

export const PostCardFields = graphql(`
  fragment PostCardFields on Post {
    id
    caption
    createdAt
    likeCount
    commentCount
    viewerHasLiked
    author {
      id
      username
      displayName
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

const LikePost = graphql(`
  mutation LikePost($postId: ID!) {
    likePost(postId: $postId) {
      id
      likeCount
      viewerHasLiked
    }
  }
`);

const UnlikePost = graphql(`
  mutation UnlikePost($postId: ID!) {
    unlikePost(postId: $postId) {
      id
      likeCount
      viewerHasLiked
    }
  }
`);

/** Counts as they change (likes, comments, caption): the cache updates every card showing the post. */
const PostUpdated = graphql(`
  subscription PostUpdated($postId: ID!) {
    postUpdated(postId: $postId) {
      id
      caption
      likeCount
      commentCount
    }
  }
`);

type MediaItem = PostCardFieldsFragment['media'][number];

/** The post's pictures one at a time, with buttons to move between them and their sizes reserved. */
export function Carousel({ media, label }: { media: readonly MediaItem[]; label: string }) {
  const [index, setIndex] = useState(0);
  const item = media[Math.min(index, media.length - 1)];
  if (!item) return null;
  const many = media.length > 1;
  return (
    <div className="carousel" role="group" aria-roledescription="carousel" aria-label={label}>
      {item.contentType.startsWith('video/') ? (
        <video
          key={item.id}
          src={item.url}
          width={item.width ?? undefined}
          height={item.height ?? undefined}
          controls
          playsInline
        />
      ) : (
        <img
          key={item.id}
          src={item.url}
          width={item.width ?? 1080}
          height={item.height ?? 1080}
          alt={many ? `Picture ${index + 1} of ${media.length}` : 'Picture'}
          loading="lazy"
          decoding="async"
        />
      )}
      {many && (
        <div className="carousel-controls">
          <button
            type="button"
            onClick={() => setIndex(index - 1)}
            disabled={index === 0}
            aria-label="Previous picture"
          >
            ‹
          </button>
          <span aria-live="polite">
            {index + 1} / {media.length}
          </span>
          <button
            type="button"
            onClick={() => setIndex(index + 1)}
            disabled={index === media.length - 1}
            aria-label="Next picture"
          >
            ›
          </button>
        </div>
      )}
    </div>
  );
}

export function PostCard({ post, live = true }: { post: PostCardFieldsFragment; live?: boolean }) {
  useSubscription({ query: PostUpdated, variables: { postId: post.id }, pause: !live });
  const [liking, likePost] = useMutation(LikePost);
  const [unliking, unlikePost] = useMutation(UnlikePost);
  const [error, setError] = useState<string | null>(null);
  const name = post.author.displayName ?? post.author.username;
  const toggleLike = async () => {
    const result = post.viewerHasLiked ? await unlikePost({ postId: post.id }) : await likePost({ postId: post.id });
    setError(errorText(result.error));
  };
  return (
    <article className="post" aria-labelledby={`post-${post.id}-author`} data-post-id={post.id}>
      <header className="post-header">
        <Avatar username={post.author.username} />
        <Link href={`/u/${post.author.username}`} id={`post-${post.id}-author`} className="author">
          {name}
        </Link>
        <Link href={`/p/${post.id}`} className="muted">
          <time dateTime={post.createdAt}>{timeAgo(post.createdAt)}</time>
        </Link>
      </header>
      <Carousel media={post.media} label={`Post by ${name}`} />
      <div className="post-actions">
        <button
          type="button"
          className="like"
          aria-pressed={post.viewerHasLiked}
          onClick={toggleLike}
          disabled={liking.fetching || unliking.fetching}
        >
          {post.viewerHasLiked ? '♥ Liked' : '♡ Like'}
        </button>
        <span className="count" data-testid="like-count">
          {post.likeCount} {post.likeCount === 1 ? 'like' : 'likes'}
        </span>
        <Link href={`/p/${post.id}`} className="count">
          {post.commentCount} {post.commentCount === 1 ? 'comment' : 'comments'}
        </Link>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {post.caption && (
        <p className="caption">
          <RichText text={post.caption} />
        </p>
      )}
    </article>
  );
}
