-- An account blocking another: neither sees the other's statuses, no notification passes, and no
-- follow stands between them.
CREATE TABLE blocks (
    id                BIGINT PRIMARY KEY,
    account_id        BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at        TEXT NOT NULL,
    UNIQUE (account_id, target_account_id)
);
-- "Is the viewer blocked by this author" looks up by the target; the list pages by (account, id).
CREATE INDEX blocks_target ON blocks (target_account_id, account_id);
CREATE INDEX blocks_account_page ON blocks (account_id, id);

-- An account muting another: its statuses leave the muter's timelines, and with notifications =
-- TRUE its notifications too, until expires_at (NULL: for good).
CREATE TABLE mutes (
    id                BIGINT PRIMARY KEY,
    account_id        BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    notifications     BOOLEAN NOT NULL DEFAULT TRUE,
    expires_at        TEXT,
    created_at        TEXT NOT NULL,
    UNIQUE (account_id, target_account_id)
);
CREATE INDEX mutes_target ON mutes (target_account_id);
CREATE INDEX mutes_account_page ON mutes (account_id, id);

-- A user hiding a whole domain (/api/v1/domain_blocks): its accounts' statuses and notifications,
-- and the followers it had there.
CREATE TABLE account_domain_blocks (
    id         BIGINT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    domain     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (account_id, domain)
);
CREATE INDEX account_domain_blocks_page ON account_domain_blocks (account_id, id);
