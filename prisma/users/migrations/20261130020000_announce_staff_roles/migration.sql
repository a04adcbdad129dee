-- Since 20261130010000_account_roles, posts and follows decide staff powers from their own copy of
-- each account's role, fed by UserRegistered/UserUpdated. Their copies of accounts that were staff
-- before then start as USER. This announces every staff account's role once, through the outbox,
-- in the transaction of this migration: the relay publishes it and the copies catch up.
INSERT INTO "outbox" ("id", "topic", "aggregate_id", "type", "version", "payload", "occurred_at")
SELECT gen_random_uuid(), 'shutter.users', u."id"::text, 'UserUpdated', 1,
       jsonb_build_object('userId', u."id", 'changed', jsonb_build_array('role'),
                          'username', u."username", 'role', u."role"),
       now()
  FROM "users" u
 WHERE u."role" <> 'USER'
 ORDER BY u."created_at", u."id";
