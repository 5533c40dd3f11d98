#!/usr/bin/env bash
# The cost of observability in `worky serve`: instructions per request (callgrind,
# as bench/instructions.sh counts them) for hello-world with metrics and the
# access log on, against both off. The target is at most 3% more per request.
#
#   bench/observability.sh [requests]     (default 1000)
#
# "off": no metrics_listen, RUST_LOG=warn (no access record); "on": metrics_listen
# and the default log (one access record per request, to a pipe nobody slows);
# "spans": "on" plus otlp_endpoint, each request's span exported to a collector
# (a small HTTP server here that accepts and drops them); "sampled": the same
# with otlp_sample_ratio = 0.1. W3C trace context and
# the CPU time per request are always on, so they are in every row.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
cd "$BENCH_DIR"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"
need_apt valgrind valgrind
need_apt hey hey

REQUESTS="${1:-1000}"
PORT=18797
build_worky
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
warm_snapshot "$WORKY" $PORT
make_publisher "$WORKY"
pack_worker "$WORKY" hello "$(cat workers/hello.js)"

measure() { # label rust_log extra
  hello_serve_toml $PORT "$3"
  rm -f "$WORK"/callgrind.*
  (cd "$WORK" && RUST_LOG="$2" exec valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.%p" \
    "$WORKY" serve --config serve.toml >"$WORK/serve.log" 2>&1) &
  local server=$!
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.5; done
  hey -t 120 -n 300 -c 10 "http://127.0.0.1:$PORT/" >/dev/null
  callgrind_control -z "$server" >/dev/null 2>&1
  hey -t 120 -n "$REQUESTS" -c 10 "http://127.0.0.1:$PORT/" >"$WORK/hey.txt"
  callgrind_control -d "$server" >/dev/null 2>&1
  kill "$server"; wait "$server" 2>/dev/null || true
  local ok total
  ok=$(awk '/\[200\]/{print $2}' "$WORK/hey.txt")
  [ "$ok" = "$REQUESTS" ] || { echo "$1: only ${ok:-0} of $REQUESTS answered" >&2; cat "$WORK/serve.log" >&2; exit 1; }
  total=$(awk '/^summary:/{print $2}' "$WORK"/callgrind.*.1)
  [ -n "${KEEP:-}" ] && cp "$WORK"/callgrind.*.1 "$KEEP.$1"
  echo "$1 $((total / REQUESTS))"
}

off=$(measure off warn "")
[ -n "${ONLY_OFF:-}" ] && { echo "$off"; exit 0; }
log=$(measure log info "")
metrics=$(measure metrics warn "metrics_listen = \"127.0.0.1:0\"")
on=$(measure on info "metrics_listen = \"127.0.0.1:0\"")
COLLECTOR_PORT=18798
python3 -c '
import http.server, sys
class Drop(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Drop).serve_forever()
' $COLLECTOR_PORT &
spans=$(measure spans info "metrics_listen = \"127.0.0.1:0\"
otlp_endpoint = \"http://127.0.0.1:$COLLECTOR_PORT\"")
sampled=$(measure sampled info "metrics_listen = \"127.0.0.1:0\"
otlp_endpoint = \"http://127.0.0.1:$COLLECTOR_PORT\"
otlp_sample_ratio = 0.1")
python3 - "$off" "$log" "$metrics" "$on" "$spans" "$sampled" <<'PY'
import sys
rows = dict(arg.split() for arg in sys.argv[1:])
off = int(rows["off"])
print("== worky serve, hello world, instructions per request (callgrind)")
names = {
    "off": "metrics and access log off",
    "log": "access log only",
    "metrics": "metrics only",
    "on": "metrics and access log on",
    "spans": "on, and spans to OTLP",
    "sampled": "on, 1 in 10 traces to OTLP",
}
for key, name in names.items():
    value = int(rows[key])
    print(f"  {name:<30}{value:>10,}" + ("" if key == "off" else f"   {100 * (value - off) / off:+.1f}%"))
PY
echo "command: bench/observability.sh $REQUESTS"
