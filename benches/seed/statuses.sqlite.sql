-- Fills a migrated plero database on SQLite for the timeline benchmark (benches/timelines.sh
-- sqlite): the same rows as statuses.postgres.sql, written for SQLite (recursive counting instead
-- of generate_series, RFC 3339 text for timestamps as plero stores them).
-- Usage: sqlite3 -cmd '.parameter set :accounts 10000' -cmd '.parameter set :statuses 1000000' \
--          -cmd '.parameter set :follows 1000' -cmd '.parameter set :viewer <account id>' plero.db < …
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
BEGIN;

-- Ids start :statuses + :accounts + 10 minutes' worth of milliseconds before now.
CREATE TEMP TABLE seed AS
SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - :statuses - :accounts - 600000 AS base_ms,
    strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') AS now;
CREATE TEMP TABLE numbers (g INTEGER PRIMARY KEY);
WITH RECURSIVE c (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM c WHERE g < max(:statuses, :accounts))
INSERT INTO numbers SELECT g FROM c;

INSERT INTO accounts (id, nickname, domain, display_name, actor_url, url, inbox_url, outbox_url,
    shared_inbox_url, followers_url, following_url, public_key_id, public_key_pem, created_at, updated_at)
SELECT (seed.base_ms + g) << 16, 'user' || g, 'seed.example', 'Seed User ' || g,
    'https://seed.example/users/user' || g, 'https://seed.example/@user' || g,
    'https://seed.example/users/user' || g || '/inbox', 'https://seed.example/users/user' || g || '/outbox',
    'https://seed.example/inbox', 'https://seed.example/users/user' || g || '/followers',
    'https://seed.example/users/user' || g || '/following', 'https://seed.example/users/user' || g || '#main-key',
    'none', seed.now, seed.now
FROM numbers, seed WHERE g <= :accounts;

CREATE TEMP TABLE seed_accounts (n INTEGER PRIMARY KEY, id INTEGER);
INSERT INTO seed_accounts SELECT row_number() OVER (ORDER BY id), id FROM accounts WHERE domain = 'seed.example';

-- The viewer follows the first :follows of them.
INSERT INTO follows (id, account_id, target_account_id, created_at)
SELECT ((seed.base_ms + :accounts + n) << 16) | 1, :viewer, id, seed.now FROM seed_accounts, seed WHERE n <= :follows;
UPDATE accounts SET following_count = :follows WHERE id = :viewer;

-- Statuses: 80 % public, 10 % unlisted, 8 % private, 2 % direct; every 10th a reply to the one
-- 7 before it; every 20th (not a reply) a reblog of the one 13 before it.
INSERT INTO statuses (id, account_id, uri, url, content, visibility, local, created_at,
    in_reply_to_id, reblog_of_id, thread_id)
SELECT id, author, 'https://seed.example/statuses/' || g, 'https://seed.example/@s/' || g,
    CASE WHEN g % 20 = 5 THEN '' ELSE '<p>Seeded status number ' || g || ' with some words in it</p>' END,
    CASE WHEN g % 20 = 5 THEN 'public' WHEN g % 50 = 0 THEN 'direct' WHEN g % 100 < 8 THEN 'private'
         WHEN g % 100 < 18 THEN 'unlisted' ELSE 'public' END,
    FALSE, strftime('%Y-%m-%dT%H:%M:%f+00:00', (base_ms + :accounts + 1000 + g) / 1000.0, 'unixepoch'),
    reply_to,
    CASE WHEN g % 20 = 5 AND g > 13 THEN ((base_ms + :accounts + 1000 + g - 13) << 16) END,
    coalesce(reply_to, id)
FROM (
    SELECT g, base_ms, (base_ms + :accounts + 1000 + g) << 16 AS id,
        (SELECT id FROM seed_accounts WHERE n = 1 + (g * 7919) % :accounts) AS author,
        CASE WHEN g % 10 = 3 AND g > 7 THEN ((base_ms + :accounts + 1000 + g - 7) << 16) END AS reply_to
    FROM numbers, seed WHERE g <= :statuses
);
UPDATE statuses SET in_reply_to_account_id = (SELECT p.account_id FROM statuses p WHERE p.id = statuses.in_reply_to_id)
WHERE in_reply_to_id IS NOT NULL;

-- Direct statuses mention the viewer one time in ten.
INSERT INTO mentions (id, status_id, account_id)
SELECT id | 2, id, :viewer FROM statuses WHERE visibility = 'direct' AND (id >> 16) % 10 = 0;

-- 100 hashtags, each on every 20th status (public ones show in its timeline).
INSERT INTO hashtags (id, name, created_at)
SELECT ((seed.base_ms + g) << 16) | 3, 'tag' || g, seed.now FROM numbers, seed WHERE g <= 100;
INSERT INTO statuses_hashtags (status_id, hashtag_id)
SELECT s.id, h.id FROM statuses s JOIN hashtags h ON h.name = 'tag' || (1 + ((s.id >> 16) / 20) % 100)
WHERE (s.id >> 16) % 20 = 1;

-- Favourites: one per 2 statuses, from some other account; media on every 25th.
INSERT INTO favourites (id, account_id, status_id, created_at)
SELECT s.id | 4, (SELECT id FROM seed_accounts WHERE n = 1 + ((s.id >> 16) * 31) % :accounts), s.id, seed.now
FROM statuses s, seed WHERE (s.id >> 16) % 2 = 0 AND s.reblog_of_id IS NULL;
INSERT INTO media_attachments (id, account_id, status_id, type, remote_url, content_type, created_at)
SELECT s.id | 5, s.account_id, s.id, 'image', 'https://seed.example/media/' || s.id || '.png', 'image/png', seed.now
FROM statuses s, seed WHERE (s.id >> 16) % 25 = 0;

UPDATE accounts SET statuses_count = (SELECT count(*) FROM statuses s WHERE s.account_id = accounts.id)
WHERE domain = 'seed.example';
UPDATE statuses SET favourites_count = 1 WHERE (id >> 16) % 2 = 0 AND reblog_of_id IS NULL;
COMMIT;
ANALYZE;
