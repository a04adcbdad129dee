-- Each account's current role, copied from the users subgraph's UserRegistered and UserUpdated
-- events: staff powers here follow the role the account has now, not the one a still-valid access
-- token claims. Accounts copied before this migration start as USER until their next role change.

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'MODERATOR', 'ADMIN');

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "role" "Role" NOT NULL DEFAULT 'USER';
