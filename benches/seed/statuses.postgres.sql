-- Fills a migrated plero database on PostgreSQL for the timeline benchmark (benches/timelines.sh):
-- :accounts accounts (remote-looking, domain seed.example), :statuses statuses over them, the
-- account :viewer (a real local user made by the script) following :follows of them, replies,
-- reblogs, favourites, hashtags and media rows. Ids follow plero's layout (milliseconds << 16), one
-- millisecond apart and older than anything the server makes afterwards.
-- Usage: psql -v accounts=10000 -v statuses=1000000 -v follows=1000 -v viewer=<account id> -f …
\set ON_ERROR_STOP on
SET synchronous_commit = off;

-- Ids start :statuses + :accounts + 10 minutes' worth of milliseconds before now.
SELECT ((extract(epoch FROM now()) * 1000)::bigint - :statuses - :accounts - 600000) AS base_ms \gset

INSERT INTO accounts (id, nickname, domain, display_name, actor_url, url, inbox_url, outbox_url,
    shared_inbox_url, followers_url, following_url, public_key_id, public_key_pem, created_at, updated_at)
SELECT (:base_ms + g) << 16, 'user' || g, 'seed.example', 'Seed User ' || g,
    'https://seed.example/users/user' || g, 'https://seed.example/@user' || g,
    'https://seed.example/users/user' || g || '/inbox', 'https://seed.example/users/user' || g || '/outbox',
    'https://seed.example/inbox', 'https://seed.example/users/user' || g || '/followers',
    'https://seed.example/users/user' || g || '/following', 'https://seed.example/users/user' || g || '#main-key',
    'none', now(), now()
FROM generate_series(1::bigint, :accounts) g;

CREATE TEMP TABLE seed_accounts AS
SELECT row_number() OVER (ORDER BY id) AS n, id FROM accounts WHERE domain = 'seed.example';
CREATE INDEX ON seed_accounts (n);

-- The viewer follows the first :follows of them.
INSERT INTO follows (id, account_id, target_account_id, created_at)
SELECT ((:base_ms + :accounts + n) << 16) | 1, :viewer, id, now() FROM seed_accounts WHERE n <= :follows;
UPDATE accounts SET following_count = :follows WHERE id = :viewer;

-- Statuses: 80 % public, 10 % unlisted, 8 % private, 2 % direct; every 10th a reply to the one
-- 7 before it; every 20th (not a reply) a reblog of the one 13 before it.
INSERT INTO statuses (id, account_id, uri, url, content, visibility, local, created_at,
    in_reply_to_id, reblog_of_id, thread_id)
SELECT id, author, 'https://seed.example/statuses/' || g, 'https://seed.example/@s/' || g,
    CASE WHEN g % 20 = 5 THEN '' ELSE '<p>Seeded status number ' || g || ' with some words in it</p>' END,
    CASE WHEN g % 20 = 5 THEN 'public' WHEN g % 50 = 0 THEN 'direct' WHEN g % 100 < 8 THEN 'private'
         WHEN g % 100 < 18 THEN 'unlisted' ELSE 'public' END,
    FALSE, to_timestamp((:base_ms + :accounts + 1000 + g) / 1000.0),
    CASE WHEN g % 10 = 3 AND g > 7 THEN ((:base_ms + :accounts + 1000 + g - 7) << 16) END,
    CASE WHEN g % 20 = 5 AND g > 13 THEN ((:base_ms + :accounts + 1000 + g - 13) << 16) END,
    CASE WHEN g % 10 = 3 AND g > 7 THEN ((:base_ms + :accounts + 1000 + g - 7) << 16) ELSE id END
FROM (
    SELECT g, (:base_ms + :accounts + 1000 + g) << 16 AS id,
        (SELECT id FROM seed_accounts WHERE n = 1 + (g * 7919) % :accounts) AS author
    FROM generate_series(1::bigint, :statuses) g
) s;
UPDATE statuses s SET in_reply_to_account_id = p.account_id FROM statuses p WHERE s.in_reply_to_id = p.id;

-- Direct statuses mention the viewer one time in ten.
INSERT INTO mentions (id, status_id, account_id)
SELECT id | 2, id, :viewer FROM statuses WHERE visibility = 'direct' AND (id >> 16) % 10 = 0;

-- 100 hashtags, each on every 20th status (public ones show in its timeline).
INSERT INTO hashtags (id, name, created_at)
SELECT ((:base_ms + g) << 16) | 3, 'tag' || g, now() FROM generate_series(1, 100) g;
INSERT INTO statuses_hashtags (status_id, hashtag_id)
SELECT s.id, h.id FROM statuses s JOIN hashtags h ON h.name = 'tag' || (1 + ((s.id >> 16) / 20) % 100)
WHERE (s.id >> 16) % 20 = 1;

-- Favourites: one per 2 statuses, from some other account; media on every 25th.
INSERT INTO favourites (id, account_id, status_id, created_at)
SELECT s.id | 4, (SELECT id FROM seed_accounts WHERE n = 1 + ((s.id >> 16) * 31) % :accounts), s.id, now()
FROM statuses s WHERE (s.id >> 16) % 2 = 0 AND s.reblog_of_id IS NULL;
INSERT INTO media_attachments (id, account_id, status_id, type, remote_url, content_type, created_at)
SELECT s.id | 5, s.account_id, s.id, 'image', 'https://seed.example/media/' || s.id || '.png', 'image/png', now()
FROM statuses s WHERE (s.id >> 16) % 25 = 0;

UPDATE accounts a SET statuses_count = c.n FROM (SELECT account_id, count(*) AS n FROM statuses GROUP BY 1) c
WHERE a.id = c.account_id;
UPDATE statuses s SET favourites_count = 1 WHERE (s.id >> 16) % 2 = 0 AND s.reblog_of_id IS NULL;
ANALYZE;
