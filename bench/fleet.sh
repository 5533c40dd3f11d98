#!/usr/bin/env bash
# N hello-world deployments on one host, worky serve next to workerd (npm
# `workerd`, one config with the same N workers behind a router worker that
# picks one by the Host header's first label), for N in $SIZES:
#
#   - resident memory after one request to each deployment;
#   - requests/s and p99 with wrk spreading requests over all N hosts (a Lua
#     script rotating the Host header), server on CPU 1, wrk on CPU 0;
#   - worky only (workerd has no unloading): what an unloaded deployment keeps
#     (RSS once all N were asked and unloaded, less RSS with the N deployed and
#     none asked yet, over N), and the first request to each of WAKES
#     deployments that were unloaded (`[pool] idle_unload_s`), p50/p99 by curl
#     (connection included; curl on CPU 0), against a request to one already
#     awake. The requests are WAKE_GAP seconds apart: each wake-up makes the
#     process a new blank isolate for the next (~7 ms of CPU), so wake-ups one
#     right after another on the server's one core measure how fast it makes
#     those, not how fast one wakes (WAKE_GAP=0 shows that; benchmarks.md).
#
# worky runs with `[pool] min_isolates = 0` (a deployment holds an isolate once
# asked). Issue #15's targets: memory per awake deployment within 2x of workerd's,
# a wake-up p99 under 5 ms. Deployments that do not answer 200 are counted.
#
#   bench/fleet.sh        # SIZES="10 100 1000" DURATION=8s WAKES=100 WAKE_GAP=0.05
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
SIZES=${SIZES:-10 100 1000}
DURATION=${DURATION:-8s}
WAKES=${WAKES:-100}
WAKE_GAP=${WAKE_GAP:-0.05}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"
need_apt wrk wrk
need_apt curl curl
need_apt taskset util-linux
need_peers workerd deno
WORKERD=$(peer workerd)
build_worky
PORT=18880
use_work_dir
warm_snapshot "$WORKY" $PORT
make_publisher "$WORKY"
largest=$(echo $SIZES | tr ' ' '\n' | sort -n | tail -1)
pack_apps "$WORKY" "$largest"
cp workers/hello.js "$WORK/hello.js"

worky_config() { # n [idle_unload_s]
  apps_serve_toml $PORT "$1" "min_isolates = 0
idle_unload_s = ${2:-0}"
}

workerd_config() { # n
  cat > "$WORK/router.js" <<'JS'
export default {
  fetch(request, env) {
    const app = new URL(request.url).hostname.split(".")[0];
    const target = env[app];
    return target ? target.fetch(request) : new Response("no such app", { status: 404 });
  },
};
JS
  {
    echo 'using Workerd = import "/workerd/workerd.capnp";'
    echo 'const config :Workerd.Config = ('
    echo '  services = ['
    echo '    (name = "router", worker = (modules = [(name = "router", esModule = embed "router.js")], compatibilityDate = "2024-09-23", bindings = ['
    for i in $(seq 1 "$1"); do
      printf '      (name = "app%s", service = "app%s"),\n' "$i" "$i"
    done
    echo '    ])),'
    for i in $(seq 1 "$1"); do
      printf '    (name = "app%s", worker = (modules = [(name = "worker", esModule = embed "hello.js")], compatibilityDate = "2024-09-23")),\n' "$i"
    done
    echo '  ],'
    printf '  sockets = [ (name = "http", address = "127.0.0.1:%s", http = (), service = "router") ],\n' $PORT
    echo ');'
  } > "$WORK/config.capnp"
}

start() { # runtime
  case $1 in
    worky) (cd "$WORK" && RUST_LOG=warn exec taskset -c 1 "$WORKY" serve --config serve.toml >"$WORK/server.log" 2>&1) & ;;
    workerd) (cd "$WORK" && exec taskset -c 1 "$WORKERD" serve config.capnp >"$WORK/server.log" 2>&1) & ;;
  esac
  SERVER=$!
  for _ in $(seq 1 600); do curl -s -o /dev/null -H "Host: app1.test" "http://127.0.0.1:$PORT/" && return 0; sleep 0.1; done
  echo "$1 did not start" >&2; cat "$WORK/server.log" >&2; return 1
}

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status"; }

