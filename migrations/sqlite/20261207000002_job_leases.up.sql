-- Job leases and fencing: a claim gives the worker a lease until lease_expires_at, renewed while the
-- job runs; lease_token, incremented by every claim and never reset (attempts is, by a retry), is
-- the fencing token: complete, fail and renew match (id, lease_token) and state 'running', so a
-- worker presumed dead cannot settle a job someone else claimed again.
-- 'failed' becomes 'dead' (out of attempts); 'cancelled' is new. unique_key keeps one queued or
-- running job per (kind, unique_key).
ALTER TABLE jobs ADD COLUMN lease_expires_at TEXT;
ALTER TABLE jobs ADD COLUMN unique_key TEXT;
ALTER TABLE jobs ADD COLUMN lease_token BIGINT NOT NULL DEFAULT 0;
UPDATE jobs SET state = 'dead' WHERE state = 'failed';
-- Claimed by a binary that knew no leases: expired at once, so the reaper puts them back.
UPDATE jobs SET lease_expires_at = COALESCE(locked_at, updated_at) WHERE state = 'running';
CREATE UNIQUE INDEX jobs_unique_key ON jobs (kind, unique_key)
    WHERE unique_key IS NOT NULL AND (state = 'queued' OR state = 'running');
-- The reaper finds expired leases.
CREATE INDEX jobs_lease ON jobs (lease_expires_at) WHERE state = 'running';
-- Pruning finished jobs, and listing by state.
CREATE INDEX jobs_state_updated ON jobs (state, updated_at);
-- Claiming walks the queue's due jobs in (run_at, id) order: with id in the index, PostgreSQL reads
-- the first few instead of sorting every queued job that shares a run_at (a batch enqueued at once).
DROP INDEX jobs_due;
CREATE INDEX jobs_due ON jobs (queue, run_at, id) WHERE state = 'queued';
