#!/usr/bin/env bash
# Benchmark (not a test): the two designs of the home timeline, measured side by side on the
# database benches/timelines.sh seeds (default 1,000,000 statuses, 10,000 accounts, the viewer
# following 1,000), on PostgreSQL, with pgbench (no server in the way, so only the designs differ):
#   - query-time merge, what plero does: a page is read from `statuses` newest first, each row
#     kept when the viewer follows its author (the follows primary key), with the same visibility,
#     block and mute conditions as plero's statement;
#   - fan-out on write, what Mastodon does with Redis (here a table `home_feeds (account_id,
#     status_id)` holding the newest 800 entries of each feed, Mastodon's cap): a page is read
#     from the viewer's feed, blocks and mutes still checked on read; and each post costs one
#     row per local follower of its author, measured for an author with 10,000 followers.
# Prints the average latency and transactions per second, with one client and with two, for each
# page read; and the same for one fan-out. (pgbench's per-transaction log records many latencies
# as 0 here, so no percentiles: benches/timelines.sh gives p99 through the server.)
# Usage: benches/home-design.sh [statuses] [accounts] [follows] [seconds]   (needs psql and pgbench)
# PLERO_BENCH_PG (default postgres://postgres@127.0.0.1:5432) is where the throwaway database goes;
# PLERO_BENCH_BIN=path/to/pleroctl reuses a binary instead of building one (it migrates the database).
set -euo pipefail
cd "$(dirname "$0")/.."
statuses=${1:-1000000}
accounts=${2:-10000}
follows=${3:-1000}
secs=${4:-10}
pg=${PLERO_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
. benches/common.sh
bench_binary
bench_instance
db="plero_bench_home_$$"
psql "$pg/postgres" -qc "CREATE DATABASE $db" >/dev/null
cleanup() {
  rm -rf "$dir"
  psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
printf '[database]\nbackend = "postgres"\nurl = "%s/%s"\n' "$pg" "$db" >> "$dir/config/base.toml"
"$bin" --config-dir "$dir/config" migrate >/dev/null 2>&1
sql() { psql "$pg/$db" -qAt -v ON_ERROR_STOP=1 "$@"; }

# The viewer: a local account (its id newer than every seeded row, as a sign-up's would be).
viewer=$(( ($(date +%s%3N) + 60000) << 16 ))
sql -c "INSERT INTO accounts (id, nickname, display_name, actor_url, url, inbox_url, outbox_url, followers_url,
  following_url, public_key_id, public_key_pem, created_at, updated_at)
  VALUES ($viewer, 'viewer', 'Viewer', 'http://l/users/viewer', 'http://l/@viewer', 'http://l/users/viewer/inbox',
  'http://l/users/viewer/outbox', 'http://l/users/viewer/followers', 'http://l/users/viewer/following',
  'http://l/users/viewer#main-key', 'none', now(), now())"
echo "== seeding $statuses statuses from $accounts accounts (the viewer follows $follows)"
sql -v accounts="$accounts" -v statuses="$statuses" -v follows="$follows" -v viewer="$viewer" \
  -f benches/seed/statuses.postgres.sql >/dev/null

# plero's home condition (store/statuses.rs, home_timeline with hidden_from and muted_for).
authors="(s.account_id, (SELECT r.account_id FROM statuses r WHERE r.id = s.reblog_of_id))"
hidden="(EXISTS (SELECT 1 FROM blocks bk WHERE (bk.account_id = :viewer AND bk.target_account_id IN $authors)
    OR (bk.target_account_id = :viewer AND bk.account_id IN $authors))
  OR EXISTS (SELECT 1 FROM account_domain_blocks db JOIN accounts da ON da.domain = db.domain
    WHERE db.account_id = :viewer AND da.id IN $authors))"
muted="EXISTS (SELECT 1 FROM mutes mu WHERE mu.account_id = :viewer AND mu.target_account_id IN $authors
  AND (mu.expires_at IS NULL OR mu.expires_at > now()))"
