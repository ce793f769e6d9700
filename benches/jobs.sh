#!/usr/bin/env bash
# Benchmark (not a test): no-op jobs per second through the job queue's workers (`pleroctl jobs
# bench`: enqueue, then claim, run and acknowledge with N at once), on SQLite and on PostgreSQL,
# with the release binary, and the peak resident memory of the process.
# Usage: benches/jobs.sh [jobs] [workers]   (default 20000 jobs, 4 workers; PostgreSQL from
# PLERO_TEST_PG_URL, default postgres@127.0.0.1). Targets on a 2-core machine with 4 workers:
# >= 5,000 jobs/s on PostgreSQL, >= 2,000 jobs/s on SQLite. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-20000}
workers=${2:-4}
cargo build --release -q -p pleroctl
work=$(mktemp -d)
# Copy: a shared target directory may be rebuilt by someone else while this runs.
bin=$work/pleroctl
cp "${CARGO_TARGET_DIR:-target}/release/pleroctl" "$bin"
pg_base=${PLERO_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_url="${pg_base%/*}/plero_bench_jobs_$$"
cleanup() {
  psql "$pg_base" -qc "DROP DATABASE IF EXISTS plero_bench_jobs_$$ WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# bench LABEL: one `jobs bench` run; prints its figures and the process's peak RSS
bench() {
  local label=$1
  /usr/bin/time -f "%M" -o "$work/rss" "$bin" jobs bench --jobs "$jobs" --workers "$workers" --output json \
    >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  python3 - "$label" "$work/out" "$(cat "$work/rss")" <<'PY'
import json, sys
label, path, kb = sys.argv[1], sys.argv[2], int(sys.argv[3])
r = json.load(open(path))
print(f"{label:<12} {r['jobs_per_second']:>8.0f} jobs/s  ({r['jobs']} jobs, {r['workers']} at once, "
      f"run {r['run_seconds']:.2f} s, enqueue {r['enqueue_seconds']:.2f} s)  peak RSS {kb / 1024:.1f} MB")
PY
}

echo "== SQLite ($work/sqlite/plero.db)"
export PLERO_INSTANCE__DATA_DIR="$work/sqlite"
"$bin" migrate >/dev/null 2>&1
bench "SQLite"
unset PLERO_INSTANCE__DATA_DIR

echo "== PostgreSQL ($pg_url)"
export PLERO_DATABASE__BACKEND=postgres PLERO_DATABASE__URL="$pg_url"
"$bin" db create >/dev/null 2>&1
"$bin" migrate >/dev/null 2>&1
bench "PostgreSQL"
