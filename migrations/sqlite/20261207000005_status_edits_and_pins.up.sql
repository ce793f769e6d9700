-- Every version of an edited status, oldest first: the first edit stores the original and the
-- new text, each later edit its new text (what /api/v1/statuses/:id/history lists, as Mastodon).
CREATE TABLE status_edits (
    id           BIGINT PRIMARY KEY,
    status_id    BIGINT NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    content      TEXT NOT NULL,
    source_text  TEXT,
    spoiler_text TEXT NOT NULL DEFAULT '',
    sensitive    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TEXT NOT NULL
);
CREATE INDEX status_edits_status ON status_edits (status_id, id);
CREATE INDEX status_edits_account ON status_edits (account_id);

-- Statuses an account pinned to its profile, in pin order.
CREATE TABLE status_pins (
    id         BIGINT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status_id  BIGINT NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    UNIQUE (account_id, status_id)
);
CREATE INDEX status_pins_status ON status_pins (status_id);
