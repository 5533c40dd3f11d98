# Shared by the bench scripts: `source "$BENCH_DIR/lib.sh"` after setting BENCH_DIR.

# The 1 KB JSON body the echo benchmarks post (wrk through post.lua, hey with -D).
ECHO_BODY="$BENCH_DIR/workers/echo-body.json"

need_apt() { # command package
  command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
}

# A throwaway publisher key in $WORK/key.json (exported as WORKY_KEY, its public
# key in PUBLIC_KEY) and an empty $WORK/packages for `pack_worker`.
make_publisher() { # worky
  export WORKY_KEY="$WORK/key.json"
  "$1" keygen >/dev/null 2>&1
  PUBLIC_KEY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["public_key"])' "$WORKY_KEY")
  mkdir -p "$WORK/packages"
}

# Packs a one-module worker as name@1.0.0 into $WORK/packages (after make_publisher),
# with `extra` worky.toml lines (bindings, say).
pack_worker() { # worky name worker-source [extra]
  local dir="$WORK/$2"
  mkdir -p "$dir/src"
  printf 'name = "%s"\nversion = "1.0.0"\nmain = "src/index.js"\n%s\n' "$2" "${4:-}" > "$dir/worky.toml"
  printf '%s\n' "$3" > "$dir/src/index.js"
  (cd "$dir" && "$1" publish --dry-run >/dev/null 2>&1)
  cp "$dir/dist/$2-1.0.0.worky" "$WORK/packages/"
}

# $WORK/serve.toml for the packed `hello` (pack_worker) on 127.0.0.1:PORT, with
# `extra` serve.toml keys before the deployment.
hello_serve_toml() { # port [extra]
  cat > "$WORK/serve.toml" <<TOML
listen = "127.0.0.1:$1"
packages_dir = "packages"
trusted_keys = ["$PUBLIC_KEY"]
${2:-}
[[deployments]]
name = "hello"
version = "1.0.0"
hosts = ["127.0.0.1"]
TOML
}

# N hello-world packages, app1 .. appN (the many-deployment benchmarks).
pack_apps() { # worky n
  echo "packing $2 deployments"
  local i
  for i in $(seq 1 "$2"); do pack_worker "$1" "app$i" "$(cat "$BENCH_DIR/workers/hello.js")"; done
}

# $WORK/serve.toml serving app1 .. appN at appI.test, with these [pool] lines.
apps_serve_toml() { # port n pool-lines
  local i
  {
    printf 'listen = "127.0.0.1:%s"\npackages_dir = "packages"\ntrusted_keys = ["%s"]\n' "$1" "$PUBLIC_KEY"
    printf '[pool]\n%s\n' "$3"
    for i in $(seq 1 "$2"); do printf '[[deployments]]\nname = "app%s"\nversion = "1.0.0"\nhosts = ["app%s.test"]\n' "$i" "$i"; done
  } > "$WORK/serve.toml"
}

# A new worky binary makes its startup snapshot on first use (several seconds, in the
# background). Serve hello-world with it until its snapshot is cached, so that no
# measurement competes with making it. The cache names a snapshot by the binary's
# size and modification time (runtime/snapshot.rs): each binary waits for its own.
warm_snapshot() { # worky port
  local worky=$1 port=$2 dir server key snapshots="${WORKY_CACHE_DIR:-$HOME/.cache/worky}/snapshots"
  key="$(stat -c %s "$worky")-$(stat -c %.9Y "$worky" | tr -d .)"
  dir=$(mktemp -d)
  cp "$BENCH_DIR/workers/hello.js" "$dir/worker.js"
  (cd "$dir" && exec "$worky" dev worker.js --port "$port" >/dev/null 2>&1) &
  server=$!
  for _ in $(seq 1 600); do
    compgen -G "$snapshots/*-$key.bin" >/dev/null && break
    sleep 0.1
  done
  kill "$server" && wait "$server" 2>/dev/null || true
  rm -rf "$dir"
}

# Installs the npm packages given into bench/.peers unless each one's command is
# there already; `peer NAME` is then that command's path.
need_peers() { # package...
  local package
  for package in "$@"; do
    [ -x "$BENCH_DIR/.peers/node_modules/.bin/$package" ] && continue
    echo "installing peers (npm: $*) into bench/.peers"
    mkdir -p "$BENCH_DIR/.peers"
    (cd "$BENCH_DIR/.peers" && npm install --no-audit --no-fund --loglevel=error "$@" >/dev/null)
    return
  done
}
peer() { echo "$BENCH_DIR/.peers/node_modules/.bin/$1"; }

# The release build of worky as $WORKY (built first unless NO_BUILD is set).
build_worky() {
  if [ -z "${NO_BUILD:-}" ]; then (cd "$BENCH_DIR/.." && cargo build --release --locked --quiet); fi
  WORKY=$CARGO_TARGET_DIR/release/worky
}

# $WORK, a temporary directory removed on exit, and `stop_server` for the
# server a script starts in the background as $SERVER.
use_work_dir() {
  WORK=$(mktemp -d)
  SERVER=""
  trap 'stop_server; rm -rf "$WORK"' EXIT
}
# A server killed ends with a signal's status: that is no failure of the script.
stop_server() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
  fi
  SERVER=""
}

# Runs the command given in $WORK as $SERVER, waits for it (the script's
# `wait_ready`), prints the script's `measure NAME` against it and stops it.
measure_server() { # name command...
  local name=$1
  shift
  (cd "$WORK" && exec "$@" >/dev/null 2>&1) &
  SERVER=$!
  wait_ready >&2
  measure "$name"
  stop_server
}

# "requests/s p99_ms" of hey on URL: $CONNECTIONS connections for $DURATION
# seconds, after 2 s of warm-up.
hey_rate() { # url
  hey -z 2s -c "$CONNECTIONS" "$1" >/dev/null
  hey -z "${DURATION}s" -c "$CONNECTIONS" "$1" | awk '
    /Requests\/sec/ { rps = $2 }
    /99% in/ { p99 = $3 * 1000 }
    END { printf "%.0f %.2f\n", rps, p99 }'
}

# Waits until URL answers with a success, or gives up after 15 s.
wait_ready_url() { # url
  for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return; sleep 0.05; done
  echo "server did not start"; exit 1
}

# Seconds for one request to URL, the best of $RUNS.
best_time() { # url
  local best=999 t
  for _ in $(seq 1 "$RUNS"); do
    t=$(curl -s -o /dev/null -w '%{time_total}' "$1")
    best=$(python3 -c "print(min($best, $t))")
  done
  echo "$best"
}
