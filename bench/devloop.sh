#!/usr/bin/env bash
# The dev loop, side by side: `worky dev` next to `wrangler dev` (local mode:
# miniflare + workerd, npm package `wrangler`) on the Hono template (`worky init
# --template router`, with a wrangler.toml that both tools read). Measures
#   start: spawning `dev` -> first 200 response with the worker's text, and
#   save:  rewriting src/index.ts (new response text) -> first response from it,
# polling every 5 ms. Each tool runs alone on its own port; start runs alternate
# between the tools. One untimed start and one untimed save per tool come first
# (caches warm, as for a developer restarting `dev` in a project run before).
# Prints median and min per tool and wrangler/worky.
#
#   bench/devloop.sh              # RUNS=5 by default
#   RUNS=10 bench/devloop.sh      # VERBOSE=1 also prints every sample
#   NO_BUILD=1 bench/devloop.sh   # use the worky binary as built (or WORKY=path)
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
RUNS=${RUNS:-5}
PORT=${PORT:-18940}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
source "$BENCH_DIR/lib.sh"

if [ ! -x .peers/node_modules/.bin/wrangler ]; then
  echo "installing peers (npm: wrangler) into bench/.peers"
  mkdir -p .peers && (cd .peers && npm install --no-audit --no-fund --loglevel=error wrangler >/dev/null)
fi
WRANGLER=$BENCH_DIR/.peers/node_modules/.bin/wrangler

WORKY_SET=${WORKY:-}
if [ -z "${WORKY:-}" ]; then
  if [ "${NO_BUILD:-0}" != 1 ]; then
    echo "building worky (release)"
    (cd .. && cargo build --release --locked --quiet)
  fi
  WORKY=$CARGO_TARGET_DIR/release/worky
fi
[ -x "$WORKY" ] || { echo "no worky binary at $WORKY (build it, or set WORKY=)" >&2; exit 1; }

