#!/usr/bin/env bash
# Benchmark (not a test): what a burst of sign-ins and sign-ups does to the daemon's memory.
# Release build, SQLite default, loopback, `instance.registrations = "invite"`:
#   - 1,000 password grants from 100 concurrent clients, a third each with the right password, a
#     wrong one and an unknown login;
#   - 200 sign-ups (POST /api/v1/accounts), half with a valid invite code, half with made-up ones;
# each client from its own source address 127.0.X.Y (benches/burst.py), so per-IP limits cannot
# hide an unbounded crypto pool. Prints idle RSS, peak RSS during the burst, RSS ten seconds after,
# req/s and the count of each status code. Targets: peak <= 64 MB, <= 32 MB ten seconds after, no 5xx.
# Usage: benches/burst.sh [grants] [sign-ups] [clients]
# PLERO_BENCH_BIN=path/to/pleroctl reuses a binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
grants=${1:-1000}
signups=${2:-200}
clients=${3:-100}
users=20
password="bench password 1"
. benches/common.sh
bench_binary
bench_instance
trap 'kill ${pid:-} 2>/dev/null; wait ${pid:-} 2>/dev/null; rm -rf "$dir"' EXIT
export PLERO_INSTANCE__REGISTRATIONS=invite
pleroctl() { "$bin" --config-dir "$dir/config" "$@"; }

# Accounts and the invite are made by the CLI before the server starts, so its idle RSS is clean.
pleroctl migrate >/dev/null 2>&1
for i in $(seq 0 $((users - 1))); do
  echo "$password" | pleroctl user new "user$i" "user$i@bench.example" --password-stdin --yes >/dev/null 2>&1
done
invite=$(pleroctl user invite --max-use "$signups" --output json | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
bench_serve

bench_app
sleep 1

bench_load_begin
status=0
python3 benches/burst.py --port "$port" --client-id "$client_id" --client-secret "$client_secret" \
  --app-token "$app_token" --users "$users" --password "$password" --invite "$invite" \
  --grants "$grants" --signups "$signups" --clients "$clients" || status=1
bench_load_end 10

awk -v peak="$peak_mb" -v after="$after_mb" 'BEGIN {
  printf "targets: peak %s MB <= 64 MB: %s; after %s MB <= 32 MB: %s\n", peak, (peak <= 64 ? "met" : "MISSED"),
    after, (after <= 32 ? "met" : "MISSED");
  exit !(peak <= 64 && after <= 32) }' || status=1
exit $status
