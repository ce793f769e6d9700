-- Posting a status with an Idempotency-Key header: the key, per account, names the status it made,
-- so a client retrying the same post (a timeout, a flaky network) gets that status back instead of
-- a second one. Keys older than a day are pruned.
CREATE TABLE idempotency_keys (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    status_id  BIGINT NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (account_id, key)
);
CREATE INDEX idempotency_keys_status ON idempotency_keys (status_id);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- The public timelines list public statuses that are not reblogs, newest first (the whole network,
-- or this instance's): each reads its page straight off its own partial index.
DROP INDEX statuses_public;
CREATE INDEX statuses_public_timeline ON statuses (id)
    WHERE visibility = 'public' AND reblog_of_id IS NULL AND deleted_at IS NULL;
CREATE INDEX statuses_local_timeline ON statuses (id)
    WHERE local AND visibility = 'public' AND reblog_of_id IS NULL AND deleted_at IS NULL;

-- Where an account stopped reading its home timeline and its notifications (Mastodon's markers),
-- so another app of the same account picks up there. version counts updates (a client sends
-- nothing with it; it is shown).
CREATE TABLE markers (
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    timeline     TEXT NOT NULL,
    last_read_id BIGINT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 0,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (account_id, timeline)
);

-- Favourites and bookmarks are listed per account, newest first, paged by their own id; the
-- UNIQUE (account_id, status_id) pair cannot answer that without a sort.
CREATE INDEX favourites_account_page ON favourites (account_id, id);
CREATE INDEX bookmarks_account_page ON bookmarks (account_id, id);
-- Who favourited a status, paged by favourite id.
DROP INDEX favourites_status;
CREATE INDEX favourites_status_page ON favourites (status_id, id);
-- Undoing a favourite or reblog takes back its notification; (status_id, from_account_id) also
-- serves the foreign key the single-column index served.
DROP INDEX notifications_status;
CREATE INDEX notifications_status_from ON notifications (status_id, from_account_id);
