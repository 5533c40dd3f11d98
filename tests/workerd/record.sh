#!/usr/bin/env bash
# Records what workerd (Cloudflare's runtime, npm package `workerd`) answers for
# each probe worker in this folder: tests/workerd/<probe>.expected.json, which
# tests/workerd.rs compares worky's answers with. The tests do not need workerd;
# run this again after changing a probe, or to check a newer workerd. A probe may
# bring its own workerd config (<probe>.capnp.in, with @PORT@, @WORKER@ and @DATA@,
# a fresh directory for its storage), worky config (<probe>.worky.toml) and files
# it imports (<probe>.files/, copied next to the worker); a config line
# `# workerd flags: ...` adds to workerd's command line. A probe
# with a <probe>.miniflare file (one line: why workerd alone won't do) is run under
# miniflare instead, the runtime of `wrangler dev`, by miniflare-record.mjs:
#
#   tests/workerd/record.sh            # every probe
#   tests/workerd/record.sh html_rewriter cache_api   # just these
#
# WORKERD_PORT picks the port (default 18989), so two recordings can run at once.
set -euo pipefail
DIR="$(cd "$(dirname "$0")" && pwd)"
PEERS="$DIR/../../bench/.peers"
WORKERD="$PEERS/node_modules/.bin/workerd"
if [ ! -x "$WORKERD" ]; then
  echo "installing workerd (npm) into bench/.peers"
  mkdir -p "$PEERS" && (cd "$PEERS" && npm install --no-audit --no-fund --loglevel=error workerd >/dev/null)
fi
PORT=${WORKERD_PORT:-18989}
# A worker's local time is UTC on Cloudflare; local workerd follows TZ.
export TZ=UTC
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
probes=("$DIR"/*.js)
[ $# -gt 0 ] && probes=("${@/#/$DIR/}") && probes=("${probes[@]/%/.js}")
for probe in "${probes[@]}"; do
  name=$(basename "$probe" .js)
  if [ -f "$DIR/$name.miniflare" ]; then
    node "$DIR/miniflare-record.mjs" "$probe" > "$tmp/expected.json" || { echo "$name: miniflare did not answer"; exit 1; }
    mv "$tmp/expected.json" "$DIR/$name.expected.json"
    mf=$(node -p 'require(process.argv[1]).version' "$PEERS/node_modules/miniflare/package.json")
    echo "recorded $name.expected.json (miniflare $mf, $("$PEERS/node_modules/miniflare/node_modules/.bin/workerd" --version 2>/dev/null || "$WORKERD" --version))"
    continue
  fi
  cp "$probe" "$tmp/worker.js"
  [ -d "$DIR/$name.files" ] && cp "$DIR/$name.files/"* "$tmp/"
  template="$DIR/../../bench/workers/workerd.capnp.in"
  [ -f "$DIR/$name.capnp.in" ] && template="$DIR/$name.capnp.in"
  rm -rf "$tmp/data" && mkdir "$tmp/data"
  sed -e "s/@PORT@/$PORT/" -e "s/@WORKER@/worker.js/" -e "s|@DATA@|$tmp/data|" "$template" > "$tmp/config.capnp"
  read -r -a flags <<< "$(sed -n 's/^# workerd flags: //p' "$template")"
  (cd "$tmp" && exec "$WORKERD" serve "${flags[@]}" config.capnp >"$tmp/workerd.log" 2>&1) &
  server=$!
  # Ready once it answers /ready (a probe with state answers that without touching it).
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/ready" && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$PORT/" | python3 -m json.tool --indent 2 > "$DIR/$name.expected.json" \
    || { echo "$name: workerd did not answer:"; cat "$tmp/workerd.log"; exit 1; }
  kill "$server"; wait "$server" 2>/dev/null || true
  echo "recorded $name.expected.json ($("$WORKERD" --version))"
done
