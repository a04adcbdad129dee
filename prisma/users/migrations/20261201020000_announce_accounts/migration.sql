-- The comments subgraph (usernames for @mentions, roles) and the likes subgraph (roles) keep copies
-- of every account, fed by UserRegistered/UserUpdated. Accounts made before they existed would
-- reach them only while the broker still holds those events (never on the in-process transport of
-- an existing `npm start` installation). This announces every account's current username and role
-- once, through the outbox; every consumer applies it idempotently (profiles ignores an unchanged
-- username, the others upsert their copy).
INSERT INTO "outbox" ("id", "topic", "aggregate_id", "type", "version", "payload", "occurred_at")
SELECT gen_random_uuid(), 'shutter.users', u."id"::text, 'UserUpdated', 1,
       jsonb_build_object('userId', u."id", 'changed', jsonb_build_array('username', 'role'),
                          'username', u."username", 'role', u."role"),
       now()
  FROM "users" u
 ORDER BY u."created_at", u."id";