WORK=$(mktemp -d)
PY=""
cleanup() {
  if [ -n "$PY" ]; then kill "$PY" 2>/dev/null || true; wait "$PY" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One Hono project with a wrangler.toml only (worky reads it natively), copied per tool.
"$WORKY" init "$WORK/app" --template router >/dev/null 2>&1 || { echo "worky init failed" >&2; exit 1; }
mv "$WORK/app" "$WORK/base" && rm -f "$WORK/base/worky.toml"
cat > "$WORK/base/wrangler.toml" <<'TOML'
name = "app"
main = "src/index.ts"
compatibility_date = "2025-06-01"

[vars]
API_VERSION = "v1"
TOML
[ -d "$WORK/base/node_modules/hono" ] || (cd "$WORK/base" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
grep -q 'Hello from app' "$WORK/base/src/index.ts" || { echo "template changed: no 'Hello from app' in src/index.ts" >&2; exit 1; }
cp -r "$WORK/base" "$WORK/worky"
cp -r "$WORK/base" "$WORK/wrangler"

worky_version=$("$WORKY" --version | awk '{print $2}')
wrangler_version=$(node -p 'require(process.argv[1]).version' "$BENCH_DIR/.peers/node_modules/wrangler/package.json")

cat > "$WORK/devloop.py" <<'PY'
import http.client, os, signal, statistics, subprocess, sys, time

worky, wrangler, work, runs, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
verbose = os.environ.get("VERBOSE") == "1"
POLL = 0.005
START_TIMEOUT, SAVE_TIMEOUT = 60.0, 30.0
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

wrangler_env = dict(os.environ, WRANGLER_SEND_METRICS="false", WRANGLER_SEND_ERROR_REPORTS="false")
TOOLS = {
    "worky": dict(cmd=[worky, "dev", "--port", str(port)], env=os.environ, port=port),
    "wrangler": dict(cmd=[wrangler, "dev", "--ip", "127.0.0.1", "--port", str(port + 1),
                          "--show-interactive-dev-session=false"], env=wrangler_env, port=port + 1),
}
running = {}  # tool -> Popen

class Fail(Exception):
    pass

def get(port):
    """The body of a 200 answer to GET /, or None (refused, reset, other status)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=SAVE_TIMEOUT)
        conn.request("GET", "/")
        resp = conn.getresponse()
        body = resp.read().decode(errors="replace")
        conn.close()
        return body if resp.status == 200 else None
    except (OSError, http.client.HTTPException):
        return None

def port_free(port):
    try:
        socket_conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        socket_conn.connect()
        socket_conn.close()
        return False
    except OSError:
        return True

def log_tail(tool):
    try:
        lines = open(os.path.join(work, f"{tool}.log"), errors="replace").read().splitlines()
        return "\n".join("    " + l for l in lines[-15:])
    except OSError:
        return "    (no log)"

def wait_for(tool, check, timeout, what, start):
    while True:
        body = get(TOOLS[tool]["port"])
        if body is not None and check(body):
            return time.perf_counter() - start
        if running[tool].poll() is not None:
            raise Fail(f"{tool} dev exited (status {running[tool].returncode}) while waiting for {what}; its output:\n{log_tail(tool)}")
        if time.perf_counter() - start > timeout:
            raise Fail(f"{tool}: gave up after {timeout:.0f} s waiting for {what}; its output:\n{log_tail(tool)}")
        time.sleep(POLL)

def start(tool):
    """Spawns `dev` and returns the seconds to the first 200 response with the worker's text."""
    t = TOOLS[tool]
    if not port_free(t["port"]):
        raise Fail(f"port {t['port']} is taken before starting {tool} (set PORT=)")
    log = open(os.path.join(work, f"{tool}.log"), "w")
    t0 = time.perf_counter()
    running[tool] = subprocess.Popen(t["cmd"], cwd=os.path.join(work, tool), env=t["env"], stdin=subprocess.DEVNULL,
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    return wait_for(tool, lambda b: "Hello from app" in b, START_TIMEOUT, "the first response after start", t0)

def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False

def stop(tool):
    """Ends the tool's whole process group (wrangler: node and workerd children too)."""
    proc = running.pop(tool, None)
    if proc is None:
        return
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.time() + grace
        while group_alive(proc.pid) and time.time() < deadline:
            proc.poll()
            time.sleep(0.02)
        if not group_alive(proc.pid):
            break
    proc.wait()
    deadline = time.time() + 5
    while not port_free(TOOLS[tool]["port"]) and time.time() < deadline:
        time.sleep(0.02)

def save(tool, original, marker):
    """Writes src/index.ts with new response text the way many editors save (new file, then
    rename over the old one) and returns the seconds to the first response showing it."""
    path = os.path.join(work, tool, "src", "index.ts")
    text = original.replace("Hello from app", f"Hello from app {marker}", 1)
    t0 = time.perf_counter()
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)
    return wait_for(tool, lambda b: marker in b, SAVE_TIMEOUT, "a response from the saved code", t0)

results = {(tool, kind): [] for tool in TOOLS for kind in ("start", "save")}
try:
    # start: one untimed start each, then RUNS alternating starts.
    for tool in TOOLS:
        start(tool); stop(tool)
    for i in range(runs):
        for tool in (TOOLS if i % 2 == 0 else reversed(list(TOOLS))):
            results[(tool, "start")].append(start(tool))
            stop(tool)
            time.sleep(0.3)
    # save: one server per tool, one untimed save, then RUNS saves 0.5 s apart.
    for tool in TOOLS:
        path = os.path.join(work, tool, "src", "index.ts")
        original = open(path).read()
        start(tool)
        time.sleep(1)
        for i in range(runs + 1):
            s = save(tool, original, f"v{i}x{time.time_ns()}")
            if i > 0:
                results[(tool, "save")].append(s)
            time.sleep(0.5)
        stop(tool)
except Fail as e:
    sys.exit(f"devloop: {e}")
finally:
    for tool in list(running):
        stop(tool)

def ms(v):
    return f"{v * 1000:.0f}"

print(f"{'':24}{'worky ms':>16}{'wrangler ms':>16}{'wrangler/worky':>16}")
print(f"{'':24}{'median / min':>16}{'median / min':>16}{'median':>16}")
for kind, label in (("start", "start -> first response"), ("save", "save -> new response")):
    w, r = results[("worky", kind)], results[("wrangler", kind)]
    cells = [f"{ms(statistics.median(x))} / {ms(min(x))}" for x in (w, r)]
    print(f"{label:<24}{cells[0]:>16}{cells[1]:>16}{statistics.median(r) / statistics.median(w):>15.1f}x")
if verbose:
    for (tool, kind), xs in results.items():
        print(f"  {tool:<9}{kind:<6}" + " ".join(ms(x) for x in xs))
PY

echo "dev loop, Hono template: worky $worky_version vs wrangler $wrangler_version (local), $RUNS runs each, $(nproc) cores"
python3 "$WORK/devloop.py" "$WORKY" "$WRANGLER" "$WORK" "$RUNS" "$PORT" &
PY=$!
wait "$PY"
PY=""
cmd="RUNS=$RUNS"
[ "${NO_BUILD:-0}" = 1 ] && cmd+=" NO_BUILD=1"
[ -n "${WORKY_SET:-}" ] && cmd+=" WORKY=$WORKY"
[ "$PORT" != 18940 ] && cmd+=" PORT=$PORT"
echo "command: $cmd bench/devloop.sh"
