#!/usr/bin/env bash
# Scaling across cores (issue #15, point 4): hello-world requests/s of `worky serve`
# (and `worky dev`) with the server pinned to the last N cores of a machine with 16
# or more (CPU 0 takes the machine's interrupts and agents) and wrk on the cores
# left. For a lent many-core machine: it builds nothing, give it binaries.
#
# Two parts, both optional:
#
# - CORES: the curve. For each mode in MODES, requests/s and p99 at each core
#   count, the speed-up over one core and the efficiency (speed-up / cores).
# - CASES: comparisons at fixed core counts, ROUNDS times, interleaved (one lent
#   machine drifts: runs one after another moved the one-core figure 3x), each line
#   "LABEL CORES BINARY [max_isolates=N] [ENV=VALUE ...]" (ENV: e.g.
#   TOKIO_WORKER_THREADS, the front's threads). Each case prints its requests/s
#   and where the server's time went, by thread kind: cores busy, and voluntary
#   (a thread parked for want of work) and involuntary (preempted) context
#   switches per request, from /proc during the measured seconds.
#
#   WORKY=path/to/worky WRK=path/to/wrk bench/scaling.sh
#   CORES="1 2 4 8 12" DURATION=6s MODES="serve dev" bench/scaling.sh
# - CEILING=N: what N cores allow worky when nothing is shared, for the
#   efficiency to be judged against: N `worky serve` processes, one per core,
#   each loaded by its own wrk (one thread, 32 connections) on a core of its
#   own, against one `worky serve` on the same N cores loaded by the same N
#   wrks; ROUNDS times, interleaved. What one process loses against N separate
#   ones is what its threads share.
#
#   CORES= CASES=$'old 8 ./worky-old\nnew 8 ./worky-new' ROUNDS=3 bench/scaling.sh
#   CORES= CEILING=8 bench/scaling.sh
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$BENCH_DIR/lib.sh"
WORKY=${WORKY:-${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}/release/worky}
WRK=${WRK:-wrk}
CORES=${CORES-1 2 4 8 12}
DURATION=${DURATION:-6}
DURATION=${DURATION%s}
WARMUP=${WARMUP:-3}
MODES=${MODES:-serve dev}
CASES=${CASES:-}
CEILING=${CEILING:-}
ROUNDS=${ROUNDS:-2}
TOTAL=$(nproc)
PORT=18800
WORK=$(mktemp -d)
SERVER_PID=""
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap 'stop_server; rm -rf "$WORK"' EXIT
echo "machine: $TOTAL cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

# Every binary makes its startup snapshot once, before anything is measured.
for binary in "$WORKY" $(printf '%s\n' "$CASES" | awk 'NF { print $3 }' | sort -u); do
  warm_snapshot "$binary" $PORT
done
make_publisher "$WORKY"
pack_worker "$WORKY" hello "$(cat "$BENCH_DIR/workers/hello.js")"
cp "$BENCH_DIR/workers/hello.js" "$WORK/worker.js"

start() { # mode cores binary [pool-lines]
  local cpus="$((TOTAL - $2))-$((TOTAL - 1))"
  hello_serve_toml $PORT "${4:+[pool]
$4}"
  case $1 in
    serve) (cd "$WORK" && RUST_LOG=warn exec taskset -c "$cpus" "$3" serve --config serve.toml >"$WORK/server.log" 2>&1) & ;;
    dev) (cd "$WORK" && exec taskset -c "$cpus" "$3" dev worker.js --port $PORT >"$WORK/server.log" 2>&1) & ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0; sleep 0.1; done
  echo "$1 did not start" >&2; cat "$WORK/server.log" >&2; return 1
}

