-- The thread a status belongs to: the id of the status at its top (a reply takes its parent's,
-- a status that answers nothing its own). Muting a conversation mutes a thread.
ALTER TABLE statuses ADD COLUMN thread_id BIGINT;
WITH RECURSIVE threads (id, root) AS (
    SELECT id, id FROM statuses WHERE in_reply_to_id IS NULL
    UNION ALL
    SELECT s.id, t.root FROM statuses s JOIN threads t ON s.in_reply_to_id = t.id
)
UPDATE statuses SET thread_id = threads.root FROM threads WHERE threads.id = statuses.id;
UPDATE statuses SET thread_id = id WHERE thread_id IS NULL;

-- Threads an account muted: no notification about a status in them (Mastodon's conversation mutes).
CREATE TABLE conversation_mutes (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    thread_id  BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, thread_id)
);

-- The attachments each version of an edited status had, in order (edits may change them).
CREATE TABLE status_edit_media (
    edit_id  BIGINT NOT NULL REFERENCES status_edits (id) ON DELETE CASCADE,
    media_id BIGINT NOT NULL REFERENCES media_attachments (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (edit_id, media_id)
);
CREATE INDEX status_edit_media_media ON status_edit_media (media_id);
