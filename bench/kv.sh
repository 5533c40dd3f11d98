#!/usr/bin/env bash
# KV get/put operations per second from inside a worker (worky, SQLite store)
# next to Deno KV (`Deno.openKv`, also SQLite) on the same machine. Both stores
# are durable on return (worky: WAL + synchronous=FULL with group commit).
#   bench/kv.sh [N]      N operations of each kind (default 2000)
set -euo pipefail
cd "$(dirname "$0")"
N=${1:-2000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
if [ ! -x .peers/node_modules/.bin/deno ]; then
  mkdir -p .peers && (cd .peers && npm install --no-audit --no-fund --loglevel=error deno >/dev/null)
fi
(cd .. && cargo build --release --locked --quiet)
WORKY=$CARGO_TARGET_DIR/release/worky
tmp=$(mktemp -d)
cp kv/worky-worker.js "$tmp/worker.js"
printf 'name = "kvbench"\nmain = "worker.js"\n[[kv_namespaces]]\nbinding = "KV"\n' > "$tmp/worky.toml"
(cd "$tmp" && exec "$WORKY" dev --port 18799 >/dev/null 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:18799/?n=1" && break; sleep 0.1; done
worky=$(curl -s "http://127.0.0.1:18799/?n=$N")
deno=$(.peers/node_modules/.bin/deno run --quiet --unstable-kv --allow-read --allow-write kv/deno-kv.js "$tmp/deno.sqlite3" "$N")
python3 - "$worky" "$deno" <<'PY'
import json, sys
w, d = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"{'operation':<24}{'worky ops/s':>14}{'deno kv ops/s':>16}{'ratio':>9}")
for key, label in [("put", "put (sequential)"), ("get", "get (sequential)"), ("parallelPut", "put (concurrent)")]:
    print(f"{label:<24}{w[key]:>14.0f}{d[key]:>16.0f}{w[key] / d[key]:>8.2f}x")
PY
