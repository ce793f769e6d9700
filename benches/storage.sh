#!/usr/bin/env bash
# Benchmark (not a test): time and peak memory of `pleroctl migrate` on an empty database and of
# `pleroctl user new` run for 1,000 users, on SQLite and on PostgreSQL, with the release binary.
# Usage: benches/storage.sh [users]   (PostgreSQL from PLERO_TEST_PG_URL, default postgres@127.0.0.1)
# Needs GNU time (/usr/bin/time) for the peak resident memory of each process.
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-1000}
cargo build --release -q -p pleroctl
work=$(mktemp -d)
# Copy: a shared target directory may be rebuilt by someone else while this runs.
bin=$work/pleroctl
cp "${CARGO_TARGET_DIR:-target}/release/pleroctl" "$bin"
pg_base=${PLERO_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_url="${pg_base%/*}/plero_bench_$$"
cleanup() {
  psql "$pg_base" -qc "DROP DATABASE IF EXISTS plero_bench_$$ WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# run LABEL CMD...: one process; prints wall seconds and peak RSS
run() {
  local label=$1 start end kb; shift
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/one" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  end=$(date +%s%N)
  kb=$(cat "$work/one")
  awk -v ns=$((end - start)) -v kb="$kb" -v l="$label" 'BEGIN {
    printf "%-34s %8.1f ms  peak RSS %6.1f MB\n", l, ns / 1e6, kb / 1024 }'
}

# users BACKEND: user new for $users users; total wall time, mean per user, largest peak RSS
create_users() {
  local label=$1 start end max=0
  : >"$work/rss"
  start=$(date +%s%N)
  for i in $(seq "$users"); do
    /usr/bin/time -f "%M" -a -o "$work/rss" "$bin" user new "user$i" "user$i@bench.example" --yes >/dev/null 2>&1
  done
  end=$(date +%s%N)
  max=$(sort -n "$work/rss" | tail -1)
  awk -v ns=$((end - start)) -v n="$users" -v kb="$max" -v l="$label" 'BEGIN {
    printf "%-34s %8.1f s   %6.1f ms/user   peak RSS %6.1f MB\n", l, ns / 1e9, ns / n / 1e6, kb / 1024 }'
}

echo "== SQLite ($work/sqlite/plero.db)"
export PLERO_INSTANCE__DATA_DIR="$work/sqlite"
run "migrate (empty database)" "$bin" migrate
create_users "user new x $users"
unset PLERO_INSTANCE__DATA_DIR

echo "== PostgreSQL ($pg_url)"
export PLERO_DATABASE__BACKEND=postgres PLERO_DATABASE__URL="$pg_url"
"$bin" db create 2>/dev/null
run "migrate (empty database)" "$bin" migrate
create_users "user new x $users"
