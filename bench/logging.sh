#!/usr/bin/env bash
# worky serve next to workerd serving the same hello-world worker, each with its
# production logging on, in one run: requests/s and p99 (wrk), the server on
# CPU 0 and wrk on CPU 1.
#
#   bench/logging.sh                 # DURATION=10s CONNECTIONS=50 by default
#
# worky: `worky serve --log-format json` (one JSON access record per request) with
# `metrics_listen` (Prometheus metrics recorded), and the same with RUST_LOG=warn
# and no metrics for the cost of both. workerd: `structuredLogging = true` (its
# JSON logs; workerd writes no record per request), and without it.
# Logs go to a file, as a log shipper would read them.
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"
need_apt wrk wrk
need_apt taskset util-linux

need_peers workerd deno
WORKERD=$(peer workerd)
build_worky

PORT=18799
WORK=$(mktemp -d)
SERVER_PID=""
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap 'stop_server; rm -rf "$WORK"' EXIT
warm_snapshot "$WORKY" $PORT
make_publisher "$WORKY"
pack_worker "$WORKY" hello "$(cat workers/hello.js)"

start_worky() { # rust_log extra-toml
  hello_serve_toml $PORT "$2"
  (cd "$WORK" && RUST_LOG="$1" exec taskset -c 0 "$WORKY" serve --config serve.toml --log-format json >"$WORK/server.log" 2>&1) &
  SERVER_PID=$!
}

start_workerd() { # structured: true|false
  cp workers/hello.js "$WORK/worker.js"
  sed -e "s/@PORT@/$PORT/" -e "s/@WORKER@/worker.js/" workers/workerd.capnp.in > "$WORK/config.capnp"
  [ "$1" = true ] && sed -i 's/^  sockets = \(.*\)$/  sockets = \1\n  structuredLogging = true,/' "$WORK/config.capnp"
  (cd "$WORK" && exec taskset -c 0 "$WORKERD" serve config.capnp >"$WORK/server.log" 2>&1) &
  SERVER_PID=$!
}

# prints "rps p99_ms"
measure() {
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$PORT/" >/dev/null
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT/" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } p99 = v }
    END { printf "%s %s\n", rps, p99 }'
  stop_server
}

start_worky warn ""; worky_off=$(measure)
start_worky info "metrics_listen = \"127.0.0.1:0\""; worky_on=$(measure)
records=$(grep -c '"target":"worky::access"' "$WORK/server.log" || true)
start_workerd false; workerd_off=$(measure)
start_workerd true; workerd_on=$(measure)

python3 - "$worky_off" "$worky_on" "$workerd_off" "$workerd_on" "$records" <<'PY'
import sys
(w_off, w_on, d_off, d_on) = [tuple(map(float, arg.split())) for arg in sys.argv[1:5]]
print("== hello world, server on 1 core: requests/s, p99")
rows = [
    ("worky serve, logging off", w_off),
    ("worky serve, JSON access log + metrics", w_on),
    ("workerd, plain logs", d_off),
    ("workerd, structuredLogging", d_on),
]
for name, (rps, p99) in rows:
    print(f"  {name:<40}{rps:>10,.0f} req/s   p99 {p99:.2f} ms")
print(f"  worky/workerd, production logging on: {w_on[0] / d_on[0]:.2f}x requests/s")
print(f"  worky's logging costs {100 * (1 - w_on[0] / w_off[0]):.1f}% of its requests/s "
      f"({sys.argv[5]} access records written)")
PY
echo "command: bench/logging.sh (DURATION=$DURATION CONNECTIONS=$CONNECTIONS)"
