-- A missed call notifies the callee (CallEnded with status MISSED, ADR 0017).
ALTER TYPE "NotificationKind" ADD VALUE 'missed_call';

-- The call a missed_call notification is about: its subject, so every missed call notifies once.
ALTER TABLE "notifications" ADD COLUMN "call_id" UUID;
