#!/usr/bin/env bash
# Benchmark (not a test): `pleroctl uploads migrate --to s3` of local avatars and headers into a
# bucket of moto (in server mode on a loopback port), in files per second, with the peak resident
# memory of the migrating process (GNU time).
# Usage: benches/uploads.sh [files] [concurrency]   (default 500 files, 8 at once)
# The binary is ${PLEROCTL:-target/release/pleroctl} (build it with `cargo build --release -p
# pleroctl`); moto runs in ${PLERO_TEST_PYTHON:-.venv/bin/python} (`.ci/run` makes that venv).
# The files are made as users make them: `pleroctl user new` for files/2 accounts, then an
# avatar (JPEG, 24 KB) and a header (GIF, 64 KB) each through PATCH /api/v1/accounts/update_credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-500}
concurrency=${2:-8}
accounts=$(( (files + 1) / 2 ))
source=${PLEROCTL:-target/release/pleroctl}
python=${PLERO_TEST_PYTHON:-.venv/bin/python}
[ -x "$source" ] || { echo "no binary at $source: cargo build --release -p pleroctl, or set PLEROCTL" >&2; exit 2; }
[ -x "$python" ] || { echo "no python with moto at $python: run .ci/run once, or set PLERO_TEST_PYTHON" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }
. benches/common.sh

bench_instance
# Copy: a shared target directory may be rebuilt by someone else while this runs.
bin=$dir/pleroctl
cp "$source" "$bin"
moto_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto="http://127.0.0.1:$moto_port"
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  [ -n "${moto_pid:-}" ] && kill "$moto_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

cat >> "$dir/config/base.toml" <<TOML
[uploads]
backend = "local"
local_dir = "$dir/uploads"
s3_bucket = "plero-bench"
s3_region = "us-east-1"
s3_endpoint = "$moto"
s3_path_style = true
TOML
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 \
  AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent AWS_EC2_METADATA_DISABLED=true

"$python" -m moto.server -H 127.0.0.1 -p "$moto_port" >"$dir/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 100); do curl -s "$moto" >/dev/null && break; sleep 0.1; done
"$python" -c "import boto3; boto3.client('s3', endpoint_url='$moto', region_name='us-east-1').create_bucket(Bucket='plero-bench')"

# The images: a JPEG container of 24 KB and a GIF of 64 KB (stored as sent).
"$python" - "$dir" <<'PY'
import os, sys
d = sys.argv[1]
scan = os.urandom(24 * 1024)
open(f"{d}/avatar.jpg", "wb").write(b"\xff\xd8\xff\xe0\x00\x07JFIF\x00\xff\xda\x00\x02" + scan.replace(b"\xff", b"\x11") + b"\xff\xd9")
open(f"{d}/header.gif", "wb").write(b"GIF89a" + os.urandom(64 * 1024))
PY

echo "== making $accounts accounts with an avatar and a header each (through the API)"
bench_serve
bench_app
for i in $(seq "$accounts"); do
  echo "bench-password-$i" | "$bin" --config-dir "$dir/config" user new "bench$i" "bench$i@example.com" \
    --password-stdin --yes >/dev/null 2>&1
  token=$(curl -fs -X POST "$base/oauth/token" -d grant_type=password -d "client_id=$client_id" \
    -d "client_secret=$client_secret" -d "username=bench$i" -d "password=bench-password-$i" -d 'scope=read write' \
    | json access_token)
  curl -fs -X PATCH "$base/api/v1/accounts/update_credentials" -H "Authorization: Bearer $token" \
    -F "avatar=@$dir/avatar.jpg;type=image/jpeg" -F "header=@$dir/header.gif;type=image/gif" >/dev/null
done
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
stored=$(find "$dir/uploads" -type f | wc -l)
echo "stored $stored files ($(du -sh "$dir/uploads" | cut -f1))"

echo "== uploads migrate --to s3 --concurrency $concurrency (binary: $source)"
/usr/bin/time -f "%M" -o "$dir/rss" "$bin" --config-dir "$dir/config" uploads migrate --to s3 \
  --concurrency "$concurrency" --output json >"$dir/out" 2>"$dir/err" || { cat "$dir/err" >&2; exit 1; }
python3 - "$dir/out" "$(cat "$dir/rss")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
kb = int(sys.argv[2])
print(f"{r['files_per_second']:.0f} files/s ({r['copied']} copied, {r['bytes'] / 1e6:.1f} MB, "
      f"{r['urls_rewritten']} URLs rewritten, {len(r['failed'])} failed, {r['seconds']:.2f} s)  "
      f"peak RSS {kb / 1024:.1f} MB")
PY
