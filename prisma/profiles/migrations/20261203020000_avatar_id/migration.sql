-- The avatar the profile shows (ADR 0023): an id of the posts subgraph's avatars, whose stable URL is
-- avatar_url. Kept to release the avatar when it is replaced or cleared.
ALTER TABLE "profiles" ADD COLUMN "avatar_id" UUID;
