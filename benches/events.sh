#!/usr/bin/env bash
# Change events from commit on one node to a subscriber on another: p50/p99/max delivery at a
# steady rate, on PostgreSQL (LISTEN/NOTIFY) and SQLite (the 250 ms poll).
#
#   benches/events.sh [rate-per-second] [seconds]        (defaults: 1000 and 10)
#
# One process (`pleroctl events ping --rate R --concurrency 8`) commits ping events, each in its own
# transaction, up to 8 at once (as a node serving requests would);
# a second (`pleroctl events tail`) runs a node's change feed, with its own LISTEN connection, and
# stamps each event as delivered; a third, `pleroctl serve`, receives them too, and its idle, peak
# and after-load RSS are printed. Delivery = received_at - the ping's time before its commit.
# PLERO_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server the
# throwaway PostgreSQL database is created on.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/common.sh

rate=${1:-1000}
seconds=${2:-10}
count=$((rate * seconds))
bench_binary

percentiles() {
  python3 - "$1" "$count" <<'PY'
import json, sys
lat = sorted(json.loads(l)["delivery_us"] / 1000 for l in open(sys.argv[1]) if '"kind":"ping"' in l)
want = int(sys.argv[2])
if not lat:
    sys.exit("no ping was delivered")
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print(f"delivered {len(lat)}/{want} pings: p50 {q(0.50):.2f} ms, p99 {q(0.99):.2f} ms, max {lat[-1]:.2f} ms")
PY
}

run() { # $1: backend name; bench_instance has set $dir; $db_url optional
  echo "== $1: $rate events/s for $seconds s"
  bench_serve
  "$bin" --config-dir "$dir/config" events tail --output json --timeout $((seconds + 30)) --count "$count" \
    >"$dir/tail.jsonl" 2>"$dir/tail.log" &
  tail_pid=$!
  sleep 1
  bench_load_begin
  "$bin" --config-dir "$dir/config" events ping --count "$count" --rate "$rate" --concurrency 8 >/dev/null
  wait "$tail_pid" || true
  bench_load_end 2
  percentiles "$dir/tail.jsonl"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

# PostgreSQL: a database of its own, dropped afterwards.
pg_base=${PLERO_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
db_name="plero_bench_events_$$"
db_url="${pg_base%/*}/$db_name"
bench_instance
printf '[database]\nurl = "%s"\n' "$db_url" >>"$dir/config/base.toml"
"$bin" --config-dir "$dir/config" db create 2>/dev/null
trap 'psql "$pg_base" -qc "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
run PostgreSQL

bench_instance
run SQLite
