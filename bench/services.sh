#!/usr/bin/env bash
# Service bindings: a worker's call to another (its `fetch`, and a JS RPC
# method of an entrypoint), worky serve side by side with workerd (two workers,
# a service binding between them) in one run, requests/s and p99 with hey:
#
#   one process     worky serve, both deployments in the process
#   two processes   `[host] worker_processes = 2`: the callee in the other
#                   worker process (the call goes through the front's calls
#                   socket, host/serve/calls.rs)
#   front only      `[host] worker_processes = 2`, the caller answering by
#                   itself: the front's hop without a call, for comparison
#
#   bench/services.sh        # DURATION=10 (seconds) CONNECTIONS=20
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

if [ -z "${NO_BUILD:-}" ]; then
  echo "building worky (release)"
  (cd .. && cargo build --release --locked --quiet)
fi
WORKY=${WORKY:-$CARGO_TARGET_DIR/release/worky}

PORT=18798
SERVER_PID=""
WORK=$(mktemp -d)
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap 'stop_server; rm -rf "$WORK"' EXIT
warm_snapshot "$WORKY" $PORT

make_publisher "$WORKY"
pack_worker "$WORKY" caller "$(cat workers/services_caller.js)" 'compatibility_date = "2025-05-01"
[[services]]
binding = "SVC"
service = "callee"
[[services]]
binding = "BOOKS"
service = "callee"
entrypoint = "Books"'
pack_worker "$WORKY" callee "$(cat workers/services_callee.js)" 'compatibility_date = "2025-05-01"'

start_server() { # worky-processes | workerd
  local dir="$WORK/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  case $1 in
    workerd)
      sed -e "s/@PORT@/$PORT/" workers/services.capnp.in > "$dir/config.capnp"
      cp workers/services_caller.js workers/services_callee.js "$dir/"
      (cd "$dir" && exec "$WORKERD" serve config.capnp >/dev/null 2>&1) & ;;
    *)
      cat > "$WORK/serve.toml" <<TOML
listen = "127.0.0.1:$PORT"
packages_dir = "packages"
trusted_keys = ["$PUBLIC_KEY"]
[host]
worker_processes = ${1#worky-}
[[deployments]]
name = "caller"
version = "1.0.0"
hosts = ["127.0.0.1"]
[[deployments]]
name = "callee"
version = "1.0.0"
hosts = ["callee.test"]
TOML
      (cd "$WORK" && exec "$WORKY" serve --config serve.toml >/dev/null 2>&1) & ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/rpc" && return 0; sleep 0.1; done
  echo "$1 did not start" >&2; return 1
}

# prints "rps p99_ms"
http_load() { # path
  hey -z 2s -c "$CONNECTIONS" "http://127.0.0.1:$PORT$1" >/dev/null
  hey -z "${DURATION}s" -c "$CONNECTIONS" "http://127.0.0.1:$PORT$1" | awk '
    /Requests\/sec/ { rps = $2 }
    /99% in/ { p99 = $3 * 1000 }
    END { printf "%.0f %.2f\n", rps, p99 }'
}

declare -A RESULT
for runtime in worky-0 worky-2 workerd; do
  echo "== $runtime"
  start_server $runtime
  for path in /fetch /rpc /; do
    RESULT[$runtime,$path]=$(http_load $path)
    printf '  %-7s %s (req/s p99 ms)\n' "$path" "${RESULT[$runtime,$path]}"
  done
  stop_server
done

ratio() { python3 -c "print(f'{$1 / $2:.2f}x')"; }
rate() { read -r r _ <<<"$1"; echo "$r"; }
echo
echo "worky one process / workerd, worky two processes / one process"
for path in /fetch /rpc /; do
  printf '  %-7s %s  %s\n' "$path" "$(ratio "$(rate "${RESULT[worky-0,$path]}")" "$(rate "${RESULT[workerd,$path]}")")" \
    "$(ratio "$(rate "${RESULT[worky-2,$path]}")" "$(rate "${RESULT[worky-0,$path]}")")"
done
