#!/usr/bin/env bash
# Side-by-side benchmark: the same module worker served by worky, workerd (npm
# package `workerd`) and `deno serve` (npm package `deno`), loaded by wrk.
# The server is pinned to CPU 0 and wrk to CPU 1. Prints requests/s, p99
# latency and worky's ratio to each peer, then worky's isolate start time and
# memory per isolate.
#
#   bench/compare.sh                 # DURATION=10s CONNECTIONS=50 by default
#   DURATION=30s bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"

need_apt() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need_apt wrk wrk
need_apt curl curl
need_apt taskset util-linux

if [ ! -x .peers/node_modules/.bin/workerd ] || [ ! -x .peers/node_modules/.bin/deno ]; then
  echo "installing peers (npm: workerd, deno) into bench/.peers"
  mkdir -p .peers && (cd .peers && npm install --no-audit --no-fund --loglevel=error workerd deno >/dev/null)
fi
WORKERD=$BENCH_DIR/.peers/node_modules/.bin/workerd
DENO=$BENCH_DIR/.peers/node_modules/.bin/deno

echo "building worky (release)"
(cd .. && cargo build --release --locked --quiet)
WORKY=$CARGO_TARGET_DIR/release/worky

PORT=18787
SERVER_PID=""
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap stop_server EXIT

start_server() { # runtime worker
  local runtime=$1 worker=$2 tmp
  tmp=$(mktemp -d)
  cp "workers/$worker.js" "$tmp/worker.js"
  case $runtime in
    worky) (cd "$tmp" && exec taskset -c 0 "$WORKY" dev worker.js --port $PORT >/dev/null 2>&1) & ;;
    workerd)
      sed -e "s/@PORT@/$PORT/" -e "s/@WORKER@/worker.js/" workers/workerd.capnp.in > "$tmp/config.capnp"
      (cd "$tmp" && exec taskset -c 0 "$WORKERD" serve config.capnp >/dev/null 2>&1) & ;;
    deno) (cd "$tmp" && exec taskset -c 0 "$DENO" serve --quiet --allow-net --port $PORT worker.js >/dev/null 2>&1) & ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    if curl -s -o /dev/null -X POST -H 'content-type: application/json' -d '{}' "http://127.0.0.1:$PORT/"; then return 0; fi
    sleep 0.1
  done
  echo "$runtime did not start" >&2; return 1
}

# prints "rps p99_ms"
load() { # worker
  local args=(-t1 -c"$CONNECTIONS" -d"$DURATION" --latency)
  [ "$1" = echo ] && args+=(-s "$BENCH_DIR/post.lua")
  taskset -c 1 wrk "${args[@]}" -d2s "http://127.0.0.1:$PORT/" >/dev/null  # warm-up
  taskset -c 1 wrk "${args[@]}" "http://127.0.0.1:$PORT/" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } p99 = v }
    END { printf "%s %s\n", rps, p99 }'
}

declare -A RPS P99
echo
echo "wrk: 1 thread, $CONNECTIONS connections, $DURATION; server on CPU 0, wrk on CPU 1"
printf '%-8s %-8s %12s %10s\n' worker runtime "requests/s" "p99 ms"
for worker in hello echo; do
  for runtime in worky workerd deno; do
    start_server "$runtime" "$worker"
    read -r rps p99 < <(load "$worker")
    stop_server
    RPS[$worker.$runtime]=$rps; P99[$worker.$runtime]=$p99
    printf '%-8s %-8s %12.0f %10.2f\n' "$worker" "$runtime" "$rps" "$p99"
  done
done
echo
echo "ratios (worky / peer): requests/s higher is better, p99 lower is better"
for worker in hello echo; do
  for peer in workerd deno; do
    awk -v w="$worker" -v p="$peer" -v a="${RPS[$worker.worky]}" -v b="${RPS[$worker.$peer]}" \
        -v c="${P99[$worker.worky]}" -v d="${P99[$worker.$peer]}" \
        'BEGIN { printf "%-8s vs %-8s requests/s x%.2f   p99 x%.2f\n", w, p, a / b, c / d }'
  done
done
echo
echo "worky isolates (full Web API set):"
(cd .. && cargo bench --locked --quiet --bench isolate_start 2>/dev/null)
