/** Avatars cannot be set yet (the API answers null): initials on a colour derived from the name. */
export function Avatar({ username, size = 32 }: { username: string; size?: number }) {
  let hash = 0;
  for (const char of username) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ width: size, height: size, fontSize: size * 0.45, backgroundColor: `hsl(${hue} 45% 35%)` }}
    >
      {username.slice(0, 1).toUpperCase()}
    </span>
  );
}
