#!/usr/bin/env bash
# Benchmark (not a test): timeline pages at scale on PostgreSQL (or, with PLERO_BENCH_BACKEND=sqlite,
# on the SQLite default). Seeds a fresh database with benches/seed/statuses.<backend>.sql (default 1,000,000 statuses from 10,000 accounts, the viewer
# following 1,000 of them, replies, reblogs, favourites, hashtags, media rows), then measures with
# wrk, release build, on loopback:
#   - latency of one page at a time (wrk -t1 -c1 --latency: p50/p99) of the home, public, hashtag
#     and account timelines (targets on PostgreSQL at that size: p99 < 10 ms for home, public and
#     hashtag pages),
#   - requests/s of the home and public timelines with wrk -t2 -c50 (Mitra measured here: 417/s
#     for its public timeline),
#   - statuses posted per second by one sequential client (target >= 250/s),
#   - idle, peak and after-load RSS of the server.
# Usage: benches/timelines.sh [statuses] [accounts] [follows] [seconds]   (needs wrk, and psql or sqlite3)
# PLERO_BENCH_PG (default postgres://postgres@127.0.0.1:5432) is where the throwaway database goes;
# PLERO_BENCH_BIN=path/to/pleroctl reuses a binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
statuses=${1:-1000000}
accounts=${2:-10000}
follows=${3:-1000}
secs=${4:-10}
pg=${PLERO_BENCH_PG:-postgres://postgres@127.0.0.1:5432}
backend=${PLERO_BENCH_BACKEND:-postgres}
. benches/common.sh
bench_binary
bench_need_wrk
bench_instance
db="plero_bench_timelines_$$"
if [ "$backend" = postgres ]; then
  psql "$pg/postgres" -qc "CREATE DATABASE $db" >/dev/null
  printf '[database]\nbackend = "postgres"\nurl = "%s/%s"\n' "$pg" "$db" >> "$dir/config/base.toml"
fi
echo "== $backend"
bench_serve
cleanup() {
  kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"
  psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

bench_app
token=$(curl -fs -X POST "$base/api/v1/accounts" -H "Authorization: Bearer $app_token" -d username=viewer \
  -d email=viewer@example.com -d 'password=bench password 1' -d agreement=true | json access_token)
viewer=$(curl -fs "$base/api/v1/accounts/verify_credentials" -H "Authorization: Bearer $token" | json id)

echo "== seeding $statuses statuses from $accounts accounts (the viewer follows $follows)"
start=$(date +%s)
if [ "$backend" = postgres ]; then
  psql "$pg/$db" -q -v accounts="$accounts" -v statuses="$statuses" -v follows="$follows" -v viewer="$viewer" \
    -f benches/seed/statuses.postgres.sql >/dev/null
  echo "seeded in $(( $(date +%s) - start )) s: $(psql "$pg/$db" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")"
  # As autovacuum would leave it, and written out: otherwise the measured reads set hint bits on a
  # million fresh rows and a checkpoint writes 700 MB in the middle of them.
  psql "$pg/$db" -qc "VACUUM (ANALYZE)" -c "CHECKPOINT"
  someone=$(psql "$pg/$db" -Atc "SELECT id FROM accounts WHERE nickname = 'user42'")
else
  # One writer at a time: the server stops while the seed writes, and starts again on it.
  kill $pid; wait $pid 2>/dev/null || true
  sqlite=(sqlite3 -cmd ".parameter set :accounts $accounts" -cmd ".parameter set :statuses $statuses" \
    -cmd ".parameter set :follows $follows" -cmd ".parameter set :viewer $viewer" "$dir/data/plero.db")
  "${sqlite[@]}" < benches/seed/statuses.sqlite.sql >/dev/null
  sqlite3 "$dir/data/plero.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  echo "seeded in $(( $(date +%s) - start )) s: $(du -sh "$dir/data/plero.db" | cut -f1)"
  someone=$(sqlite3 "$dir/data/plero.db" "SELECT id FROM accounts WHERE nickname = 'user42'")
  bench_serve
fi

auth=(-H "Authorization: Bearer $token")
for path in /api/v1/timelines/home /api/v1/timelines/public "/api/v1/timelines/tag/tag7" "/api/v1/accounts/$someone/statuses"; do
  curl -fs "${auth[@]}" "$base$path" -o /dev/null
done
sleep 2
bench_load_begin
for path in /api/v1/timelines/home "/api/v1/timelines/home?max_id=$(( ( $(date +%s%3N) - 700000 ) << 16 ))" \
  /api/v1/timelines/public /api/v1/timelines/tag/tag7 "/api/v1/accounts/$someone/statuses"; do
  sep='?'; [[ $path == *\?* ]] && sep='&'
  echo "-- GET $path (20 statuses a page), one at a time, wrk -t1 -c1 -d${secs}s:"
  wrk -t1 -c1 -d"${secs}s" --latency "${auth[@]}" "$base$path${sep}limit=20" 2>&1 | grep -E "Latency |50%|99%|Requests/sec"
done
for path in /api/v1/timelines/home /api/v1/timelines/public; do
  echo "-- GET $path, wrk -t2 -c50 -d${secs}s:"
  wrk -t2 -c50 -d"${secs}s" --latency "${auth[@]}" "$base$path" 2>&1 | grep -E "Latency |50%|99%|Requests/sec|Non-2xx"
done
# Posting: one client, one status after another (each its own unit of work: the status, its
# hashtag, the counters and the change event, committed and synced).
cat > "$dir/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "status=benchmark+post+%23tag7+with+a+link+https%3A%2F%2Fexample.com"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA
echo "-- POST /api/v1/statuses, one client, wrk -t1 -c1 -d${secs}s:"
wrk -t1 -c1 -d"${secs}s" --latency -s "$dir/post.lua" "${auth[@]}" "$base/api/v1/statuses" 2>&1 \
  | grep -E "Latency |50%|99%|Requests/sec|Non-2xx"
bench_load_end 1
