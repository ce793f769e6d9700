#!/usr/bin/env bash
# Benchmark (not a test): cold start of `pleroctl serve`, from exec to the first 200 of /healthz, on an
# already migrated SQLite database (target: no slower than 46 ms). Release build; loopback only.
# Usage: benches/cold-start.sh [runs]   PLERO_BENCH_BIN=path/to/pleroctl reuses a binary.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
. benches/common.sh
bench_binary
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/config"
cat > "$dir/config/base.toml" <<TOML
[instance]
domain = "127.0.0.1:4000"
data_dir = "$dir/data"
[logging]
level = "warn"
TOML
"$bin" --config-dir "$dir/config" migrate >/dev/null 2>&1
python3 - "$bin" "$dir/config" "$runs" <<'PY'
import os, socket, statistics, subprocess, sys, time

binary, config_dir, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def healthz(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.05) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False

times = []
for _ in range(runs):
    port = free_port()
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "--config-dir", config_dir, "--set", f"http.port={port}", "serve"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = start + 5
    while not healthz(port):
        if time.perf_counter() > deadline or proc.poll() is not None:
            proc.kill(); sys.exit("the server did not answer /healthz within 5 s")
        time.sleep(0.0005)
    times.append((time.perf_counter() - start) * 1000)
    proc.terminate(); proc.wait()
times.sort()
print(f"cold start to first /healthz 200 over {runs} runs: min {times[0]:.1f} ms, "
      f"median {statistics.median(times):.1f} ms, max {times[-1]:.1f} ms")
PY
