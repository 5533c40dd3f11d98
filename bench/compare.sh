#!/usr/bin/env bash
# Side-by-side benchmark: the same module workers (hello world, 1 KB JSON echo)
# served by worky, workerd (npm package `workerd`) and `deno serve` (npm package
# `deno`), loaded by wrk, with the server on one core (wrk on the other) and on
# all cores. Prints requests/s, p99 latency and worky's ratio to each peer; then
# worky alone: p99 while an infinite loop is hammered, save-to-response reload
# time on a Hono project, isolate start time and memory per isolate.
#
#   bench/compare.sh                 # DURATION=10s CONNECTIONS=50 by default
#   DURATION=30s bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"

source "$BENCH_DIR/lib.sh"
export ECHO_BODY
need_apt wrk wrk
need_apt curl curl
need_apt taskset util-linux

need_peers workerd deno
WORKERD=$(peer workerd)
DENO=$(peer deno)

echo "building worky (release)"
(cd .. && cargo build --release --locked --quiet)
WORKY=$CARGO_TARGET_DIR/release/worky

PORT=18787
PIN=""
SERVER_PID=""
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap stop_server EXIT

start_server() { # runtime worker
  local runtime=$1 worker=$2 tmp
  tmp=$(mktemp -d)
  cp "workers/$worker.js" "$tmp/worker.js"
  case $runtime in
    worky) (cd "$tmp" && exec $PIN "$WORKY" dev worker.js --port $PORT >/dev/null 2>&1) & ;;
    workerd)
      sed -e "s/@PORT@/$PORT/" -e "s/@WORKER@/worker.js/" workers/workerd.capnp.in > "$tmp/config.capnp"
      (cd "$tmp" && exec $PIN "$WORKERD" serve config.capnp >/dev/null 2>&1) & ;;
    deno) (cd "$tmp" && exec $PIN "$DENO" serve --quiet --allow-net --port $PORT worker.js >/dev/null 2>&1) & ;;
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
  local args=(-t1 -c"$CONNECTIONS" -d"$DURATION" --latency) wrk_pin=""
  [ "$1" = echo ] && args+=(-s "$BENCH_DIR/post.lua")
  [ -n "$PIN" ] && wrk_pin="taskset -c 1"
  $wrk_pin wrk "${args[@]}" -d2s "http://127.0.0.1:$PORT/" >/dev/null  # warm-up
  $wrk_pin wrk "${args[@]}" "http://127.0.0.1:$PORT/" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } p99 = v }
    END { printf "%s %s\n", rps, p99 }'
}

PIN=""
warm_snapshot "$WORKY" $PORT

declare -A RPS P99
run_matrix() { # mode: one (server on CPU 0, wrk on CPU 1) | all (server unpinned, wrk shares)
  local mode=$1
  for worker in hello echo; do
    for runtime in worky workerd deno; do
      if [ "$mode" = one ]; then PIN="taskset -c 0"; else PIN=""; fi
      start_server "$runtime" "$worker"
      read -r rps p99 < <(load "$worker")
      stop_server
      RPS[$mode.$worker.$runtime]=$rps; P99[$mode.$worker.$runtime]=$p99
      printf '%-5s %-8s %-8s %12.0f %10.2f\n' "$mode" "$worker" "$runtime" "$rps" "$p99"
    done
  done
}

echo
echo "wrk: 1 thread, $CONNECTIONS connections, $DURATION. one = server on CPU 0 and wrk on CPU 1;"
echo "all = server free to use both cores (wrk competes for them)"
printf '%-5s %-8s %-8s %12s %10s\n' cores worker runtime "requests/s" "p99 ms"
run_matrix one
run_matrix all
echo
echo "ratios (worky / peer): requests/s higher is better, p99 lower is better"
for mode in one all; do
  for worker in hello echo; do
    for peer in workerd deno; do
      awk -v m="$mode" -v w="$worker" -v p="$peer" -v a="${RPS[$mode.$worker.worky]}" -v b="${RPS[$mode.$worker.$peer]}" \
          -v c="${P99[$mode.$worker.worky]}" -v d="${P99[$mode.$worker.$peer]}" \
          'BEGIN { printf "%-4s %-6s vs %-8s requests/s x%.2f   p99 x%.2f\n", m, w, p, a / b, c / d }'
    done
  done
done

echo
echo "worky: p99 of normal requests while another client hammers an infinite loop (--cpu-ms 50)"
tmp=$(mktemp -d)
cat > "$tmp/worker.js" <<'JS'
export default {
  fetch(request) {
    if (new URL(request.url).pathname === "/loop") { while (true) {} }
    return new Response("Hello World\n");
  },
};
JS
(cd "$tmp" && exec "$WORKY" dev worker.js --port $PORT --cpu-ms 50 >/dev/null 2>&1) &
SERVER_PID=$!
sleep 1
taskset -c 1 wrk -t1 -c2 -d"$DURATION" "http://127.0.0.1:$PORT/loop" >/dev/null 2>&1 &
HAMMER=$!
taskset -c 1 wrk -t1 -c10 -d"$DURATION" --latency "http://127.0.0.1:$PORT/" | awk '/Requests\/sec/ { print "  normal requests/s:", $2 } $1 == "99%" { print "  normal p99:", $2 }'
wait $HAMMER || true
stop_server

echo
echo "worky: save -> first response from the new code (hono-sized project, release build)"
hono=$(mktemp -d)
cp -r ../tests/fixtures/hono-app/. "$hono/"
(cd "$hono" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
python3 reload.py "$WORKY" "$hono" src/index.ts 10 | sed 's/^/  /'

echo
echo "worky isolates (full Web API set):"
(cd .. && cargo bench --locked --quiet --bench isolate_start 2>/dev/null | sed 's/^/  /')
(cd .. && WORKY_SNAPSHOT=0 cargo bench --locked --quiet --bench isolate_start 2>/dev/null | sed 's/^/  /')
