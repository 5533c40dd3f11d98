# Shared by the bench scripts: `source "$BENCH_DIR/lib.sh"` after setting BENCH_DIR.

# The 1 KB JSON body the echo benchmarks post (wrk through post.lua, hey with -D).
ECHO_BODY="$BENCH_DIR/workers/echo-body.json"

need_apt() { # command package
  command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
}

# A new worky binary makes its startup snapshot on first use (several seconds, in the
# background). Serve hello-world with it until the snapshot is cached, so that no
# measurement competes with making it.
warm_snapshot() { # worky port
  local worky=$1 port=$2 dir server snapshots="${WORKY_CACHE_DIR:-$HOME/.cache/worky}/snapshots"
  dir=$(mktemp -d)
  cp "$BENCH_DIR/workers/hello.js" "$dir/worker.js"
  (cd "$dir" && exec "$worky" dev worker.js --port "$port" >/dev/null 2>&1) &
  server=$!
  for _ in $(seq 1 600); do
    [ -n "$(find "$snapshots" -name '*.bin' -newer "$worky" 2>/dev/null)" ] && break
    sleep 0.1
  done
  kill "$server" && wait "$server" 2>/dev/null || true
  rm -rf "$dir"
}
