"""WebSocket echo load for bench/objects.sh: CONNECTIONS sockets, each sending
MESSAGES 64-byte text messages one after another (send, wait for the echo).
Prints "messages/s p99_ms". Standard library only (no websockets package here)."""
import base64, os, socket, struct, sys, threading, time

host, port, connections, messages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
payload = b"x" * 64
latencies, lock = [], threading.Lock()


def frame(data):
    mask = os.urandom(4)
    return bytes([0x81, 0x80 | len(data)]) + mask + bytes(c ^ mask[i % 4] for i, c in enumerate(data))


def read_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def run():
    sock = socket.create_connection((host, port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(f"GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)
    assert b" 101 " in head, head
    mine = []
    message = frame(payload)
    for _ in range(messages):
        started = time.perf_counter()
        sock.sendall(message)
        header = read_exactly(sock, 2)
        read_exactly(sock, header[1] & 0x7F)
        mine.append(time.perf_counter() - started)
    with lock:
        latencies.extend(mine)
    sock.close()


threads = [threading.Thread(target=run) for _ in range(connections)]
started = time.perf_counter()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.perf_counter() - started
latencies.sort()
print(f"{len(latencies) / elapsed:.0f} {latencies[int(len(latencies) * 0.99)] * 1000:.2f}")
