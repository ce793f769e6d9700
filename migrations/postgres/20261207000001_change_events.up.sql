-- Change events: what a node must hear of (accounts, tokens, follows, …), written in the same
-- transaction as the change itself. Positions increase in commit order: writers take an advisory
-- lock from their insert to commit (see core/src/store/unit.rs), so a reader that saw position N
-- never later finds a smaller one committed. Pruned after events.retention_hours.
CREATE TABLE change_events (
    position   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX change_events_created_at ON change_events (created_at);
