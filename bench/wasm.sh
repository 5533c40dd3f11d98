#!/usr/bin/env bash
# Calls across the JS <-> WebAssembly boundary, side by side: worky (QuickJS and
# the WAMR interpreter, vendor/v8x) and workerd (V8), same worker
# (bench/workers/wasm.js and the wasm_refs probe's module): an export that
# returns a constant, an export that calls a JS import, an externref through an
# export and back, and a function out of a funcref table. A request makes N
# calls, timed from outside (workerd's clock stands still inside a request),
# minus a request with none; best of RUNS.
#
#   bench/wasm.sh              # N=200000 RUNS=5
#   NO_BUILD=1 bench/wasm.sh
#   WORKY=path/to/other/worky bench/wasm.sh
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
N=${N:-200000}
RUNS=${RUNS:-5}
PORT=${PORT:-18960}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"

need_peers workerd
WORKERD=$(peer workerd)
[ -n "${WORKY:-}" ] || build_worky
use_work_dir

# Nanoseconds per call of each kind against the server on $PORT.
measure() { # name
  local base
  base=$(best_time "http://127.0.0.1:$PORT/?op=export&n=0")
  for op in export import externref table; do
    t=$(best_time "http://127.0.0.1:$PORT/?op=$op&n=$N")
    echo "$1 $op $(python3 -c "print(round(max($t - $base, 0) * 1e9 / $N))")"
  done
}

wait_ready() {
  wait_ready_url "http://127.0.0.1:$PORT/?op=export&n=0"
}

cp workers/wasm.js "$WORK/worker.js"
cp ../tests/workerd/wasm_refs.files/refs.wasm "$WORK/"
warm_snapshot "$WORKY" "$PORT"
measure_server worky "$WORKY" dev worker.js --port "$PORT" --log-level none > "$WORK/results"

sed -e "s/@PORT@/$PORT/" -e "s/@WORKER@/worker.js/" \
  -e 's|(name = "worker", esModule = embed "worker.js")|(name = "worker", esModule = embed "worker.js"), (name = "./refs.wasm", wasm = embed "refs.wasm")|' \
  workers/workerd.capnp.in > "$WORK/config.capnp"
measure_server workerd "$WORKERD" serve config.capnp >> "$WORK/results"

echo "== ns per call, $N calls a request, best of $RUNS ($(nproc) cores, workerd $("$WORKERD" --version | cut -d' ' -f2))"
python3 - "$WORK/results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    who, op, ns = line.split()
    rows.setdefault(op, {})[who] = int(ns)
names = {"export": "export returning a constant", "import": "export calling a JS import",
         "externref": "externref in and out", "table": "Table#get(1)(2)"}
print(f"  {'call':<30}{'worky ns':>10}{'workerd ns':>12}{'worky/workerd':>15}")
for op, r in rows.items():
    print(f"  {names[op]:<30}{r['worky']:>10,}{r['workerd']:>12,}{r['worky'] / max(r['workerd'], 1):>14.1f}x")
PY
echo "command: N=$N RUNS=$RUNS bench/wasm.sh"
