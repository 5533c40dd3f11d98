#!/usr/bin/env bash
# Publish-and-deploy time for a Hono project (tests/fixtures/hono-app): pack +
# sign + upload + registry verify, then worky serve switching to the new
# version + first response from it; and the package size next to a plain
# tar.gz of the same files (what other tools ship).
#   bench/deploy.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${1:-5}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
(cd .. && cargo build --release --locked --quiet)
W=$CARGO_TARGET_DIR/release/worky
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
cp -r ../tests/fixtures/hono-app/. "$tmp/app/"
(cd "$tmp/app" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
key="$tmp/key.json"
pub=$("$W" keygen --key "$key" 2>/dev/null)
"$W" registry --port 18791 --storage "$tmp/reg" --publisher "t=$pub" >/dev/null 2>&1 &
sleep 1
ms() { date +%s%3N; }
# v0 first, so serve has something running before the measured switches.
(cd "$tmp/app" && "$W" publish --registry http://127.0.0.1:18791 --token t --key "$key" --version 0.0.0 >/dev/null 2>&1)
cat > "$tmp/serve.toml" <<TOML
listen = "127.0.0.1:18792"
registry = "http://127.0.0.1:18791"
trusted_keys = ["$pub"]
admin_token = "a"
[[deployments]]
name = "hono-app"
version = "0.0.0"
path_prefix = "/"
TOML
"$W" serve --config "$tmp/serve.toml" >/dev/null 2>&1 &
for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:18792/ && break; sleep 0.1; done
echo "publish + deploy of tests/fixtures/hono-app, release build, $RUNS runs"
for i in $(seq 1 "$RUNS"); do
  sed -i "s/Hello Hono[^\"]*/Hello Hono $i/" "$tmp/app/src/index.ts"
  t0=$(ms)
  (cd "$tmp/app" && "$W" publish --registry http://127.0.0.1:18791 --token t --key "$key" --version "1.0.$i" >/dev/null 2>&1)
  t1=$(ms)
  "$W" deploy "hono-app@1.0.$i" --server http://127.0.0.1:18792 --token a >/dev/null 2>&1
  until curl -s http://127.0.0.1:18792/ | grep -q "Hello Hono $i"; do :; done
  t2=$(ms)
  echo "  run $i: publish (build+pack+sign+upload+verify) $((t1 - t0)) ms, deploy to first response $((t2 - t1)) ms, total $((t2 - t0)) ms"
done
pkg="$tmp/app/dist/hono-app-1.0.$RUNS.worky"
tar -C "$tmp/app/dist" -czf "$tmp/plain.tar.gz" manifest.json worker.js worker.js.map
echo "package size: $(stat -c %s "$pkg") bytes (.worky, tar+zstd -19, signed); plain tar.gz of the same files: $(stat -c %s "$tmp/plain.tar.gz") bytes"
