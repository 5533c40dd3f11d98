#!/usr/bin/env bash
# Intl and nodejs_compat, side by side: worky (ICU4X behind runtime_js/08_intl.js;
# runtime_js/node) and workerd (V8's ICU; its Node.js layer), same worker
# (bench/workers/compat.js, with nodejs_compat on both), one at a time.
#   1. isolate start and memory per isolate (cargo bench --bench isolate_start):
#      hello world; one that uses Intl while its module loads; hello world with
#      nodejs_compat; one that uses Buffer while its module loads;
#   2. calls per second of NumberFormat#format (currency), Collator#compare,
#      PluralRules#select, Number#toLocaleString,
#      Buffer.from(str).toString("base64"), DateTimeFormat#format, a new
#      DateTimeFormat, Date#toLocaleDateString and #toLocaleString (Gregorian and
#      Thai Buddhist) and DateTimeFormat#formatRange: a request runs N calls,
#      timed from outside (workerd's clock stands still inside a request), minus
#      a request with none; best of RUNS.
#
#   bench/compat.sh            # N=20000 RUNS=5
#   NO_BUILD=1 bench/compat.sh
#   CALLS_ONLY=1 bench/compat.sh                      # part 2 alone
#   WORKY=path/to/other/worky CALLS_ONLY=1 bench/compat.sh   # another build
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
N=${N:-20000}
RUNS=${RUNS:-5}
PORT=${PORT:-18950}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"

need_peers workerd
WORKERD=$(peer workerd)
[ -n "${WORKY:-}" ] || build_worky
use_work_dir

if [ -z "${CALLS_ONLY:-}" ]; then
echo "== isolate start and memory (cargo bench --bench isolate_start, 20 isolates each)"
for worker in hello intl node node-buffer; do
  (cd .. && WORKER=$worker cargo bench --quiet --bench isolate_start 2>/dev/null) |
    grep -E "^(worker|isolate start \(20|memory per)" | sed 's/^/  /'
done
echo "== each Node.js module's first load (isolate start and memory, 20 isolates each)"
for module in buffer events stream util crypto zlib path url assert process string_decoder; do
  (cd .. && WORKER=node:$module cargo bench --quiet --bench isolate_start 2>/dev/null) |
    grep -E "^(worker|isolate start \(20|memory per)" | sed 's/^/  /'
done
fi

# Calls per second of each op against the server on $PORT.
measure() { # name
  local base
  base=$(best_time "http://127.0.0.1:$PORT/?op=format&n=0")
  for op in format compare plural toLocaleString base64 dateFormat dateFormatter toLocaleDateString \
    dateToLocaleString buddhistDate formatRange; do
    t=$(best_time "http://127.0.0.1:$PORT/?op=$op&n=$N")
    echo "$1 $op $(python3 -c "print(round($N / max($t - $base, 1e-6)))")"
  done
}

wait_ready() {
  wait_ready_url "http://127.0.0.1:$PORT/?n=0"
}

cp workers/compat.js "$WORK/worker.js"
printf 'name = "compat"\nmain = "worker.js"\ncompatibility_date = "2025-05-01"\ncompatibility_flags = ["nodejs_compat"]\n' > "$WORK/worky.toml"
warm_snapshot "$WORKY" "$PORT"
measure_server worky "$WORKY" dev --port "$PORT" --log-level none > "$WORK/results"

sed -e "s/@PORT@/$PORT/" -e "s/@WORKER@/worker.js/" \
  -e 's/compatibilityDate = "2024-09-23",/compatibilityDate = "2025-05-01", compatibilityFlags = ["nodejs_compat"],/' \
  workers/workerd.capnp.in > "$WORK/config.capnp"
measure_server workerd "$WORKERD" serve config.capnp >> "$WORK/results"

echo "== calls per second, $N calls a request, best of $RUNS ($(nproc) cores, workerd $("$WORKERD" --version | cut -d' ' -f2))"
python3 - "$WORK/results" <<'EOF'
import sys
rows = {}
for line in open(sys.argv[1]):
    who, op, rate = line.split()
    rows.setdefault(op, {})[who] = int(rate)
print(f"  {'call':<36}{'worky/s':>12}{'workerd/s':>12}{'worky/workerd':>15}")
names = {"format": "NumberFormat#format (EUR)", "compare": "Collator#compare (de)",
         "plural": "PluralRules#select (ru)", "toLocaleString": "Number#toLocaleString",
         "base64": "Buffer.from(s).toString('base64')", "dateFormat": "DateTimeFormat#format (de)",
         "dateFormatter": "new Intl.DateTimeFormat (en)", "toLocaleDateString": "Date#toLocaleDateString (en)",
         "dateToLocaleString": "Date#toLocaleString (en)", "buddhistDate": "Date#toLocaleDateString (th)",
         "formatRange": "DateTimeFormat#formatRange (en)"}
for op, r in rows.items():
    print(f"  {names[op]:<36}{r['worky']:>12,}{r['workerd']:>12,}{r['worky'] / r['workerd']:>14.2f}x")
EOF
echo "command: N=$N RUNS=$RUNS bench/compat.sh"
