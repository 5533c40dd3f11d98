#!/usr/bin/env bash
# What each request shares across threads, counted on this 2-core machine (issue
# #15, point 4: scaling needs the per-request shared work down, and a 16-core
# machine is rarely at hand). For `worky serve` and workerd, hello world, after a
# warm-up: `hey` sends REQUESTS requests over 32 connections while `perf stat`
# counts, in the server's threads, per request:
#
#   futex      futex(2) calls: a lock or condition some thread waited on, or a
#              thread woken (an uncontended lock makes none)
#   wakeups    threads woken (sched_wakeup) by the server's threads: each hand-off
#              of a request between threads costs one
#   switches   context switches; migrations: a thread moved to the other core
#   syscalls   every system call
#
# and the same per thread kind (`--per-thread`, threads grouped by name), so a
# count can be traced to the front (tokio workers), the isolates or the rest.
# Then, for worky, where its futex calls come from: a second run records each
# call's address, and a futex on a glibc malloc arena's lock (its mutex lies
# 0x30 bytes into the arena's 64 MiB-aligned heap) is a thread freeing memory
# another thread allocated while a third holds that arena; the rest are threads
# parking and waking (the hand-off of requests between the front and isolates).
# Counts do not depend on the machine's speed the way requests/s does.
#
#   bench/shared.sh                  # REQUESTS=20000 RUNTIMES="worky workerd"
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
cd "$BENCH_DIR"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"
need_apt hey hey
need_apt curl curl
need_apt perf linux-perf
REQUESTS=${REQUESTS:-20000}
RUNTIMES=${RUNTIMES:-worky workerd}
need_peers workerd deno
WORKERD=$(peer workerd)
build_worky
PORT=18810
use_work_dir
warm_snapshot "$WORKY" $PORT
make_publisher "$WORKY"
pack_worker "$WORKY" hello "$(cat workers/hello.js)"
hello_serve_toml $PORT
cp workers/hello.js "$WORK/hello.js"
cat > "$WORK/config.capnp" <<CAPNP
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = (modules = [(name = "worker", esModule = embed "hello.js")], compatibilityDate = "2024-09-23")) ],
  sockets = [ (name = "http", address = "127.0.0.1:$PORT", http = (), service = "main") ],
);
CAPNP

start() { # runtime
  case $1 in
    worky) (cd "$WORK" && RUST_LOG=warn exec "$WORKY" serve --config serve.toml >"$WORK/server.log" 2>&1) & ;;
    workerd) (cd "$WORK" && exec "$WORKERD" serve config.capnp >"$WORK/server.log" 2>&1) & ;;
  esac
  SERVER=$!
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && return 0; sleep 0.1; done
  echo "$1 did not start" >&2; cat "$WORK/server.log" >&2; return 1
}

EVENTS=syscalls:sys_enter_futex,sched:sched_wakeup,context-switches,cpu-migrations,raw_syscalls:sys_enter
printf '%-8s %-22s %9s %9s %9s %11s %9s\n' runtime threads futex wakeups switches migrations syscalls
for runtime in $RUNTIMES; do
  start "$runtime"
  # Warm-up: the pool grows to the isolates this load needs (threads made later
  # would not be counted).
  hey -n 4992 -c 32 "http://127.0.0.1:$PORT/" >/dev/null
  perf stat --per-thread -x, -e "$EVENTS" -p "$SERVER" -o "$WORK/perf.csv" &
  perf=$!
  sleep 0.5
  hey -n "$REQUESTS" -c 32 "http://127.0.0.1:$PORT/" >"$WORK/hey.txt"
  kill -INT "$perf"; wait "$perf" || true
  # hey sends REQUESTS rounded down to a multiple of 32; count what was answered.
  ok=$(awk '/\[200\]/ { print $2 }' "$WORK/hey.txt")
  sent=$(( REQUESTS / 32 * 32 ))
  [ "${ok:-0}" = "$sent" ] || echo "  ($runtime answered ${ok:-0} of $sent with 200)" >&2
  # perf's CSV per thread: "comm-tid,count,,event,...". Group threads by name.
  python3 - "$runtime" "${ok:-1}" "$WORK/perf.csv" <<'PY'
import collections, re, sys
runtime, requests, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
order = ["syscalls:sys_enter_futex", "sched:sched_wakeup", "context-switches", "cpu-migrations", "raw_syscalls:sys_enter"]
counts = collections.defaultdict(collections.Counter)
for line in open(path):
    fields = line.strip().split(",")
    if len(fields) < 4 or not fields[1].replace(".", "").isdigit():
        continue
    kind = re.sub(r"-\d+$", "", fields[0])
    kind = re.sub(r"[-_ ]?\d+$", "", kind) or fields[0]
    counts[kind][fields[3]] += float(fields[1])
total = collections.Counter()
for kind in counts:
    total.update(counts[kind])
def row(name, c):
    values = [c[e] / requests for e in order]
    print(f"{runtime:<8} {name:<22} " + " ".join(f"{v:>9.2f}" if i != 3 else f"{v:>11.2f}" for i, v in enumerate(values)))
row("all", total)
for kind, c in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
    if sum(c.values()) / requests >= 0.05:
        row(kind, c)
PY
  if [ "$runtime" = worky ]; then
    perf record -q -e syscalls:sys_enter_futex -p "$SERVER" -o "$WORK/futex.data" 2>/dev/null &
    perf=$!
    sleep 0.5
    hey -n "$REQUESTS" -c 32 "http://127.0.0.1:$PORT/" >"$WORK/hey.txt"
    kill -INT "$perf"; wait "$perf" || true
    ok=$(awk '/\[200\]/ { print $2 }' "$WORK/hey.txt")
    perf script -i "$WORK/futex.data" -F comm,trace 2>/dev/null | awk -v requests="${ok:-1}" '
      { addr = ""; for (i = 1; i <= NF; i++) if ($i == "uaddr:") addr = $(i + 1)
        sub(/,$/, "", addr); thread = $1; sub(/[-_ ]?[0-9]+$/, "", thread)
        kind = addr ~ /000030$/ ? "malloc arena locks" : "parking and waking"
        n[thread " " kind]++; all[kind]++ }
      END { for (k in all) printf "worky    futex calls per request, %-20s %6.2f\n", k, all[k] / requests
            for (k in n) printf "worky      %-45s %6.2f\n", k, n[k] / requests }' | sort
  fi
  stop_server
done
echo "per request, $REQUESTS requests over 32 connections; command: bench/shared.sh"
