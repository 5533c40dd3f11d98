#!/usr/bin/env bash
# Durable Objects and WebSockets, worky side by side with workerd (npm `workerd`,
# durableObjectNamespaces with localDisk storage) on the same machine in one run:
# the round trip worker -> stub.fetch -> object -> response and a JS RPC call
# (requests/s and p99 with hey), storage get/put per second inside an object,
# and WebSocket echo messages/s with p99 (a stdlib Python client). Ratios are
# worky / workerd.
#
#   bench/objects.sh                 # DURATION=10 (seconds) CONNECTIONS=20
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-20}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"

source "$BENCH_DIR/lib.sh"
need_apt hey hey
need_apt curl curl

if [ ! -x .peers/node_modules/.bin/workerd ]; then
  echo "installing workerd (npm) into bench/.peers"
  mkdir -p .peers && (cd .peers && npm install --no-audit --no-fund --loglevel=error workerd >/dev/null)
fi
WORKERD=$BENCH_DIR/.peers/node_modules/.bin/workerd

echo "building worky (release)"
(cd .. && cargo build --release --locked --quiet)
WORKY=$CARGO_TARGET_DIR/release/worky

PORT=18797
SERVER_PID=""
WORK=$(mktemp -d)
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap 'stop_server; rm -rf "$WORK"' EXIT
warm_snapshot "$WORKY" $PORT

start_server() { # runtime
  local dir="$WORK/$1"
  rm -rf "$dir" && mkdir -p "$dir/data"
  cp workers/objects.js "$dir/worker.js"
  case $1 in
    worky)
      printf '%s\n' 'name = "bench"' 'main = "worker.js"' '[[durable_objects.bindings]]' 'name = "COUNTERS"' \
        'class_name = "Counter"' '[[migrations]]' 'tag = "v1"' 'new_sqlite_classes = ["Counter"]' > "$dir/worky.toml"
      (cd "$dir" && exec "$WORKY" dev --port $PORT >/dev/null 2>&1) & ;;
    workerd)
      sed -e "s/@PORT@/$PORT/" -e "s/@WORKER@/worker.js/" -e "s|@DATA@|$dir/data|" workers/objects.capnp.in > "$dir/config.capnp"
      (cd "$dir" && exec "$WORKERD" serve config.capnp >/dev/null 2>&1) & ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/rpc" && return 0; sleep 0.1; done
  echo "$1 did not start" >&2; return 1
}

storage_rate() { # prints ops/s
  curl -s "http://127.0.0.1:$PORT/storage?n=200" >/dev/null
  curl -s "http://127.0.0.1:$PORT/storage?n=5000" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(round(r["ops"] / max(r["ms"], 1) * 1000))'
}

declare -A RESULT
for runtime in worky workerd; do
  echo "== $runtime"
  start_server $runtime
  RESULT[$runtime,fetch]=$(hey_rate "http://127.0.0.1:$PORT/fetch"); echo "  stub.fetch round trip: ${RESULT[$runtime,fetch]} (req/s p99 ms)"
  RESULT[$runtime,rpc]=$(hey_rate "http://127.0.0.1:$PORT/rpc"); echo "  RPC call:              ${RESULT[$runtime,rpc]} (req/s p99 ms)"
  RESULT[$runtime,storage]=$(storage_rate); echo "  storage put+get:       ${RESULT[$runtime,storage]} ops/s"
  python3 workers/ws_echo_client.py 127.0.0.1 $PORT 2 200 >/dev/null
  RESULT[$runtime,ws]=$(python3 workers/ws_echo_client.py 127.0.0.1 $PORT 10 $((DURATION * 200)))
  echo "  WebSocket echo:        ${RESULT[$runtime,ws]} (messages/s p99 ms)"
  stop_server
done

ratio() { python3 -c "print(f'{$1 / $2:.2f}x')"; }
echo
echo "worky / workerd"
for case in fetch rpc ws; do
  read -r worky_rate worky_p99 <<<"${RESULT[worky,$case]}"
  read -r workerd_rate workerd_p99 <<<"${RESULT[workerd,$case]}"
  printf '  %-8s throughput %s, p99 %s ms vs %s ms\n' "$case" "$(ratio "$worky_rate" "$workerd_rate")" "$worky_p99" "$workerd_p99"
done
printf '  %-8s %s\n' storage "$(ratio "${RESULT[worky,storage]}" "${RESULT[workerd,storage]}")"
