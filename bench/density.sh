#!/usr/bin/env bash
# What a deployment costs in memory, in the layouts crash containment can take:
# every deployment in one `worky serve` process, a front with two worker
# processes ([host] worker_processes = 2), and one process per deployment (the
# strongest wall). Each deployment is hello world, asked
# once so its isolates exist. Memory is PSS (proportional set size: pages shared
# between processes, like the binary's code, are split among them), so the
# process-per-deployment figure is not inflated by counting shared pages twice.
#
#   bench/density.sh                 # DEPLOYMENTS=20 by default
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
DEPLOYMENTS=${DEPLOYMENTS:-20}
UNLOAD_S=${UNLOAD_S:-5}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"
need_apt curl curl

echo "building worky (release)"
(cd .. && cargo build --release --locked --quiet)
WORKY=$CARGO_TARGET_DIR/release/worky
PORT=18800

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
warm_snapshot "$WORKY" $PORT

make_publisher "$WORKY"
for i in $(seq 1 "$DEPLOYMENTS"); do
  pack_worker "$WORKY" "app$i" "$(cat workers/hello.js)"
done

config() { # file port first last
  {
    printf 'listen = "127.0.0.1:%s"\npackages_dir = "packages"\ntrusted_keys = ["%s"]\n' "$2" "$PUBLIC_KEY"
    for i in $(seq "$3" "$4"); do
      printf '[[deployments]]\nname = "app%s"\nversion = "1.0.0"\nhosts = ["app%s.test"]\n' "$i" "$i"
    done
  } > "$WORK/$1"
}
serve() { # config port
  (cd "$WORK" && exec "$WORKY" serve --config "$1" >/dev/null 2>&1) &
  PIDS+=($!)
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$2/" && return 0; sleep 0.1; done
  echo "serve on $2 did not start" >&2; return 1
}
pss_mb() { # pids...
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup")))
  done
  echo $((total / 1024))
}
ask_all() { # port-of-deployment-function
  for i in $(seq 1 "$DEPLOYMENTS"); do
    curl -sf -o /dev/null -H "Host: app$i.test" "http://127.0.0.1:$($1 "$i")/"
  done
  sleep 2
}

echo "worky $("$WORKY" --version | awk '{print $2}'); $DEPLOYMENTS hello-world deployments, each asked once"
# A process with nothing deployed: what any layout pays per process.
config empty.toml $PORT 1 0
serve empty.toml $PORT
sleep 1
base=$(pss_mb "${PIDS[0]}")
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true; PIDS=()

# One process for all; then, idle for [pool] idle_unload_s, unloaded, and woken
# again one request each (the wake-up's latency against an awake deployment's).
config all.toml $PORT 1 "$DEPLOYMENTS"
printf '[pool]\nidle_unload_s = %s\n' "$UNLOAD_S" >> "$WORK/all.toml"
serve all.toml $PORT
one_port() { echo $PORT; }
ask_all one_port
shared=$(pss_mb "${PIDS[0]}")
sleep $((UNLOAD_S + 2))
unloaded=$(pss_mb "${PIDS[0]}")
latencies() { # label: each deployment once, curl's total time in ms
  for i in $(seq 1 "$DEPLOYMENTS"); do
    curl -sf -o /dev/null -w '%{time_total}\n' -H "Host: app$i.test" "http://127.0.0.1:$PORT/"
  done | awk '{ printf "%.3f\n", $1 * 1000 }' | sort -n > "$WORK/$1.ms"
}
latencies wake
latencies warm
percentile() { # file p
  awk -v p="$2" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print v[i] }' "$1"
}
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true; PIDS=()

# The front and two worker processes ([host] worker_processes = 2).
config split.toml $PORT 1 "$DEPLOYMENTS"
printf '[host]\nworker_processes = 2\n' >> "$WORK/split.toml"
serve split.toml $PORT
ask_all one_port
front_pid=${PIDS[0]}
split=$(pss_mb "$front_pid" $(cat /proc/"$front_pid"/task/*/children))
kill "$front_pid"; wait "$front_pid" 2>/dev/null || true; PIDS=()
sleep 1

# One process each.
for i in $(seq 1 "$DEPLOYMENTS"); do
  config "one$i.toml" $((PORT + i)) "$i" "$i"
  serve "one$i.toml" $((PORT + i))
done
own_port() { echo $((PORT + $1)); }
ask_all own_port
separate=$(pss_mb "${PIDS[@]}")

printf '%-34s %10s %18s\n' "layout" "total MB" "MB per deployment"
printf '%-34s %10s %18s\n' "one process, nothing deployed" "$base" "-"
printf '%-34s %10s %18s\n' "one process for all" "$shared" "$(awk -v t="$shared" -v b="$base" -v n="$DEPLOYMENTS" 'BEGIN { printf "%.1f", (t - b) / n }')"
printf '%-34s %10s %18s\n' "  the same, all unloaded (idle)" "$unloaded" "$(awk -v t="$unloaded" -v b="$base" -v n="$DEPLOYMENTS" 'BEGIN { printf "%.2f", (t - b) / n }')"
printf '%-34s %10s %18s\n' "front + 2 worker processes" "$split" "$(awk -v t="$split" -v b="$base" -v n="$DEPLOYMENTS" 'BEGIN { printf "%.1f", (t - b) / n }')"
printf '%-34s %10s %18s\n' "one process per deployment" "$separate" "$(awk -v t="$separate" -v n="$DEPLOYMENTS" 'BEGIN { printf "%.1f", t / n }')"
echo "first request of an unloaded deployment: p50 $(percentile "$WORK/wake.ms" 50) ms, p99 $(percentile "$WORK/wake.ms" 99) ms (curl, connection included)"
echo "the same deployments awake:               p50 $(percentile "$WORK/warm.ms" 50) ms, p99 $(percentile "$WORK/warm.ms" 99) ms"