# prints "rss_mb rps p99_ms"; says how many deployments did not answer 200
measure() { # n
  local failed=0 status
  for i in $(seq 1 "$1"); do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: app$i.test" "http://127.0.0.1:$PORT/")
    [ "$status" = 200 ] || failed=$((failed + 1))
  done
  [ "$failed" = 0 ] || echo "  ($failed of $1 deployments did not answer 200)" >&2
  sleep 1
  local rss
  rss=$(rss_mb)
  cat > "$WORK/rotate.lua" <<LUA
local i = 0
request = function()
  i = (i % $1) + 1
  wrk.headers["Host"] = "app" .. i .. ".test"
  return wrk.format("GET", "/")
end
LUA
  taskset -c 0 wrk -t1 -c50 -d2s -s "$WORK/rotate.lua" "http://127.0.0.1:$PORT/" >/dev/null
  taskset -c 0 wrk -t1 -c50 -d"$DURATION" --latency -s "$WORK/rotate.lua" "http://127.0.0.1:$PORT/" | awk -v rss="$rss" '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } p99 = v }
    END { printf "%s %s %s\n", rss, rps, p99 }'
}

# curl's total time in ms for one request to app$1
request_ms() { sleep "$WAKE_GAP"; taskset -c 0 curl -s -o /dev/null -w '%{time_total}' -H "Host: app$1.test" "http://127.0.0.1:$PORT/" | awk '{ printf "%.3f\n", $1 * 1000 }'; }

# prints "unloaded_kb wake_p50 wake_p99 warm_p50 warm_p99", the wake-ups over the
# first min(n, WAKES) deployments
wakeups() { # n
  local count=$(( $1 < WAKES ? $1 : WAKES )) i before after
  sleep 1
  before=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER/status")
  for i in $(seq 1 "$1"); do WAKE_GAP=0 request_ms "$i" >/dev/null; done
  sleep 17 # past idle_unload_s = 15: every one unloads (and none while measured)
  after=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER/status")
  printf '%.0f ' "$(echo "($after - $before) / $1" | bc -l)"
  for i in $(seq 1 "$count"); do request_ms "$i"; done > "$WORK/wake.txt"
  for i in $(seq 1 "$count"); do request_ms 1; done > "$WORK/warm.txt"
  pct() { sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%s", v[i] }'; }
  echo "$(pct "$WORK/wake.txt" 50) $(pct "$WORK/wake.txt" 99) $(pct "$WORK/warm.txt" 50) $(pct "$WORK/warm.txt" 99)"
}

echo "== N hello-world deployments, one request each, then wrk over all of them (server on 1 core)"
printf '%6s  %-8s %10s %14s %12s %10s %14s %22s %22s\n' N runtime "RSS MB" "MB/deployment" "req/s" "p99 ms" "KB/unloaded" "wake-up p50/p99 ms" "awake p50/p99 ms"
for n in $SIZES; do
  worky_config "$n"; start worky; read -r w_rss w_rps w_p99 < <(measure "$n"); stop_server
  worky_config "$n" 15; start worky; read -r kb k50 k99 a50 a99 < <(wakeups "$n"); stop_server
  workerd_config "$n"; start workerd; read -r d_rss d_rps d_p99 < <(measure "$n"); stop_server
  printf '%6s  %-8s %10s %14.2f %12s %10s %14s %22s %22s\n' "$n" worky "$w_rss" "$(echo "$w_rss / $n" | bc -l)" "$w_rps" "$w_p99" "$kb" "$k50 / $k99" "$a50 / $a99"
  printf '%6s  %-8s %10s %14.2f %12s %10s %14s %22s %22s\n' "$n" workerd "$d_rss" "$(echo "$d_rss / $n" | bc -l)" "$d_rps" "$d_p99" "-" "-" "-"
done
echo "command: SIZES=\"$SIZES\" DURATION=$DURATION WAKES=$WAKES WAKE_GAP=$WAKE_GAP bench/fleet.sh"
