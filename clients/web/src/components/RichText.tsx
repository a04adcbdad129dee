import { Fragment } from 'react';
import { Link } from 'wouter';

/** A caption or comment with its #hashtags and @mentions as links. */
export function RichText({ text }: { text: string }) {
  const parts = text.split(/([#@][\p{L}\p{N}_.]+)/u);
  return (
    <>
      {parts.map((part, i) => {
        if (part.startsWith('#') && part.length > 1) {
          return (
            <Link key={i} href={`/tags/${encodeURIComponent(part.slice(1).toLowerCase())}`}>
              {part}
            </Link>
          );
        }
        if (part.startsWith('@') && part.length > 1) {
          const name = part.slice(1).replace(/\.+$/, '');
          return (
            <Fragment key={i}>
              <Link href={`/u/${encodeURIComponent(name.toLowerCase())}`}>@{name}</Link>
              {part.slice(1 + name.length)}
            </Fragment>
          );
        }
        return <Fragment key={i}>{part}</Fragment>;
      })}
    </>
  );
}
