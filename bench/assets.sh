#!/usr/bin/env bash
# Workers Static Assets, side by side in one run: `worky dev` (release) and
# miniflare (wrangler dev's runtime: workerd with Cloudflare's asset and router
# workers; workerd alone has no asset server) serving one project: a 2 KB
# index.html, a 100 KB app.js, and a worker for the paths without a file.
# For each: requests/s (wrk, CONNECTIONS connections, DURATION s) and p50/p99
# latency (one connection) of
#   /          the 2 KB page (an asset, answered before the worker),
#   /app.js    100 KB,
#   304        / again with If-None-Match: its ETag (a browser's revalidation),
#   /api       no file: the worker answers (the router asked the assets first).
#
#   bench/assets.sh                 # DURATION=5 CONNECTIONS=2 (seconds per measure)
#   NO_BUILD=1 bench/assets.sh
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
SECONDS_EACH=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-2}
PORT=${PORT:-18965}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"
need_apt wrk wrk

need_peers miniflare
build_worky
use_work_dir
URL="http://127.0.0.1:$PORT"

# The project: wrangler.toml, the worker, the assets.
mkdir -p "$WORK/site/public" "$WORK/site/src"
python3 - "$WORK/site/public" <<'PY'
import sys
page = "<!doctype html><title>bench</title>" + "<p>" + "static assets " * 140 + "</p>"
open(f"{sys.argv[1]}/index.html", "w").write(page[:2048])
open(f"{sys.argv[1]}/app.js", "w").write(("console.log('asset');\n" * 5000)[:100 * 1024])
PY
cat > "$WORK/site/src/index.js" <<'JS'
export default { fetch() { return new Response("from the worker"); } };
JS
cat > "$WORK/site/wrangler.toml" <<'TOML'
name = "assets-bench"
main = "src/index.js"
compatibility_date = "2025-11-01"
[assets]
directory = "./public"
binding = "ASSETS"
TOML

wait_ready() {
  wait_ready_url "$URL/"
}

# requests/s and p50/p99 (ms, one connection) of a path, with extra wrk arguments.
measure() { # who label path [wrk args...]
  local who=$1 label=$2 path=$3; shift 3
  local rps lat
  rps=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" "$@" "$URL$path" | awk '/Requests\/sec/ {print $2}')
  lat=$(wrk -t1 -c1 -d"${SECONDS_EACH}s" --latency "$@" "$URL$path" | python3 -c '
import re, sys
unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
p = {m[0]: float(m[1]) * unit[m[2]] for m in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)$", sys.stdin.read(), re.M)}
print(round(p["50"], 3), round(p["99"], 3))')
  echo "$who $label $rps $lat" >> "$WORK/results"
}

run_all() { # who
  wait_ready
  local etag
  etag=$(curl -sI "$URL/" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
  [ -n "$etag" ] || { echo "$1: no ETag on /"; exit 1; }
  [ "$(curl -s "$URL/api")" = "from the worker" ] || { echo "$1: /api did not reach the worker"; exit 1; }
  measure "$1" page /
  measure "$1" app.js /app.js
  measure "$1" 304 / -H "If-None-Match: $etag"
  measure "$1" worker /api
}

warm_snapshot "$WORKY" "$PORT"
: > "$WORK/results"
(cd "$WORK/site" && exec "$WORKY" dev --port "$PORT" --log-level none >/dev/null 2>&1) &
SERVER=$!
run_all worky
stop_server
# The assets as wrangler dev gives them to miniflare.
options=$(printf '{"compatibilityDate": "2025-11-01", "cf": false, "assets": {"directory": "%s", "binding": "ASSETS", "routerConfig": {"has_user_worker": true}}}' "$WORK/site/public")
node workers/miniflare-serve.mjs "$WORK/site/src/index.js" "$PORT" "$options" >/dev/null 2>&1 &
SERVER=$!
run_all miniflare
stop_server

echo "== Static assets: wrk ${SECONDS_EACH} s, $CONNECTIONS connections for req/s, one for latency ($(nproc) cores, miniflare $(node -p 'require("./.peers/node_modules/miniflare/package.json").version'))"
python3 - "$WORK/results" <<'PY'
import sys
rows = {(r[0], r[1]): (float(r[2]), float(r[3]), float(r[4])) for r in (l.split() for l in open(sys.argv[1]))}
print(f"  {'':<22}{'worky req/s':>12}{'miniflare req/s':>17}{'ratio':>8}{'worky p50/p99 ms':>19}{'miniflare p50/p99 ms':>23}")
for label, key in (("2 KB page", "page"), ("100 KB app.js", "app.js"), ("304 revalidation", "304"), ("no file: the worker", "worker")):
    w, m = rows[("worky", key)], rows[("miniflare", key)]
    print(f"  {label:<22}{w[0]:>12.0f}{m[0]:>17.0f}{w[0] / m[0]:>7.1f}x{w[1]:>11.3f}/{w[2]:<7.3f}{m[1]:>13.3f}/{m[2]:<9.3f}")
PY
echo "command: DURATION=$SECONDS_EACH CONNECTIONS=$CONNECTIONS bench/assets.sh"
