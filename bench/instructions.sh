#!/usr/bin/env bash
# Instructions a request costs in worky's user space, counted by valgrind's
# callgrind: nearly deterministic (runs agree within ~2%), unlike requests/s on a shared VM,
# so it can judge a change to the request path that wall-clock numbers cannot.
# The kernel's share (TCP) is not counted.
#
#   bench/instructions.sh [hello|echo] [requests]     (default: both, 1000)
#   WORKY=path/to/another/build bench/instructions.sh hello   (no build)
#
# The server runs under callgrind (~50x slower); `hey` sends a warm-up of 300
# requests, then counters are zeroed, the measured requests sent, and the counters
# dumped, so start-up is not counted.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
cd "$BENCH_DIR"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"

source "$BENCH_DIR/lib.sh"
need_apt valgrind valgrind
need_apt hey hey
need_apt curl curl

WORKERS="${1:-hello echo}"
REQUESTS="${2:-1000}"
PORT=18795

if [ -z "${WORKY:-}" ]; then
  echo "building worky (release)"
  (cd .. && cargo build --release --locked --quiet)
  WORKY=$CARGO_TARGET_DIR/release/worky
fi

tmp=$(mktemp -d)
trap 'pkill -f "worky dev worker.js --port $PORT" 2>/dev/null || true; rm -rf "$tmp"' EXIT
# Make the startup snapshot outside valgrind.
warm_snapshot "$WORKY" $PORT

load() { # worker requests
  if [ "$1" = echo ]; then
    hey -t 120 -n "$2" -c 10 -m POST -T application/json -D "$ECHO_BODY" "http://127.0.0.1:$PORT/"
  else
    hey -t 120 -n "$2" -c 10 "http://127.0.0.1:$PORT/"
  fi
}

for worker in $WORKERS; do
  cp "workers/$worker.js" "$tmp/worker.js"
  rm -f "$tmp"/callgrind.*
  (cd "$tmp" && exec valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.%p" \
    "$WORKY" dev worker.js --port $PORT >/dev/null 2>&1) &
  server=$!
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.5; done
  load "$worker" 300 >/dev/null
  callgrind_control -z "$server" >/dev/null 2>&1
  load "$worker" "$REQUESTS" >"$tmp/hey.txt"
  ok=$(awk '/\[200\]/{print $2}' "$tmp/hey.txt")
  callgrind_control -d "$server" >/dev/null 2>&1
  kill "$server"; wait "$server" 2>/dev/null || true
  if [ "$ok" != "$REQUESTS" ]; then
    echo "$worker: only ${ok:-0} of $REQUESTS requests answered 200" >&2
    sed -n '/Status code/,$p' "$tmp/hey.txt" >&2
    exit 1
  fi
  total=$(awk '/^summary:/{print $2}' "$tmp"/callgrind.*.1)
  printf '%-6s %8d instructions per request (%d requests)\n' "$worker" $((total / REQUESTS)) "$REQUESTS"
done
