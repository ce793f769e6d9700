-- Change events: what a node must hear of (accounts, tokens, follows, …), written in the same
-- transaction as the change itself. SQLite has one writer at a time, so positions increase in
-- commit order; AUTOINCREMENT never hands out a position again after the newest row is pruned.
CREATE TABLE change_events (
    position   INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX change_events_created_at ON change_events (created_at);
