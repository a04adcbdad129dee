import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { Link } from 'wouter';
import { Avatar } from '../components/Avatar';
import { PostCard } from '../components/PostCard';
import { RichText } from '../components/RichText';
import { graphql } from '../generated';
import type { CommentFieldsFragment } from '../generated/graphql';
import { errorText, formErrors } from '../lib/errors';
import { timeAgo, usePageTitle } from '../lib/hooks';

const CommentFields = graphql(`
  fragment CommentFields on Comment {
    id
    body
    createdAt
    author {
      id
      username
      displayName
    }
  }
`);
void CommentFields;

const PostDetail = graphql(`
  query PostDetail($id: ID!) {
    post(id: $id) {
      ...PostCardFields
      comments(first: 20) {
        edges {
          node {
            ...CommentFields
            replyCount
          }
        }
      }
    }
  }
`);

/** A thread's replies, loaded on their own (nested pages would multiply the operation's cost). */
const Replies = graphql(`
  query Replies($id: ID!) {
    comment(id: $id) {
      id
      replies(first: 20) {
        edges {
          node {
            ...CommentFields
          }
        }
      }
    }
  }
`);

function RepliesList({ commentId }: { commentId: string }) {
  const [{ data }] = useQuery({ query: Replies, variables: { id: commentId } });
  const replies = data?.comment?.replies.edges ?? [];
  if (replies.length === 0) return null;
  return (
    <ol className="replies">
      {replies.map(({ node: reply }) => (
        <li key={reply.id} className="comment">
          <CommentView comment={reply} />
        </li>
      ))}
    </ol>
  );
}

const AddComment = graphql(`
  mutation AddComment($postId: ID!, $body: String!, $parentId: ID) {
    addComment(postId: $postId, body: $body, parentId: $parentId) {
      ...CommentFields
    }
  }
`);

const CommentAdded = graphql(`
  subscription CommentAdded($postId: ID!) {
    commentAdded(postId: $postId) {
      id
      parent {
        id
      }
    }
  }
`);

function CommentForm({ postId, parentId, label }: { postId: string; parentId?: string; label: string }) {
  const [state, addComment] = useMutation(AddComment);
  const [body, setBody] = useState('');
  const errors = formErrors(state.error, ['body']);
  const inputId = `comment-${parentId ?? postId}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await addComment({ postId, body, parentId: parentId ?? null });
    if (result.data) setBody('');
  };
  return (
    <form onSubmit={submit} className="inline-form comment-form">
      <label htmlFor={inputId} className="sr-only">
        {label}
      </label>
      <input
        id={inputId}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        placeholder={label}
        maxLength={2200}
        aria-invalid={errors.fields.body ? true : undefined}
        aria-describedby={errors.fields.body || errors.form ? `${inputId}-error` : undefined}
      />
      <button type="submit" disabled={state.fetching || body.trim() === ''}>
        {parentId ? 'Reply' : 'Post'}
      </button>
      {(errors.fields.body || errors.form) && (
        <small id={`${inputId}-error`} className="error" role="alert">
          {errors.fields.body ?? errors.form}
        </small>
      )}
    </form>
  );
}

function CommentView({ comment }: { comment: CommentFieldsFragment }) {
  return (
    <div className="comment-body">
      <Avatar username={comment.author.username} size={24} />
      <p>
        <Link href={`/u/${comment.author.username}`} className="author">
          {comment.author.displayName ?? comment.author.username}
        </Link>{' '}
        <RichText text={comment.body} />{' '}
        <time className="muted" dateTime={comment.createdAt}>
          {timeAgo(comment.createdAt)}
        </time>
      </p>
    </div>
  );
}

export function PostPage({ id }: { id: string }) {
  usePageTitle('Post');
  const [{ data, fetching, error }] = useQuery({ query: PostDetail, variables: { id } });
  useSubscription({ query: CommentAdded, variables: { postId: id }, pause: !data?.post });
  const [replyingTo, setReplyingTo] = useState<string | null>(null);
  if (error && !data) return <p className="error">{errorText(error)}</p>;
  if (!data) return <p aria-busy="true">Loading…</p>;
  if (!data.post) return <p className="empty">{fetching ? 'Loading…' : 'This post is not available.'}</p>;
  const post = data.post;
  return (
    <section aria-label="Post">
      <PostCard post={post} />
      <section aria-labelledby="comments-title" className="comments">
        <h2 id="comments-title">Comments</h2>
        {post.comments.edges.length === 0 && <p className="muted">No comments yet.</p>}
        <ol className="comment-list">
          {post.comments.edges.map(({ node: comment }) => (
            <li key={comment.id} className="comment">
              <CommentView comment={comment} />
              <button
                type="button"
                className="link"
                onClick={() => setReplyingTo(replyingTo === comment.id ? null : comment.id)}
              >
                Reply{comment.replyCount > 0 ? ` (${comment.replyCount})` : ''}
              </button>
              {comment.replyCount > 0 && <RepliesList commentId={comment.id} />}
              {replyingTo === comment.id && (
                <CommentForm postId={post.id} parentId={comment.id} label={`Reply to ${comment.author.username}`} />
              )}
            </li>
          ))}
        </ol>
        <CommentForm postId={post.id} label="Add a comment" />
      </section>
    </section>
  );
}
