-- Avatars (ADR 0023): an upload checked as an image and copied to a media key, for a profile to show.
-- The profiles subgraph says which one an account shows (profiles.avatar_id); this table holds the
-- object and serves it at a stable URL (/media/avatar/<id>). Rows are deleted when profiles releases
-- them (replaced, cleared, or a failed updateProfile undone).
CREATE TABLE "avatars" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "storage_key" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "avatars_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "avatars_owner_id_idx" ON "avatars"("owner_id");