columns="s.id, s.account_id, s.uri, s.url, s.content, s.source_text, s.spoiler_text, s.visibility, s.sensitive,
  s.language, s.in_reply_to_id, s.in_reply_to_account_id, s.reblog_of_id, s.app_id, s.local, s.replies_count,
  s.reblogs_count, s.favourites_count, s.created_at, s.edited_at"
home="(s.account_id = :viewer OR EXISTS (SELECT 1 FROM follows f WHERE f.account_id = :viewer
    AND f.target_account_id = s.account_id AND (s.reblog_of_id IS NULL OR f.show_reblogs)))
  AND (s.visibility <> 'direct' OR s.account_id = :viewer
    OR EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = s.id AND m.account_id = :viewer))"
# Page 1, and a page 700 seconds back (the seed writes one status a millisecond).
deep=$(( ( $(date +%s%3N) - 700000 ) << 16 ))
for name in first deep; do
  bound="TRUE"; [ $name = deep ] && bound="s.id < $deep"
  echo "SELECT $columns FROM statuses s WHERE $home AND NOT $hidden AND NOT $muted AND s.deleted_at IS NULL
    AND $bound ORDER BY s.id DESC LIMIT 20;" | tr '\n' ' ' > "$dir/merge-$name.sql"
  bound="TRUE"; [ $name = deep ] && bound="h.status_id < $deep"
  echo "SELECT $columns FROM home_feeds h JOIN statuses s ON s.id = h.status_id WHERE h.account_id = :viewer
    AND NOT $hidden AND NOT $muted AND s.deleted_at IS NULL AND $bound
    ORDER BY h.status_id DESC LIMIT 20;" | tr '\n' ' ' > "$dir/feed-$name.sql"
done

echo "== fan-out: building home_feeds (the newest 800 entries of the viewer's home)"
sql -c "CREATE TABLE home_feeds (account_id BIGINT NOT NULL, status_id BIGINT NOT NULL,
  PRIMARY KEY (account_id, status_id))"
sql -c "INSERT INTO home_feeds SELECT $viewer, s.id FROM statuses s WHERE ${home//:viewer/$viewer}
  AND s.deleted_at IS NULL ORDER BY s.id DESC LIMIT 800; ANALYZE home_feeds"
echo "feed rows: $(sql -c "SELECT count(*) FROM home_feeds")"

run() { # name file clients: average latency and transactions per second
  pgbench -n -D viewer="$viewer" -f "$2" -c "$3" -j "$3" -T "$secs" "$pg/$db" 2>/dev/null \
    | awk -v n="$1" -v c="$3" '/latency average/ {l=$4} /^tps/ {t=$3}
      END {printf "%-36s clients %d: latency average %.2f ms, %.0f tps\n", n, c, l, t}'
}
echo "== reading a page of 20 (pgbench -T $secs)"
for name in first deep; do
  for design in merge feed; do
    run "$design, page $name" "$dir/$design-$name.sql" 1
    run "$design, page $name" "$dir/$design-$name.sql" 2
  done
done

echo "== what a post costs with fan-out: one row per local follower of its author"
poster=$(sql -c "SELECT id FROM accounts WHERE nickname = 'user1'")
sql -c "INSERT INTO follows (id, account_id, target_account_id, created_at)
  SELECT a.id | 7, a.id, $poster, now() FROM accounts a WHERE a.domain = 'seed.example' AND a.id <> $poster"
fans=$(sql -c "SELECT count(*) FROM follows WHERE target_account_id = $poster")
# One transaction per post, rolled back so that every run writes the same rows.
echo "BEGIN; INSERT INTO home_feeds SELECT f.account_id, (extract(epoch FROM clock_timestamp()) * 1000)::bigint << 16
  FROM follows f WHERE f.target_account_id = $poster; ROLLBACK;" | tr '\n' ' ' > "$dir/fanout.sql"
run "fan-out of one post to $fans" "$dir/fanout.sql" 1
echo "(query-time merge writes nothing per follower: a post is one status row whatever its audience)"
