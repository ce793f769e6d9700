#!/usr/bin/env bash
# Benchmark (not a test): wall time of `pleroctl --help` (target <= 3.4 ms) and of `pleroctl config check`
# on the release binary, averaged over many runs. Usage: benches/cli-startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-300}
cargo build --release -q -p pleroctl
bin=${CARGO_TARGET_DIR:-target}/release/pleroctl
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

mean_ms() { # runs the command $runs times, prints the mean wall time in ms
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v n="$runs" 'BEGIN { printf "%.2f", ns / n / 1e6 }'
}

help_ms=$(mean_ms "$bin" --help)
check_ms=$(mean_ms "$bin" --config-dir "$dir" config check)
echo "pleroctl --help:        ${help_ms} ms (target <= 3.4 ms), mean of $runs runs"
echo "pleroctl config check:  ${check_ms} ms, mean of $runs runs"
awk -v h="$help_ms" 'BEGIN { exit !(h <= 3.4) }' || { echo "--help is over its 3.4 ms target" >&2; exit 1; }
