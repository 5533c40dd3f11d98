#!/usr/bin/env python3
"""Save-to-new-response time of `worky dev`: edit a file of a running project,
then poll until the server answers with the new code. Prints each sample and
the median. Usage: reload.py WORKY_BINARY PROJECT_DIR FILE_TO_EDIT [SAMPLES]"""
import http.client, os, re, socket, statistics, subprocess, sys, time

worky, project, edited = sys.argv[1], sys.argv[2], sys.argv[3]
samples = int(sys.argv[4]) if len(sys.argv) > 4 else 10
port = 18900
server = subprocess.Popen([worky, "dev", "--port", str(port)], cwd=project,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def get():
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/")
        body = conn.getresponse().read().decode()
        conn.close()
        return body
    except (OSError, http.client.HTTPException):
        return ""

try:
    deadline = time.time() + 60
    while "Hello" not in get() and time.time() < deadline:
        time.sleep(0.05)
    path = os.path.join(project, edited)
    original = open(path).read()
    times = []
    for i in range(samples):
        marker = f"v{i}-{time.time_ns()}"
        text = re.sub(r"Hello[^\"`']*", f"Hello {marker}", original, count=1)
        start = time.perf_counter()
        with open(path, "w") as f:
            f.write(text)
        while marker not in get():
            if time.perf_counter() - start > 30:
                sys.exit(f"no reload after 30 s (sample {i})")
            time.sleep(0.001)
        times.append((time.perf_counter() - start) * 1000)
        time.sleep(0.3)
    with open(path, "w") as f:
        f.write(original)
    print("save -> new response (ms):", " ".join(f"{t:.0f}" for t in times))
    print(f"median {statistics.median(times):.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms")
finally:
    server.terminate()
    server.wait()
