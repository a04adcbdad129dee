-- The home feed (ADR 0014). Each post records whether its author's followers got it in their
-- timelines: NULL until the feed consumer handled its PostCreated, TRUE when fanned out, FALSE when
-- the author had too many followers (merged at read time instead). Posts written before this
-- migration are in no timeline yet, but every timeline is rebuilt from the database when first read:
-- they count as fanned out, and a consumer reading the posts topic from its beginning leaves them be.
ALTER TABLE "posts" ADD COLUMN "feed_fanout" BOOLEAN DEFAULT true;
ALTER TABLE "posts" ALTER COLUMN "feed_fanout" DROP DEFAULT;

-- Posts read at read time (popular authors', and those whose fan-out is still pending) by author,
-- newest first: a small part of all posts.
CREATE INDEX "posts_feed_merge_idx" ON "posts" ("author_id", "created_at" DESC, "id" DESC)
  WHERE "feed_fanout" IS NOT TRUE;

-- The follow graph as the feed consumer applied it (FollowCreated/FollowRemoved in its own consumer
-- group). Fan-out, rebuilds and the feed's "followed" rule read this one, not the visibility copy in
-- "follows" (another consumer group, which may be ahead or behind), so a post and a follow handled in
-- either order by this consumer never leave a gap. Seeded from the visibility copy.
CREATE TABLE "feed_follows" (
    "follower_id" UUID NOT NULL,
    "followee_id" UUID NOT NULL,

    CONSTRAINT "feed_follows_pkey" PRIMARY KEY ("follower_id","followee_id")
);

CREATE INDEX "feed_follows_followee_id_follower_id_idx" ON "feed_follows"("followee_id", "follower_id");

INSERT INTO "feed_follows" ("follower_id", "followee_id") SELECT "follower_id", "followee_id" FROM "follows";
