-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('like', 'comment', 'reply', 'mention', 'follow', 'follow_request', 'follow_approved');

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "actor_id" UUID NOT NULL,
    "post_id" UUID,
    "comment_id" UUID,
    "subject_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_counters" (
    "recipient_id" UUID NOT NULL,
    "unread" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "notification_counters_pkey" PRIMARY KEY ("recipient_id")
);

-- CreateTable
CREATE TABLE "blocks" (
    "blocker_id" UUID NOT NULL,
    "blocked_id" UUID NOT NULL,

    CONSTRAINT "blocks_pkey" PRIMARY KEY ("blocker_id","blocked_id")
);

-- CreateTable
CREATE TABLE "comment_authors" (
    "comment_id" UUID NOT NULL,
    "post_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,

    CONSTRAINT "comment_authors_pkey" PRIMARY KEY ("comment_id")
);

-- CreateTable
CREATE TABLE "deleted_posts" (
    "post_id" UUID NOT NULL,
    "deleted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deleted_posts_pkey" PRIMARY KEY ("post_id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- Deduplication: one notification per recipient, kind, actor and subject.
-- CreateIndex
CREATE UNIQUE INDEX "notifications_recipient_id_kind_actor_id_subject_id_key" ON "notifications"("recipient_id", "kind", "actor_id", "subject_id");

-- A recipient's page, newest first (scanned backwards).
-- CreateIndex
CREATE INDEX "notifications_recipient_id_created_at_id_idx" ON "notifications"("recipient_id", "created_at", "id");

-- PostDeleted and CommentDeleted remove what was notified about them.
-- CreateIndex
CREATE INDEX "notifications_post_id_idx" ON "notifications"("post_id");

-- CreateIndex
CREATE INDEX "notifications_comment_id_idx" ON "notifications"("comment_id");

-- A block or unblock moves the counters by the unread notifications between two accounts: found
-- through this small partial index, whatever the size of the read history.
CREATE INDEX "notifications_unread_pair_idx" ON "notifications"("recipient_id", "actor_id") WHERE "read_at" IS NULL;

-- CreateIndex
CREATE INDEX "blocks_blocked_id_idx" ON "blocks"("blocked_id");

-- CreateIndex
CREATE INDEX "comment_authors_post_id_idx" ON "comment_authors"("post_id");

-- Counters never go negative, whatever the interleaving.
ALTER TABLE "notification_counters" ADD CONSTRAINT "notification_counters_check" CHECK ("unread" >= 0);

-- CreateTable
CREATE TABLE "outbox" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_id_key" ON "outbox"("id");

-- The relay reads pending rows in seq order; a partial index keeps that cheap however large the
-- published history grows.
CREATE INDEX "outbox_pending_idx" ON "outbox"("seq") WHERE "published_at" IS NULL;

-- Wake the relay when events commit (NOTIFY is delivered at commit, never for a rollback).
CREATE FUNCTION "outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "outbox_notify" AFTER INSERT ON "outbox" FOR EACH STATEMENT EXECUTE FUNCTION "outbox_notify"();