# Per thread: name, CPU ticks, voluntary and involuntary switches.
threads() { # pid
  local task
  for task in /proc/"$1"/task/*; do
    awk -v name="$(tr ' ' '_' < "$task/comm")" '
      FNR == NR { sub(/^.*\) /, ""); split($0, f, " "); ticks = f[12] + f[13]; next }
      /^voluntary_ctxt_switches/ { v = $2 } /^nonvoluntary_ctxt_switches/ { n = $2 }
      END { print name, ticks, v, n }' "$task/stat" "$task/status" 2>/dev/null || true
  done
}

measure() { # cores -> "rps p99_ms" on stdout; with a thread report on stderr when asked
  local n=$1 threads connections cpus out
  cpus="0-$((TOTAL - n - 1))"
  threads=$((TOTAL - n)); [ "$threads" -gt 8 ] && threads=8
  connections=$((32 * n)); [ "$connections" -lt 64 ] && connections=64
  # Warm-up: the pool grows to its isolates.
  taskset -c "$cpus" "$WRK" -t"$threads" -c"$connections" -d"${WARMUP}s" "http://127.0.0.1:$PORT/" >/dev/null
  out=$(mktemp -p "$WORK")
  taskset -c "$cpus" "$WRK" -t"$threads" -c"$connections" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/" >"$out" &
  local wrk=$!
  sleep 1
  threads "$SERVER_PID" >"$out.before"
  sleep $((DURATION - 2))
  threads "$SERVER_PID" >"$out.after"
  wait $wrk
  awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } p99 = v }
    END { printf "%s %s\n", rps, p99 }' "$out" | tee "$out.result"
  python3 - "$out.before" "$out.after" "$(cut -d' ' -f1 "$out.result")" "$((DURATION - 2))" "$(getconf CLK_TCK)" >&2 <<'PY'
import sys
from collections import defaultdict
def read(path):
    rows = {}
    for i, line in enumerate(open(path)):
        name, ticks, vol, invol = line.split()
        rows[(name, i)] = (name, int(ticks), int(vol), int(invol))
    return rows
before, after = read(sys.argv[1]), read(sys.argv[2])
rps, window, tck = float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
requests = rps * window
kinds = defaultdict(lambda: [0, 0.0, 0, 0])
# Threads are matched by name and order (the same threads, if none started or ended).
by_name_before = defaultdict(list)
for name, ticks, vol, invol in before.values():
    by_name_before[name].append((ticks, vol, invol))
by_name_after = defaultdict(list)
for name, ticks, vol, invol in after.values():
    by_name_after[name].append((ticks, vol, invol))
for name, rows in by_name_after.items():
    old = by_name_before.get(name, [])
    k = kinds[name]
    k[0] = len(rows)
    for i, (ticks, vol, invol) in enumerate(rows):
        t0, v0, n0 = old[i] if i < len(old) else (0, 0, 0)
        k[1] += (ticks - t0) / tck / window
        k[2] += vol - v0
        k[3] += invol - n0
parts = [f"{name} x{k[0]}: {k[1]:.2f} cores, {k[2] / requests:.3f} vol, {k[3] / requests:.3f} invol"
         for name, k in sorted(kinds.items(), key=lambda kv: -kv[1][1]) if k[1] > 0.01]
total = sum(k[1] for k in kinds.values())
print(f"    busy {total:.2f} cores | " + " | ".join(parts))
PY
}

if [ -n "$CORES" ]; then
  for mode in $MODES; do
    results=()
    for n in $CORES; do
      [ "$n" -lt "$TOTAL" ] || continue
      start "$mode" "$n" "$WORKY"
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
fi

if [ -n "$CASES" ]; then
  echo "== cases, worky serve, hello world ($ROUNDS rounds, interleaved)"
  for round in $(seq 1 "$ROUNDS"); do
    while read -r label n binary rest; do
      [ -n "$label" ] || continue
      pool="" envs=()
      for setting in $rest; do
        case $setting in
          max_isolates=*) pool="$setting" ;;
          *) envs+=("$setting") ;;
        esac
      done
      if [ ${#envs[@]} -gt 0 ]; then export "${envs[@]}"; fi
      start serve "$n" "$binary" "$pool"
      for setting in "${envs[@]}"; do unset "${setting%%=*}"; done
      printf 'round %s  %-14s %2s cores  %s\n' "$round" "$label" "$n" "$(measure "$n" 2>"$WORK/report" | awk '{ printf "%10.0f req/s  p99 %6.2f ms", $1, $2 }')"
      cat "$WORK/report"
      stop_server
    done <<<"$CASES"
  done
fi
# Requests/s summed over wrk instances, one per CPU in 0..N-1, each against its own
# port (PORT + i: shared-nothing) or all against PORT.
load() { # n separate(0/1)
  local i pids=() target
  for i in $(seq 0 $(($1 - 1))); do
    target=$PORT; [ "$2" = 1 ] && target=$((PORT + i))
    taskset -c "$i" "$WRK" -t1 -c32 -d"${WARMUP}s" "http://127.0.0.1:$target/" >/dev/null &
    pids+=($!)
  done
  wait "${pids[@]}"
  for i in $(seq 0 $(($1 - 1))); do
    target=$PORT; [ "$2" = 1 ] && target=$((PORT + i))
    taskset -c "$i" "$WRK" -t1 -c32 -d"${DURATION}s" "http://127.0.0.1:$target/" &
  done | awk '/Requests\/sec/ { s += $2 } END { printf "%.0f", s }'
  wait
}

serve_at() { # dir port cpus
  mkdir -p "$1"
  printf 'listen = "127.0.0.1:%s"\npackages_dir = "%s"\ntrusted_keys = ["%s"]\n[[deployments]]\nname = "hello"\nversion = "1.0.0"\nhosts = ["127.0.0.1"]\n' \
    "$2" "$WORK/packages" "$PUBLIC_KEY" >"$1/serve.toml"
  (cd "$1" && RUST_LOG=warn exec taskset -c "$3" "$WORKY" serve --config serve.toml >"$1/server.log" 2>&1) &
  echo $!
}

wait_port() { # port
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "port $1 did not open" >&2; return 1
}

if [ -n "$CEILING" ]; then
  n=$CEILING
  echo "== worky serve on $n cores: one process against $n one-core processes (wrk: $n x 1 thread, 32 connections)"
  for round in $(seq 1 "$ROUNDS"); do
    pids=()
    for i in $(seq 0 $((n - 1))); do
      pids+=("$(serve_at "$WORK/alone$i" $((PORT + i)) $((TOTAL - n + i)))")
    done
    for i in $(seq 0 $((n - 1))); do wait_port $((PORT + i)); done
    separate=$(load "$n" 1)
    kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null || true
    pid=$(serve_at "$WORK/together" $PORT "$((TOTAL - n))-$((TOTAL - 1))")
    wait_port $PORT
    together=$(load "$n" 0)
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    python3 -c "import sys; s, t = map(float, sys.argv[1:]); print(f'round $round  {$n} processes {s:>10,.0f} req/s ({s / $n:,.0f} a core)   one process {t:>10,.0f} req/s   {100 * t / s:.0f}% of shared-nothing')" "$separate" "$together"
  done
fi

echo "command: WORKY=... WRK=... CORES=\"$CORES\" DURATION=$DURATION CEILING=$CEILING bench/scaling.sh (CASES as printed)"
