-- Change events: what a node must hear of (accounts, tokens, follows, …), written in the same
-- transaction as the change itself, with that transaction's id: readers go in (tx_id, position)
-- order up to the oldest transaction still running, so they never skip an event committed late
-- (see core/src/store/events.rs). Pruned after events.retention_hours.
CREATE TABLE change_events (
    position   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx_id      BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX change_events_stream ON change_events (tx_id, position);
CREATE INDEX change_events_created_at ON change_events (created_at);
