#!/usr/bin/env bash
# Workers platform APIs, side by side in one run: HTMLRewriter throughput (worky
# and workerd) and Cache API hit latency (worky and miniflare, wrangler dev's
# runtime: workerd alone keeps no cache). Release build, one server at a time.
#   1. HTMLRewriter: a 5 MB page rewritten with three handlers (bench/workers/
#      rewriter.js); MB/s of the whole request (best of RUNS), and of the same
#      page sent unrewritten for scale;
#   2. Cache API: latency of a request answered by caches.default.match of a
#      1 KB entry, and of one answering the same body without the cache
#      (wrk, one connection, SECONDS_LATENCY seconds): p50 and p99.
#
#   bench/platform.sh          # RUNS=5 SECONDS_LATENCY=5
#   NO_BUILD=1 bench/platform.sh
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
RUNS=${RUNS:-5}
SECONDS_LATENCY=${SECONDS_LATENCY:-5}
PORT=${PORT:-18960}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"
need_apt wrk wrk

need_peers workerd miniflare
WORKERD=$(peer workerd)
build_worky
use_work_dir
URL="http://127.0.0.1:$PORT"

wait_ready() { # path
  wait_ready_url "$URL$1"
}

# MB/s of the best of RUNS downloads of `path`.
throughput() { # who path label
  local best=999 size
  for _ in $(seq 1 "$RUNS"); do
    read -r t size < <(curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "$URL$2")
    best=$(python3 -c "print(min($best, $t))")
  done
  echo "$1 $3 $(python3 -c "print(round($size / $best / 1e6, 1))") $size"
}

# p50 and p99 latency (ms) of `path`, one connection.
latency() { # who path label
  curl -sf -o /dev/null "$URL$2"
  wrk -t1 -c1 -d"${SECONDS_LATENCY}s" --latency "$URL$2" | python3 -c '
import re, sys
unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
text = sys.stdin.read()
p = {m[0]: float(m[1]) * unit[m[2]] for m in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)$", text, re.M)}
print(sys.argv[1], sys.argv[2], round(p["50"], 3), round(p["99"], 3))' "$1" "$3"
}

serve_worky() { # worker
  mkdir -p "$WORK/worky-$1" && cp "workers/$1.js" "$WORK/worky-$1/worker.js"
  (cd "$WORK/worky-$1" && exec "$WORKY" dev worker.js --port "$PORT" --log-level none >/dev/null 2>&1) &
  SERVER=$!
}

serve_workerd() { # worker
  mkdir -p "$WORK/workerd-$1" && cp "workers/$1.js" "$WORK/workerd-$1/worker.js"
  sed -e "s/@PORT@/$PORT/" -e "s/@WORKER@/worker.js/" workers/workerd.capnp.in > "$WORK/workerd-$1/config.capnp"
  (cd "$WORK/workerd-$1" && exec "$WORKERD" serve config.capnp >/dev/null 2>&1) &
  SERVER=$!
}

serve_miniflare() { # worker
  mkdir -p "$WORK/miniflare-$1" && cp "workers/$1.js" "$WORK/miniflare-$1/worker.js"
  node workers/miniflare-serve.mjs "$WORK/miniflare-$1/worker.js" "$PORT" >/dev/null 2>&1 &
  SERVER=$!
}

warm_snapshot "$WORKY" "$PORT"
: > "$WORK/results"
for who in worky workerd; do
  "serve_$who" rewriter
  wait_ready /size
  throughput "$who" /raw raw >> "$WORK/results"
  throughput "$who" /rewrite rewrite >> "$WORK/results"
  stop_server
done
for who in worky miniflare; do
  "serve_$who" cache
  wait_ready /fill
  latency "$who" /plain plain >> "$WORK/results"
  latency "$who" /hit hit >> "$WORK/results"
  stop_server
done

echo "== HTMLRewriter: a $(awk '$2=="raw"{print int($4/1e5)/10; exit}' "$WORK/results") MB page, three handlers, MB/s of the request, best of $RUNS ($(nproc) cores, workerd $("$WORKERD" --version | cut -d' ' -f2))"
echo "== Cache API: latency over one connection, ${SECONDS_LATENCY} s each, p50/p99 ms (miniflare $(node -p 'require("./.peers/node_modules/miniflare/package.json").version'))"
python3 - "$WORK/results" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
mbs = {(r[0], r[1]): float(r[2]) for r in rows if r[1] in ("raw", "rewrite")}
print(f"  {'':<28}{'worky MB/s':>12}{'workerd MB/s':>14}{'worky/workerd':>15}")
for label, key in (("page sent as it is", "raw"), ("page rewritten", "rewrite")):
    w, d = mbs[("worky", key)], mbs[("workerd", key)]
    print(f"  {label:<28}{w:>12}{d:>14}{w / d:>14.2f}x")
lat = {(r[0], r[1]): (float(r[2]), float(r[3])) for r in rows if r[1] in ("plain", "hit")}
print(f"  {'':<28}{'worky p50/p99':>16}{'miniflare p50/p99':>20}{'p50 ratio':>11}")
for label, key in (("body made in the worker", "plain"), ("caches.default.match hit", "hit")):
    w, m = lat[("worky", key)], lat[("miniflare", key)]
    print(f"  {label:<28}{w[0]:>8.3f}/{w[1]:<7.3f}{m[0]:>10.3f}/{m[1]:<9.3f}{w[0] / m[0]:>10.2f}x")
PY
echo "command: RUNS=$RUNS SECONDS_LATENCY=$SECONDS_LATENCY bench/platform.sh"
