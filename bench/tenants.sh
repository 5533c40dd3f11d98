#!/usr/bin/env bash
# Noisy neighbours on one `worky serve`: requests/s and p99 of a hello-world
# tenant ("bystander") while another tenant ("attacker") on the same host runs
# each attack of issue 10, against the bystander alone:
#
#   cpu spin     requests that loop until the CPU limit stops them (cpu_ms = 50)
#   memory bomb  requests that allocate until the heap limit stops them (64 MB)
#   slowloris    500 connections that send a header line a second, never the end
#   log flood    requests that console.log 10 MB each
#
# wrk loads the bystander (1 thread, $CONNECTIONS connections, $DURATION) while
# the attack runs beside it. Both share the machine's cores with the server, as a
# real neighbour would. Prints each run and its ratio to the bystander alone.
#
#   bench/tenants.sh                     # DURATION=10s CONNECTIONS=50 by default
#   WORKER_PROCESSES=2 bench/tenants.sh  # the tenants in worker processes behind the front
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
WORKER_PROCESSES=${WORKER_PROCESSES:-0}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"

source "$BENCH_DIR/lib.sh"
need_apt wrk wrk
need_apt curl curl
need_apt python3 python3

echo "building worky (release)"
(cd .. && cargo build --release --locked --quiet)
WORKY=$CARGO_TARGET_DIR/release/worky
PORT=18790

WORK=$(mktemp -d)
SERVER_PID=""
ATTACK_PIDS=()
cleanup() {
  for pid in "${ATTACK_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

warm_snapshot "$WORKY" $PORT

# Two packages, signed with a throwaway key.
make_publisher "$WORKY"
pack_worker "$WORKY" bystander "$(cat workers/hello.js)"
pack_worker "$WORKY" attacker '
export default {
  fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/spin") { for (;;) {} }
    if (path === "/bomb") { const hoard = []; for (;;) hoard.push(new Array(1 << 16).fill(hoard.length)); }
    if (path === "/flood") { const line = "x".repeat(1024); for (let i = 0; i < 10240; i++) console.log(line); }
    return new Response("ok");
  },
};'

cat > "$WORK/serve.toml" <<EOF
listen = "127.0.0.1:$PORT"
packages_dir = "packages"
trusted_keys = ["$PUBLIC_KEY"]
[host]
worker_processes = $WORKER_PROCESSES
[[deployments]]
name = "bystander"
version = "1.0.0"
hosts = ["bystander.test"]
[[deployments]]
name = "attacker"
version = "1.0.0"
hosts = ["attacker.test"]
[deployments.limits]
cpu_ms = 50
memory_mb = 64
EOF
(cd "$WORK" && exec "$WORKY" serve --config serve.toml >"$WORK/serve.log" 2>&1) &
SERVER_PID=$!
for _ in $(seq 1 300); do
  curl -sf -o /dev/null -H 'Host: bystander.test' "http://127.0.0.1:$PORT/" && break
  sleep 0.1
done

# prints "rps p99_ms"
bystander_load() {
  local url="http://127.0.0.1:$PORT/" host=(-H 'Host: bystander.test')
  wrk -t1 -c"$CONNECTIONS" -d2s "${host[@]}" "$url" >/dev/null  # warm-up
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "${host[@]}" "$url" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } p99 = v }
    END { printf "%s %s\n", rps, p99 }'
}

attack() { # name
  local url="http://127.0.0.1:$PORT"
  case $1 in
    cpu) wrk -t1 -c4 -d1h -H 'Host: attacker.test' "$url/spin" >/dev/null 2>&1 & ATTACK_PIDS+=($!) ;;
    memory) wrk -t1 -c4 -d1h -H 'Host: attacker.test' "$url/bomb" >/dev/null 2>&1 & ATTACK_PIDS+=($!) ;;
    flood) wrk -t1 -c4 -d1h -H 'Host: attacker.test' "$url/flood" >/dev/null 2>&1 & ATTACK_PIDS+=($!) ;;
    slowloris)
      python3 - "$PORT" <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
def open_one():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: attacker.test\r\n")
    return s
conns = [open_one() for _ in range(500)]
while True:
    for i, s in enumerate(conns):
        try:
            s.sendall(b"X-Slow: 1\r\n")
        except OSError:
            s.close()
            conns[i] = open_one()
    time.sleep(1)
PY
      ATTACK_PIDS+=($!) ;;
  esac
  sleep 1
}

stop_attack() {
  for pid in "${ATTACK_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  ATTACK_PIDS=()
  sleep 1
}

echo "worky $("$WORKY" --version | awk '{print $2}'), $(nproc) cores, worker_processes = $WORKER_PROCESSES; wrk: 1 thread, $CONNECTIONS connections, $DURATION"
read -r ALONE_RPS ALONE_P99 < <(bystander_load)
printf '%-12s %12s %10s %10s %10s\n' "attack" "requests/s" "p99 ms" "rps ratio" "p99 ratio"
printf '%-12s %12s %10s %10s %10s\n' "(alone)" "$ALONE_RPS" "$ALONE_P99" "1.00" "1.00"
for name in cpu memory slowloris flood; do
  attack "$name"
  read -r RPS P99 < <(bystander_load)
  stop_attack
  printf '%-12s %12s %10s %10s %10s\n' "$name" "$RPS" "$P99" \
    "$(awk -v a="$RPS" -v b="$ALONE_RPS" 'BEGIN { printf "%.2f", a / b }')" \
    "$(awk -v a="$P99" -v b="$ALONE_P99" 'BEGIN { printf "%.2f", a / b }')"
done
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "worky serve died during the attacks:" >&2
  tail -20 "$WORK/serve.log" >&2
  exit 1
fi
echo "serve survived every attack; its log has $(grep -c 'isolate discarded' "$WORK/serve.log") discarded isolates and $(grep -c 'console lines dropped' "$WORK/serve.log") console-drop reports"
