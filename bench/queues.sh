#!/usr/bin/env bash
# Queues, side by side in one run: `worky dev` (release) and miniflare (wrangler
# dev's runtime: workerd with miniflare's queue broker; workerd alone has none)
# running one project that sends to a queue it consumes (batches of up to 100,
# max_batch_timeout 0: a batch goes as soon as a message waits).
#   throughput  MESSAGES messages sent in requests of 100 (sendBatch), one after
#               another, until the consumer has seen them all: messages/s;
#   latency     30 single messages, one at a time: from send (the message's
#               timestamp) to the consumer's handler, p50/p99 ms.
# worky keeps every message in SQLite (synced before `send` returns), miniflare
# in memory.
#
#   bench/queues.sh                 # MESSAGES=10000
#   NO_BUILD=1 MESSAGES=2000 bench/queues.sh
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
MESSAGES=${MESSAGES:-10000}
PORT=${PORT:-18966}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"

need_peers miniflare
build_worky
use_work_dir
URL="http://127.0.0.1:$PORT"

mkdir -p "$WORK/app/src"
cat > "$WORK/app/src/index.js" <<'JS'
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/send") {
      const n = Number(url.searchParams.get("n"));
      await env.JOBS.sendBatch(Array.from({ length: n }, (_, i) => ({ body: { i, kind: url.searchParams.get("kind") } })));
      return new Response("sent");
    }
    // What the consumer saw: messages of each kind, and the latencies.
    const counts = { bulk: 0, single: 0 };
    const latencies = [];
    let cursor;
    do {
      const page = await env.DONE.list({ cursor });
      for (const key of page.keys) {
        const [kind, value] = (await env.DONE.get(key.name)).split(" ");
        if (kind === "single") latencies.push(Number(value));
        counts[kind] += kind === "single" ? 1 : Number(value);
      }
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    return Response.json({ ...counts, latencies });
  },
  async queue(batch, env) {
    const now = Date.now();
    const kind = batch.messages[0].body.kind;
    const value = kind === "single" ? now - batch.messages[0].timestamp.getTime() : batch.messages.length;
    await env.DONE.put(crypto.randomUUID(), `${kind} ${value}`);
  },
};
JS
cat > "$WORK/app/wrangler.toml" <<'TOML'
name = "queues-bench"
main = "src/index.js"
compatibility_date = "2025-11-01"
[[kv_namespaces]]
binding = "DONE"
[[queues.producers]]
binding = "JOBS"
queue = "bench-jobs"
[[queues.consumers]]
queue = "bench-jobs"
max_batch_size = 100
max_batch_timeout = 0
TOML

wait_ready() {
  wait_ready_url "$URL/count"
}

seen() { # kind
  curl -s "$URL/count" | python3 -c "import json, sys; print(json.load(sys.stdin)['$1'])"
}

run_all() { # who
  wait_ready
  local start end
  start=$(date +%s.%N)
  for _ in $(seq 1 $((MESSAGES / 100))); do curl -sf -o /dev/null "$URL/send?n=100&kind=bulk"; done
  until [ "$(seen bulk)" -ge "$MESSAGES" ]; do sleep 0.02; done
  end=$(date +%s.%N)
  for i in $(seq 1 30); do
    curl -sf -o /dev/null "$URL/send?n=1&kind=single"
    until [ "$(seen single)" -ge "$i" ]; do sleep 0.01; done
  done
  curl -s "$URL/count" | python3 -c "
import json, sys
lat = sorted(json.load(sys.stdin)['latencies'])
print('$1', round($MESSAGES / ($end - $start)), lat[len(lat) // 2], lat[min(len(lat) - 1, int(len(lat) * 0.99))])" >> "$WORK/results"
}

warm_snapshot "$WORKY" "$PORT"
: > "$WORK/results"
(cd "$WORK/app" && exec "$WORKY" dev --port "$PORT" --log-level none >/dev/null 2>&1) &
SERVER=$!
run_all worky
stop_server
# The bindings of the project's wrangler.toml, as wrangler dev gives them to miniflare.
options='{"compatibilityDate": "2025-11-01", "cf": false, "kvNamespaces": ["DONE"], "queueProducers": {"JOBS": "bench-jobs"}, "queueConsumers": {"bench-jobs": {"maxBatchSize": 100, "maxBatchTimeout": 0}}}'
node workers/miniflare-serve.mjs "$WORK/app/src/index.js" "$PORT" "$options" >/dev/null 2>&1 &
SERVER=$!
run_all miniflare
stop_server

echo "== Queues: $MESSAGES messages in sendBatch requests of 100, then 30 single ones ($(nproc) cores, miniflare $(node -p 'require("./.peers/node_modules/miniflare/package.json").version'))"
python3 - "$WORK/results" <<'PY'
import sys
rows = {r[0]: (float(r[1]), float(r[2]), float(r[3])) for r in (l.split() for l in open(sys.argv[1]))}
w, m = rows["worky"], rows["miniflare"]
print(f"  {'':<12}{'messages/s':>12}{'send->handler p50 ms':>23}{'p99 ms':>9}")
print(f"  {'worky':<12}{w[0]:>12.0f}{w[1]:>23.0f}{w[2]:>9.0f}")
print(f"  {'miniflare':<12}{m[0]:>12.0f}{m[1]:>23.0f}{m[2]:>9.0f}")
print(f"  throughput ratio worky/miniflare: {w[0] / m[0]:.1f}x")
PY
echo "command: MESSAGES=$MESSAGES bench/queues.sh"
