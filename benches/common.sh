# Shared by the benchmark scripts (sourced, not run): the release binary and a throwaway instance.

# `serve` refuses a configuration without a secret key base (every node must share one).
export PLERO_SECURITY__SECRET_KEY_BASE=${PLERO_SECURITY__SECRET_KEY_BASE:-bench-secret-key-base}

# Sets $bin: PLERO_BENCH_BIN, or the release build (built now).
bench_binary() {
  bin=${PLERO_BENCH_BIN:-}
  if [ -z "$bin" ]; then
    cargo build --release -q -p pleroctl
    bin=${CARGO_TARGET_DIR:-target}/release/pleroctl
  fi
}

bench_need_wrk() {
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
}

# Sets $dir (a temp dir with config/base.toml), $port (free on loopback) and $base (its URL), for
# an instance on the SQLite default with open registrations and warn-level logs. The request
# limits are off: wrk from one address would measure 429s.
bench_instance() {
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
[rate_limits]
enabled = false
TOML
}

# Starts `pleroctl serve --migrate` on the instance (sets $pid) and waits for /healthz.
bench_serve() {
  "$bin" --config-dir "$dir/config" serve --migrate 2>"$dir/server.log" &
  pid=$!
  for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
}

# Resident memory of the server $pid, in MB: now (VmRSS) and the peak since the last
# bench_rss_reset_peak (VmHWM; the kernel keeps it exactly, so no sampling can miss a spike).
bench_rss() { awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status"; }
bench_peak_rss() { awk '/^VmHWM/ {printf "%.1f", $2/1024}' "/proc/$pid/status"; }
bench_rss_reset_peak() {
  # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0, our own process).
  echo 5 > "/proc/$pid/clear_refs" || { echo "cannot reset the peak RSS of $pid" >&2; exit 2; }
}

# Wrap a load: bench_load_begin prints the idle RSS and starts counting the peak; bench_load_end
# [settle-seconds, default 1] prints the peak during the load and the RSS that long after it, and
# sets $idle_mb, $peak_mb and $after_mb for targets.
bench_load_begin() {
  idle_mb=$(bench_rss)
  echo "idle RSS before the load: $idle_mb MB"
  bench_rss_reset_peak
}
bench_load_end() {
  local settle=${1:-1}
  peak_mb=$(bench_peak_rss)
  echo "peak RSS during the load: $peak_mb MB"
  sleep "$settle"
  after_mb=$(bench_rss)
  echo "RSS ${settle} s after the load: $after_mb MB"
}

# Prints the value of key $1 of the JSON object on stdin.
json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# Registers an app on the running instance and sets $client_id, $client_secret and $app_token (a
# client_credentials token with read and write).
bench_app() {
  local app
  app=$(curl -fs -X POST "$base/api/v1/apps" -d client_name=bench -d redirect_uris=urn:ietf:wg:oauth:2.0:oob -d 'scopes=read write')
  client_id=$(echo "$app" | json client_id)
  client_secret=$(echo "$app" | json client_secret)
  app_token=$(curl -fs -X POST "$base/oauth/token" -d grant_type=client_credentials -d "client_id=$client_id" \
    -d "client_secret=$client_secret" -d 'scope=read write' | json access_token)
}
