// #hashtags and @mentions in user text (captions, comments): the one parser every subgraph uses.

/** `#Tag` → `tag`: letters, digits and underscores, up to 100, unique, in order of appearance. */
export function parseHashtags(caption: string | null): string[] {
  if (!caption) return [];
  const tags = [...caption.matchAll(/(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]{1,100})/gu)].map((m) => m[1]!.toLowerCase());
  return [...new Set(tags)].slice(0, 30);
}

/** `@name` → `name` (usernames' alphabet), unique, in order of appearance. */
export function parseMentions(caption: string | null): string[] {
  if (!caption) return [];
  const names = [...caption.matchAll(/(?:^|[^a-z0-9._@])@([a-z0-9._]{3,30})/gi)].map((m) => m[1]!.toLowerCase());
  return [...new Set(names)].slice(0, 20);
}
