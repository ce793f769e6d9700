#!/usr/bin/env bash
# Benchmark (not a test) of the daemon, release build, SQLite default, on loopback:
#   - idle RSS of `pleroctl serve` (VmRSS after start-up and a few requests; target <= 16 MB),
#   - requests/s of GET /api/v1/instance with wrk -t2 -c50 (target >= 11,400 req/s),
#   - peak RSS during the load and RSS after it.
# Usage: benches/http.sh [seconds] [connections]   (needs wrk: apt-get install wrk)
# PLERO_BENCH_BIN=path/to/pleroctl reuses a binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-50}
. benches/common.sh
bench_binary
bench_need_wrk
bench_instance
bench_serve
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT

for path in /api/v1/instance /api/v2/instance /nodeinfo/2.0 /readyz; do curl -fs "$base$path" >/dev/null; done
sleep 2
bench_load_begin
echo "GET /api/v1/instance, wrk -t2 -c$conns -d${secs}s:"
wrk -t2 -c"$conns" -d"${secs}s" "$base/api/v1/instance"
bench_load_end 1
