-- The users subgraph's copy of the follows subgraph's blocks, fed by UserBlocked/UserUnblocked:
-- `user(id | username)` answers null to an account its target has blocked, without a call to follows.
-- No foreign keys to "users": a copy must never refuse an event (a dead-lettered UserBlocked would leave
-- the blocked account seeing its blocker).
-- The primary key also serves the lookup (blocked_id = viewer AND blocker_id IN the accounts asked for).
-- CreateTable
CREATE TABLE "blocks" (
    "blocker_id" UUID NOT NULL,
    "blocked_id" UUID NOT NULL,

    CONSTRAINT "blocks_pkey" PRIMARY KEY ("blocker_id","blocked_id")
);

-- Idempotent consumers record each applied event id here, in the transaction of its effect.
-- CreateTable
CREATE TABLE "processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);
