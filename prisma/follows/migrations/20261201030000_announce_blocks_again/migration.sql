-- The comments and likes subgraphs keep their own copies of blocks (hiding the blocked side's
-- comments and likers), fed by UserBlocked/UserUnblocked. Blocks made before they existed would
-- reach them only while the broker still holds those events. As 20261130040000_announce_blocks did
-- for users, this announces every current block once more; every consumer applies a block
-- idempotently.
INSERT INTO "outbox" ("id", "topic", "aggregate_id", "type", "version", "payload", "occurred_at")
SELECT gen_random_uuid(), 'shutter.follows', b."blocked_id"::text, 'UserBlocked', 1,
       jsonb_build_object('blockerId', b."blocker_id", 'blockedId', b."blocked_id"),
       now()
  FROM "blocks" b
 ORDER BY b."created_at", b."blocker_id", b."blocked_id";
