#!/usr/bin/env bash
# Benchmark (not a test) of the daemon, release build, SQLite default, on loopback:
#   - idle RSS of `pleroctl serve` (VmRSS after start-up and a few requests; target <= 16 MB),
#   - requests/s of GET /api/v1/instance with wrk -t2 -c50 (target >= 11,400 req/s),
#   - RSS after the load.
# Usage: benches/http.sh [seconds] [connections]   (needs wrk: apt-get install wrk)
# PLERO_BENCH_BIN=path/to/pleroctl reuses a binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-50}
bin=${PLERO_BENCH_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release -q -p pleroctl
  bin=${CARGO_TARGET_DIR:-target}/release/pleroctl
fi
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
mkdir -p "$dir/config"
cat > "$dir/config/base.toml" <<TOML
[instance]
domain = "127.0.0.1:$port"
name = "bench"
registrations = "open"
data_dir = "$dir/data"
[http]
port = $port
public_scheme = "http"
[logging]
level = "warn"
format = "json"
TOML
"$bin" --config-dir "$dir/config" serve --migrate 2>"$dir/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
rss() { awk '/^VmRSS/ {printf "%.1f MB", $2/1024}' "/proc/$pid/status"; }

for path in /api/v1/instance /api/v2/instance /nodeinfo/2.0 /readyz; do curl -fs "$base$path" >/dev/null; done
sleep 2
echo "idle RSS after start-up and a few requests: $(rss)"
echo "GET /api/v1/instance, wrk -t2 -c$conns -d${secs}s:"
wrk -t2 -c"$conns" -d"${secs}s" "$base/api/v1/instance"
sleep 1
echo "RSS after the load: $(rss)"
