#!/usr/bin/env bash
# Scaling across cores: hello-world requests/s of `worky serve` and `worky dev`
# with the server pinned to 1, 2, 4, 8 and 12 cores (the last ones: CPU 0 takes
# the machine's interrupts and agents) and wrk on the cores left,
# for a machine with 16 or more (issue #15 measured dev on one). Prints each
# count's requests/s, p99, the speed-up over one core and the efficiency
# (speed-up / cores). It builds nothing: give it binaries.
#
#   WORKY=path/to/worky WRK=path/to/wrk bench/scaling.sh
#   CORES="1 2 4 8 12" DURATION=6s MODES="serve dev" bench/scaling.sh
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$BENCH_DIR/lib.sh"
WORKY=${WORKY:-${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}/release/worky}
WRK=${WRK:-wrk}
CORES=${CORES:-1 2 4 8 12}
DURATION=${DURATION:-6s}
MODES=${MODES:-serve dev}
TOTAL=$(nproc)
PORT=18800
WORK=$(mktemp -d)
SERVER_PID=""
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap 'stop_server; rm -rf "$WORK"' EXIT
echo "machine: $TOTAL cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

warm_snapshot "$WORKY" $PORT
make_publisher "$WORKY"
pack_worker "$WORKY" hello "$(cat "$BENCH_DIR/workers/hello.js")"
hello_serve_toml $PORT
cp "$BENCH_DIR/workers/hello.js" "$WORK/worker.js"

start() { # mode cores
  local cpus="$((TOTAL - $2))-$((TOTAL - 1))"
  case $1 in
    serve) (cd "$WORK" && RUST_LOG=warn exec taskset -c "$cpus" "$WORKY" serve --config serve.toml >"$WORK/server.log" 2>&1) & ;;
    dev) (cd "$WORK" && exec taskset -c "$cpus" "$WORKY" dev worker.js --port $PORT >"$WORK/server.log" 2>&1) & ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0; sleep 0.1; done
  echo "$1 did not start" >&2; cat "$WORK/server.log" >&2; return 1
}

measure() { # cores -> "rps p99_ms"
  local n=$1 threads connections cpus
  cpus="0-$((TOTAL - n - 1))"
  threads=$((TOTAL - n)); [ "$threads" -gt 8 ] && threads=8
  connections=$((32 * n)); [ "$connections" -lt 64 ] && connections=64
  # Warm-up: the pool grows to its isolates.
  taskset -c "$cpus" "$WRK" -t"$threads" -c"$connections" -d3s "http://127.0.0.1:$PORT/" >/dev/null
  taskset -c "$cpus" "$WRK" -t"$threads" -c"$connections" -d"$DURATION" --latency "http://127.0.0.1:$PORT/" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } p99 = v }
    END { printf "%s %s\n", rps, p99 }'
}

for mode in $MODES; do
  results=()
  for n in $CORES; do
    [ "$n" -lt "$TOTAL" ] || continue
    start "$mode" "$n"
    results+=("$n $(measure "$n")")
    stop_server
  done
  python3 - "$mode" "${results[@]}" <<'PY'
import sys
mode, rows = sys.argv[1], [arg.split() for arg in sys.argv[2:]]
base = float(rows[0][1]) / int(rows[0][0])
print(f"== worky {mode}, hello world: server cores, requests/s, p99, speed-up, efficiency")
for cores, rps, p99 in rows:
    cores, rps, p99 = int(cores), float(rps), float(p99)
    print(f"  {cores:>2} cores {rps:>10,.0f} req/s   p99 {p99:7.2f} ms   {rps / base:5.2f}x   {100 * rps / base / cores:4.0f}%")
PY
done
echo "command: WORKY=... WRK=... bench/scaling.sh (DURATION=$DURATION)"
