-- Change events: what a node must hear of (accounts, tokens, follows, …), written in the same
-- transaction as the change itself. SQLite has one writer at a time, so positions increase in
-- commit order; AUTOINCREMENT never hands out a position again after the newest row is pruned.
CREATE TABLE change_events (
    position   INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Always 0: PostgreSQL's transaction id, which SQLite's single writer does not need.
    tx_id      BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX change_events_stream ON change_events (tx_id, position);
CREATE INDEX change_events_created_at ON change_events (created_at);
