DROP INDEX jobs_due;
CREATE INDEX jobs_due ON jobs (queue, run_at) WHERE state = 'queued';
DROP INDEX jobs_state_updated;
DROP INDEX jobs_lease;
DROP INDEX jobs_unique_key;
UPDATE jobs SET state = 'failed' WHERE state IN ('dead', 'cancelled');
ALTER TABLE jobs DROP COLUMN lease_token;
ALTER TABLE jobs DROP COLUMN unique_key;
ALTER TABLE jobs DROP COLUMN lease_expires_at;
