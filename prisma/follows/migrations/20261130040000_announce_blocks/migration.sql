-- Since 20261130030000_blocks (users), the users subgraph keeps its own copy of blocks, fed by
-- UserBlocked/UserUnblocked. Blocks made before then would reach it only while the broker still
-- holds their events (never on the in-process transport after a restart). This announces every
-- current block once more, through the outbox; consumers apply a block idempotently.
INSERT INTO "outbox" ("id", "topic", "aggregate_id", "type", "version", "payload", "occurred_at")
SELECT gen_random_uuid(), 'shutter.follows', b."blocked_id"::text, 'UserBlocked', 1,
       jsonb_build_object('blockerId', b."blocker_id", 'blockedId', b."blocked_id"),
       now()
  FROM "blocks" b
 ORDER BY b."created_at", b."blocker_id", b."blocked_id";
