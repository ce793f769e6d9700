#!/usr/bin/env bash
# Benchmark (not a test): requests/s of GET /api/v1/accounts/verify_credentials on loopback with wrk,
# against the release binary on the SQLite default. Every request looks its token up (no cache),
# so this measures the bearer check plus the account read; with idle, peak and after-load RSS.
# Usage: benches/verify-credentials.sh [seconds] [connections]   (needs wrk: apt-get install wrk)
# PLERO_BENCH_BIN=path/to/pleroctl reuses a binary instead of building one.
# PLERO_BENCH_PG=postgres://postgres@127.0.0.1:5432 runs on a fresh PostgreSQL database there instead.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-50}
. benches/common.sh
bench_binary
bench_need_wrk
bench_instance
backend=SQLite
if [ -n "${PLERO_BENCH_PG:-}" ]; then
  db="plero_bench_$$"
  psql "${PLERO_BENCH_PG}/postgres" -qc "CREATE DATABASE $db" >/dev/null
  printf '[database]\nbackend = "postgres"\nurl = "%s/%s"\n' "$PLERO_BENCH_PG" "$db" >> "$dir/config/base.toml"
  backend=PostgreSQL
fi
bench_serve
cleanup() {
  kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"
  if [ -n "${PLERO_BENCH_PG:-}" ]; then psql "${PLERO_BENCH_PG}/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null; fi
}
trap cleanup EXIT

bench_app
token=$(curl -fs -X POST "$base/api/v1/accounts" -H "Authorization: Bearer $app_token" -d username=bench \
  -d email=bench@example.com -d 'password=bench password 1' -d agreement=true | json access_token)
curl -fs "$base/api/v1/accounts/verify_credentials" -H "Authorization: Bearer $token" >/dev/null

sleep 3 # the sign-up's hashing memory goes back first (the crypto pool releases it when idle)
bench_load_begin
echo "GET /api/v1/accounts/verify_credentials, wrk -t2 -c$conns -d${secs}s, $backend:"
wrk -t2 -c"$conns" -d"${secs}s" -H "Authorization: Bearer $token" "$base/api/v1/accounts/verify_credentials"
bench_load_end 1
