-- AlterTable
ALTER TABLE "accounts" ADD COLUMN "display_name" TEXT;

-- Full-text search over captions and hashtags (the embedded search default). array_to_string is
-- only STABLE, so the document is built by an IMMUTABLE function that an index may use.
CREATE FUNCTION "posts_search_document"(caption TEXT, hashtags TEXT[]) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT to_tsvector('simple', coalesce(caption, '') || ' ' || coalesce(array_to_string(hashtags, ' '), '')) $$;

-- Prisma's schema language cannot express expression indexes, so this one lives only here.
CREATE INDEX "posts_search_idx" ON "posts" USING GIN ("posts_search_document"("caption", "hashtags"));
