-- What showing an uploaded attachment needs besides its original file: the URL it was stored
-- under (rewritten by `pleroctl uploads migrate`, as profile images are), a small preview,
-- its place among the status's attachments, and since when no status uses it (the sweep job
-- removes attachments unused for a day).
ALTER TABLE media_attachments ADD COLUMN url TEXT;
ALTER TABLE media_attachments ADD COLUMN preview_key TEXT;
ALTER TABLE media_attachments ADD COLUMN preview_url TEXT;
ALTER TABLE media_attachments ADD COLUMN preview_width INTEGER;
ALTER TABLE media_attachments ADD COLUMN preview_height INTEGER;
ALTER TABLE media_attachments ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media_attachments ADD COLUMN unattached_since TEXT;

DROP INDEX media_attachments_status;
CREATE INDEX media_attachments_status ON media_attachments (status_id, position);
-- `pleroctl uploads migrate` finds the row of each file it copied by its key.
CREATE INDEX media_attachments_file_key ON media_attachments (file_key);
CREATE INDEX media_attachments_preview_key ON media_attachments (preview_key);
CREATE INDEX media_attachments_unattached ON media_attachments (unattached_since) WHERE status_id IS NULL;
