#!/usr/bin/env bash
# Service bindings: a worker's call to another (its `fetch`, and a JS RPC
# method of an entrypoint), worky serve side by side with workerd (two workers,
# a service binding between them) in one run, requests/s and p99 with hey:
#
#   worky-0   worky serve, both deployments in one process
#   worky-2   `[host] worker_processes = 2`: the callee in the other worker
#             process (the call goes through the front's calls socket,
#             host/serve/calls.rs)
#   workerd   the same two workers
#
# `/stream` passes on the callee's streamed answer (256 KiB in 16 chunks). `/`
# is the caller answering by itself: the cost of each setup without a call.
#
#   bench/services.sh        # DURATION=10 (seconds) CONNECTIONS=20
#   NO_BUILD=1 bench/services.sh
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-20}
PORT=${PORT:-18798}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"
need_apt hey hey
need_apt curl curl

need_peers workerd
WORKERD=$(peer workerd)
[ -n "${WORKY:-}" ] || build_worky
use_work_dir
warm_snapshot "$WORKY" "$PORT"

make_publisher "$WORKY"
pack_worker "$WORKY" caller "$(cat workers/services_caller.js)" 'compatibility_date = "2025-05-01"
[[services]]
binding = "SVC"
service = "callee"
[[services]]
binding = "BOOKS"
service = "callee"
entrypoint = "Books"'
pack_worker "$WORKY" callee "$(cat workers/services_callee.js)" 'compatibility_date = "2025-05-01"'

serve_toml() { # worker-processes
  cat > "$WORK/serve.toml" <<TOML
listen = "127.0.0.1:$PORT"
packages_dir = "packages"
trusted_keys = ["$PUBLIC_KEY"]
[host]
worker_processes = $1
[[deployments]]
name = "caller"
version = "1.0.0"
hosts = ["127.0.0.1"]
[[deployments]]
name = "callee"
version = "1.0.0"
hosts = ["callee.test"]
TOML
}

wait_ready() {
  wait_ready_url "http://127.0.0.1:$PORT/rpc"
}

# "name path rps p99_ms" for each path.
measure() { # name
  for path in /fetch /rpc /stream /; do
    echo "$1 $path $(hey_rate "http://127.0.0.1:$PORT$path")"
  done
}

for processes in 0 2; do
  serve_toml $processes
  measure_server "worky-$processes" "$WORKY" serve --config serve.toml >> "$WORK/results"
done
sed -e "s/@PORT@/$PORT/" workers/services.capnp.in > "$WORK/config.capnp"
cp workers/services_caller.js workers/services_callee.js "$WORK/"
measure_server workerd "$WORKERD" serve config.capnp >> "$WORK/results"

echo "== requests/s and p99 ms, hey -c $CONNECTIONS for ${DURATION}s ($(nproc) cores, workerd $("$WORKERD" --version | cut -d' ' -f2))"
python3 - "$WORK/results" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    who, path, rps, p99 = line.split()
    rows.setdefault(path, {})[who] = (float(rps), float(p99))
print(f"  {'path':<8}{'worky-0':>16}{'worky-2':>16}{'workerd':>16}{'worky-0/workerd':>17}{'worky-2/worky-0':>17}")
for path, by in rows.items():
    cells = "".join(f"{by[who][0]:>9.0f} ({by[who][1]:.1f})" for who in ("worky-0", "worky-2", "workerd"))
    print(f"  {path:<8}{cells}{by['worky-0'][0] / by['workerd'][0]:>16.2f}x{by['worky-2'][0] / by['worky-0'][0]:>16.2f}x")
PY
