#!/usr/bin/env bash
# What unloading and waking deployments leaves behind: N hello-world deployments
# in one `worky serve` with `[pool] idle_unload_s = 2`, asked once each, left to
# unload, and again, ROUNDS times; the process's RSS after each round's requests
# and after they unloaded. A process that keeps nothing of an isolate it ended
# stays flat round after round (see docs/benchmarks.md: what an isolate leaves
# behind, and why RSS still grows a little).
#
#   bench/churn.sh                   # N=300 ROUNDS=8
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"
need_apt curl curl
N=${N:-300}
ROUNDS=${ROUNDS:-8}
PORT=18870
build_worky
use_work_dir
warm_snapshot "$WORKY" $PORT
make_publisher "$WORKY"
pack_apps "$WORKY" "$N"
apps_serve_toml $PORT "$N" "min_isolates = 0
idle_unload_s = 2"
(cd "$WORK" && RUST_LOG=warn exec "$WORKY" serve --config serve.toml > "$WORK/server.log" 2>&1) &
SERVER=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
sleep 1
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status"; }
echo "== $N deployments, asked once each and left to unload, $ROUNDS times (RSS MB)"
printf '%6s %10s %10s\n' round awake unloaded
printf '%6s %10s %10s\n' 0 - "$(rss_mb)"
for round in $(seq 1 "$ROUNDS"); do
  for i in $(seq 1 "$N"); do curl -s -o /dev/null -H "Host: app$i.test" "http://127.0.0.1:$PORT/"; done
  awake=$(rss_mb)
  sleep 8 # past idle_unload_s = 2, and the isolates' threads have ended
  printf '%6s %10s %10s\n' "$round" "$awake" "$(rss_mb)"
done
echo "command: N=$N ROUNDS=$ROUNDS bench/churn.sh"
