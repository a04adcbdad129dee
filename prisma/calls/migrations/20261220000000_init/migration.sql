-- CreateEnum
CREATE TYPE "CallType" AS ENUM ('AUDIO', 'VIDEO');

-- CreateEnum
CREATE TYPE "CallStatus" AS ENUM ('RINGING', 'ACTIVE', 'ENDED', 'DECLINED', 'MISSED', 'CANCELLED');

-- CreateTable
CREATE TABLE "calls" (
    "id" UUID NOT NULL,
    "caller_id" UUID NOT NULL,
    "callee_id" UUID NOT NULL,
    "type" "CallType" NOT NULL,
    "status" "CallStatus" NOT NULL DEFAULT 'RINGING',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ring_deadline" TIMESTAMPTZ(3) NOT NULL,
    "answered_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "calls_pkey" PRIMARY KEY ("id"),
    -- Nobody calls themselves, whatever writes the row.
    CONSTRAINT "calls_two_parties_check" CHECK ("caller_id" <> "callee_id")
);

-- A participant's history, newest first (one index scan per side, scanned backwards).
-- CreateIndex
CREATE INDEX "calls_caller_id_started_at_id_idx" ON "calls"("caller_id", "started_at", "id");

-- CreateIndex
CREATE INDEX "calls_callee_id_started_at_id_idx" ON "calls"("callee_id", "started_at", "id");

-- The sweep finds ringing calls past their deadline through this small partial index.
CREATE INDEX "calls_ringing_deadline_idx" ON "calls"("ring_deadline") WHERE "status" = 'RINGING';

-- The sweep deletes the signals of calls that ended a while ago.
CREATE INDEX "calls_ended_at_idx" ON "calls"("ended_at") WHERE "ended_at" IS NOT NULL;

-- CreateTable
CREATE TABLE "busy" (
    "user_id" UUID NOT NULL,
    "call_id" UUID NOT NULL,

    CONSTRAINT "busy_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE INDEX "busy_call_id_idx" ON "busy"("call_id");

-- CreateTable
CREATE TABLE "call_signals" (
    "id" UUID NOT NULL,
    "call_id" UUID NOT NULL,
    "sender_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_signals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "call_signals_call_id_idx" ON "call_signals"("call_id");

-- AddForeignKey
ALTER TABLE "call_signals" ADD CONSTRAINT "call_signals_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "accounts" (
    "user_id" UUID NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "blocks" (
    "blocker_id" UUID NOT NULL,
    "blocked_id" UUID NOT NULL,

    CONSTRAINT "blocks_pkey" PRIMARY KEY ("blocker_id","blocked_id")
);

-- CreateIndex
CREATE INDEX "blocks_blocked_id_idx" ON "blocks"("blocked_id");

-- CreateTable
CREATE TABLE "processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

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
