#!/usr/bin/env bash
# Workflows, side by side in one run: `worky dev` (release) and miniflare
# (wrangler dev's runtime: workerd with miniflare's Workflows engine; workerd
# alone has none) running one project whose workflow has three steps; the last
# one writes the instance's create-to-end time to KV.
#   throughput  INSTANCES instances created in createBatch requests of 100,
#               one after another, until every one has ended: instances/s;
#   latency     30 instances, one at a time: from create (event.timestamp) to
#               the last step, p50/p99 ms;
#   sleep       30 instances, one at a time, that sleep 200 ms between two
#               steps: create to end, p50/p99 ms (a replay for worky).
# worky records every step in SQLite (synced), miniflare in Durable Objects'
# storage.
#
#   bench/workflows.sh                 # INSTANCES=1000
#   NO_BUILD=1 INSTANCES=200 bench/workflows.sh
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
INSTANCES=${INSTANCES:-1000}
PORT=${PORT:-18967}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"

need_peers miniflare
build_worky
use_work_dir
URL="http://127.0.0.1:$PORT"

mkdir -p "$WORK/app/src"
cat > "$WORK/app/src/index.js" <<'JS'
import { WorkflowEntrypoint } from "cloudflare:workers";

export class Order extends WorkflowEntrypoint {
  async run(event, step) {
    const { kind, sleep } = event.payload;
    const a = await step.do("first", async () => 1);
    if (sleep) await step.sleep("nap", sleep);
    const b = await step.do("second", async () => a + 1);
    await step.do("last", async () => {
      await this.env.DONE.put(`${kind}:${event.instanceId}`, String(Date.now() - event.timestamp.getTime()));
      return b + 1;
    });
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/create") {
      const n = Number(url.searchParams.get("n"));
      const params = { kind: url.searchParams.get("kind"), sleep: Number(url.searchParams.get("sleep") ?? 0) };
      await env.ORDERS.createBatch(Array.from({ length: n }, () => ({ params })));
      return new Response("created");
    }
    // What ended, by kind, and the latencies of the kind asked for.
    const kind = url.searchParams.get("kind");
    let count = 0;
    const latencies = [];
    let cursor;
    do {
      const page = await env.DONE.list({ prefix: `${kind}:`, cursor });
      count += page.keys.length;
      if (url.searchParams.has("latencies")) {
        for (const key of page.keys) latencies.push(Number(await env.DONE.get(key.name)));
      }
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    return Response.json({ count, latencies });
  },
};
JS
cat > "$WORK/app/wrangler.toml" <<'TOML'
name = "workflows-bench"
main = "src/index.js"
compatibility_date = "2025-11-01"
[[kv_namespaces]]
binding = "DONE"
[[workflows]]
binding = "ORDERS"
name = "orders"
class_name = "Order"
TOML

wait_ready() {
  wait_ready_url "$URL/count?kind=none"
}

ended() { # kind
  curl -s "$URL/count?kind=$1" | python3 -c "import json, sys; print(json.load(sys.stdin)['count'])"
}

one_at_a_time() { # kind sleep-ms: 30 instances, each waited for; prints p50 p99
  for i in $(seq 1 30); do
    curl -sf -o /dev/null "$URL/create?n=1&kind=$1&sleep=$2"
    until [ "$(ended "$1")" -ge "$i" ]; do sleep 0.005; done
  done
  curl -s "$URL/count?kind=$1&latencies" | python3 -c "
import json, sys
lat = sorted(json.load(sys.stdin)['latencies'])
print(lat[len(lat) // 2], lat[min(len(lat) - 1, int(len(lat) * 0.99))], end=' ')"
}

run_all() { # who
  wait_ready
  local start end
  start=$(date +%s.%N)
  for _ in $(seq 1 $((INSTANCES / 100))); do curl -sf -o /dev/null "$URL/create?n=100&kind=bulk"; done
  until [ "$(ended bulk)" -ge "$INSTANCES" ]; do sleep 0.05; done
  end=$(date +%s.%N)
  {
    echo -n "$1 $(python3 -c "print(round($INSTANCES / ($end - $start)))") "
    one_at_a_time single 0
    one_at_a_time sleeper 200
    echo
  } >> "$WORK/results"
}

warm_snapshot "$WORKY" "$PORT"
: > "$WORK/results"
(cd "$WORK/app" && exec "$WORKY" dev --port "$PORT" --log-level none >/dev/null 2>&1) &
SERVER=$!
run_all worky
stop_server
# The bindings of the project's wrangler.toml, as wrangler dev gives them to miniflare.
options='{"compatibilityDate": "2025-11-01", "cf": false, "kvNamespaces": ["DONE"], "workflows": {"ORDERS": {"name": "orders", "className": "Order"}}}'
node workers/miniflare-serve.mjs "$WORK/app/src/index.js" "$PORT" "$options" >/dev/null 2>&1 &
SERVER=$!
run_all miniflare
stop_server

echo "== Workflows: $INSTANCES three-step instances in createBatch requests of 100, then 30 one at a time, then 30 that sleep 200 ms ($(nproc) cores, miniflare $(node -p 'require("./.peers/node_modules/miniflare/package.json").version'))"
python3 - "$WORK/results" <<'PY'
import sys
rows = {r[0]: [float(x) for x in r[1:]] for r in (l.split() for l in open(sys.argv[1]))}
w, m = rows["worky"], rows["miniflare"]
print(f"  {'':<12}{'instances/s':>12}{'create->end p50 ms':>21}{'p99':>6}{'with a 200 ms sleep p50':>26}{'p99':>6}")
for name, r in (("worky", w), ("miniflare", m)):
    print(f"  {name:<12}{r[0]:>12.0f}{r[1]:>21.0f}{r[2]:>6.0f}{r[3]:>26.0f}{r[4]:>6.0f}")
print(f"  throughput ratio worky/miniflare: {w[0] / m[0]:.1f}x")
PY
echo "command: INSTANCES=$INSTANCES bench/workflows.sh"
