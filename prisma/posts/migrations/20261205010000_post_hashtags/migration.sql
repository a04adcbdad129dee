-- Hashtag pages (issue 10, ADR 0024): a row per (hashtag, post), kept by a trigger from
-- posts.hashtags, which stays the source of truth (captions, search, events). A tag's page is then one
-- index range, newest first, for a popular tag and a rare one alike, and its statement can keep one
-- generic plan (scanning posts by date and filtering on the array wanted a plan per tag).
CREATE TABLE "post_hashtags" (
    "tag" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "post_id" UUID NOT NULL,

    CONSTRAINT "post_hashtags_pkey" PRIMARY KEY ("tag", "created_at", "post_id")
);

CREATE INDEX "post_hashtags_post_id_idx" ON "post_hashtags"("post_id");

ALTER TABLE "post_hashtags" ADD CONSTRAINT "post_hashtags_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A post's rows follow its hashtags and its date; deleting the post deletes them (the foreign key).
CREATE FUNCTION "post_hashtags_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM "post_hashtags" WHERE "post_id" = OLD."id";
  END IF;
  INSERT INTO "post_hashtags" ("tag", "created_at", "post_id")
    SELECT DISTINCT tag, NEW."created_at", NEW."id" FROM unnest(NEW."hashtags") AS tag;
  RETURN NULL;
END $$;

CREATE TRIGGER "post_hashtags_inserted" AFTER INSERT ON "posts"
  FOR EACH ROW EXECUTE FUNCTION "post_hashtags_sync"();
CREATE TRIGGER "post_hashtags_updated" AFTER UPDATE OF "hashtags", "created_at" ON "posts"
  FOR EACH ROW WHEN (OLD."hashtags" IS DISTINCT FROM NEW."hashtags" OR OLD."created_at" IS DISTINCT FROM NEW."created_at")
  EXECUTE FUNCTION "post_hashtags_sync"();

INSERT INTO "post_hashtags" ("tag", "created_at", "post_id")
  SELECT DISTINCT tag, p."created_at", p."id" FROM "posts" p, unnest(p."hashtags") AS tag;
