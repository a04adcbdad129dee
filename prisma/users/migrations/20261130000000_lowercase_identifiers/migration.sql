-- Usernames and emails are case-insensitive: every writer stores them lower-case, so the plain
-- unique indexes are enough. The database now holds that rule too, so a writer that forgets to
-- lower-case fails instead of creating "Ada" beside "ada".
ALTER TABLE "users"
    ADD CONSTRAINT "users_username_lower_case" CHECK ("username" = lower("username")),
    ADD CONSTRAINT "users_email_lower_case" CHECK ("email" = lower("email"));
