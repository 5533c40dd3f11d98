#!/usr/bin/env bash
# Dynamic Workers (Worker Loaders), side by side: worky (its code built by its
# bundler, an isolate of its own from the warm stock) and workerd (V8, which
# compiles the modules as they are), same worker (bench/workers/loaders.js).
# One client, one request at a time (hey -c 1): the latency of a request that
# starts a new Dynamic Worker and calls it (`load()` each time), of one that
# calls a Dynamic Worker already loaded, and of one that uses none.
#
#   bench/loaders.sh            # N=300
#   NO_BUILD=1 bench/loaders.sh
#   WORKY=path/to/other/worky bench/loaders.sh
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
N=${N:-300}
PORT=${PORT:-18970}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"

need_peers workerd
WORKERD=$(peer workerd)
[ -n "${WORKY:-}" ] || build_worky
use_work_dir

# p50 and p99 in ms of N requests to each path, one at a time, after a warm-up.
measure() { # name
  for path in plain warm load; do
    hey -n 20 -c 1 "http://127.0.0.1:$PORT/$path" >/dev/null
    hey -n "$N" -c 1 "http://127.0.0.1:$PORT/$path" > "$WORK/hey.out"
    p50=$(awk '/ 50% in / { print $3 * 1000 }' "$WORK/hey.out")
    p99=$(awk '/ 99% in / { print $3 * 1000 }' "$WORK/hey.out")
    errors=$(grep -c "Error distribution" "$WORK/hey.out" || true)
    echo "$1 $path $p50 $p99 $errors"
  done
}

wait_ready() {
  wait_ready_url "http://127.0.0.1:$PORT/plain"
}

cp workers/loaders.js "$WORK/worker.js"
printf 'name = "loaders"\nmain = "worker.js"\ncompatibility_date = "2025-12-01"\n[[worker_loaders]]\nbinding = "LOADER"\n' \
  > "$WORK/worky.toml"
warm_snapshot "$WORKY" "$PORT"
measure_server worky "$WORKY" dev --port "$PORT" --log-level none > "$WORK/results"

sed -e "s/@PORT@/$PORT/" -e "s/@WORKER@/worker.js/" workers/loaders.capnp.in > "$WORK/config.capnp"
measure_server workerd "$WORKERD" serve --experimental config.capnp >> "$WORK/results"

echo "== ms per request, one at a time, $N requests ($(nproc) cores, workerd $("$WORKERD" --version | cut -d' ' -f2))"
python3 - "$WORK/results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    who, path, p50, p99, errors = line.split()
    rows.setdefault(path, {})[who] = (float(p50), float(p99), int(errors))
names = {"plain": "no Dynamic Worker", "warm": "a loaded one (get, same id)", "load": "a new one each request (load)"}
print(f"  {'request':<32}{'worky p50':>10}{'p99':>8}{'workerd p50':>13}{'p99':>8}{'worky/workerd p50':>19}")
for path, name in names.items():
    w, d = rows[path]["worky"], rows[path]["workerd"]
    flag = "  (errors)" if w[2] or d[2] else ""
    print(f"  {name:<32}{w[0]:>10.2f}{w[1]:>8.2f}{d[0]:>13.2f}{d[1]:>8.2f}{w[0] / d[0]:>18.2f}x{flag}")
PY
