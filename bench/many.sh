#!/usr/bin/env bash
# Many deployments in one `worky serve`: how long until it listens, and its memory
# and threads then, with `[pool] min_isolates` as given; then WAKE of them asked
# once each (memory after, and the first request's latency against the next one's).
#
#   bench/many.sh                          # N=1000 MIN_ISOLATES=0 WAKE=100
#   N=100 MIN_ISOLATES=1 bench/many.sh
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"
need_apt curl curl
N=${N:-1000}
MIN_ISOLATES=${MIN_ISOLATES:-0}
WAKE=${WAKE:-100}
PORT=18860
build_worky
use_work_dir
warm_snapshot "$WORKY" $PORT
make_publisher "$WORKY"
pack_apps "$WORKY" "$N"
apps_serve_toml $PORT "$N" "min_isolates = $MIN_ISOLATES"

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status"; }
threads() { ls "/proc/$SERVER/task" | wc -l; }
started=$(date +%s.%N)
(cd "$WORK" && exec "$WORKY" serve --config serve.toml >"$WORK/serve.log" 2>&1) &
SERVER=$!
until grep -q "Serving on" "$WORK/serve.log"; do
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.01
done
listening=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$started" "$(date +%s.%N)")
sleep 1
echo "$N deployments, min_isolates = $MIN_ISOLATES: listening after $listening s, RSS $(rss_mb) MB, $(threads) threads"

ask() { # file: each of the first WAKE deployments once, curl's total time in ms, sorted
  for i in $(seq 1 "$WAKE"); do
    curl -sf -o /dev/null -w '%{time_total}\n' -H "Host: app$i.test" "http://127.0.0.1:$PORT/"
  done | awk '{ printf "%.3f\n", $1 * 1000 }' | sort -n > "$WORK/$1"
}
percentile() { awk -v p="$2" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print v[i] }' "$WORK/$1"; }
ask first.ms
sleep 2
ask next.ms
echo "after $WAKE asked once: RSS $(rss_mb) MB, $(threads) threads"
echo "first request p50 $(percentile first.ms 50) ms, p99 $(percentile first.ms 99) ms; the next p50 $(percentile next.ms 50) ms, p99 $(percentile next.ms 99) ms (curl)"
echo "command: N=$N MIN_ISOLATES=$MIN_ISOLATES WAKE=$WAKE bench/many.sh"
