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
