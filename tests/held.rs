//! What the security review found already holding (issue 10, "What held"), kept
//! by a test each: no module or file a worker should not reach, redirects only to
//! HTTP, runaway regexes stopped, recursion and huge allocations catchable, and
//! the HTTP parser's refusals (huge headers, smuggling, control bytes). Tar
//! traversal, upload races, signature replay and KV durability under kill -9 are
//! in tests/publish.rs, src/deploy/package.rs and tests/kv.rs.

mod common;

use std::io::{Read, Write};
use std::time::Duration;

use common::*;

const PROBES: &str = r#"
const attempt = async (what) => {
  try {
    const value = await what();
    return `allowed: ${String(value).slice(0, 40)}`;
  } catch (error) {
    return `refused: ${error?.name}`;
  }
};

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const target = url.searchParams.get("url");
    switch (url.pathname) {
      // The specifier comes from the request, so the bundler cannot see it: this is
      // the runtime's refusal.
      case "/import": return new Response(await attempt(() => import(url.searchParams.get("spec"))));
      case "/fetch-file": return new Response(await attempt(() => fetch("file:///etc/passwd")));
      case "/fetch": return new Response(await attempt(async () => (await fetch(target)).status));
      case "/redos": return new Response(String(/^(a+)+$/.test("a".repeat(40) + "!")));
      case "/recursion": {
        const deeper = (n) => deeper(n + 1) + 1;
        return new Response(await attempt(() => deeper(0)));
      }
      case "/allocate": return new Response(await attempt(() => new ArrayBuffer(2 ** 40)));
      case "/deno": return new Response(typeof globalThis.Deno + " " + typeof globalThis.__bootstrap);
      default: return new Response("ok");
    }
  },
};
"#;

fn dev() -> (tempfile::TempDir, Dev) {
    let dir = project(&[("worky.toml", "name = \"probes\"\nmain = \"src/index.js\"\n"), ("src/index.js", PROBES)]);
    let dev = Dev::start(dir.path(), &["--cpu-ms", "200"]);
    (dir, dev)
}

#[test]
fn no_module_file_or_internal_is_reachable() {
    let (_dir, dev) = dev();
    for spec in
        ["file:///etc/passwd", "data:text/javascript,export default 1", "ext:core/mod.js", "node:fs", "/etc/passwd"]
    {
        let reply = send(client().get(format!("{}/import", dev.url)).query(&[("spec", spec)]));
        assert!(reply.body.starts_with("refused: "), "import({spec}): {}", reply.body);
    }
    assert!(dev.get("/fetch-file").body.starts_with("refused: "));
    assert_eq!(dev.get("/deno").body, "undefined undefined");
    // A redirect to something that is not HTTP is refused too.
    let redirector = http_server("127.0.0.1", |_| http_response("302 Found", "Location: file:///etc/passwd\r\n", ""));
    let reply = send(client().get(format!("{}/fetch", dev.url)).query(&[("url", format!("http://{redirector}/"))]));
    assert_eq!(reply.body, "refused: TypeError");
}

#[test]
fn runaway_regexes_are_stopped_and_deep_recursion_and_huge_allocations_are_catchable() {
    let (_dir, dev) = dev();
    let redos = dev.get("/redos");
    assert_eq!(redos.status, 503, "{}", redos.body);
    assert!(redos.body.contains("exceeded CPU time limit"), "{}", redos.body);
    // Catchable. QuickJS names both InternalError where V8 (and Workers) throws a
    // RangeError: a known engine difference.
    assert!(dev.get("/recursion").body.starts_with("refused: "), "recursion is catchable");
    assert!(dev.get("/allocate").body.starts_with("refused: "), "a 1 TB ArrayBuffer is catchable");
    assert_eq!(dev.get("/").body, "ok", "and the worker goes on serving");
}

/// Sends `request` as it is; everything the server answers before it closes.
fn exchange(dev: &Dev, request: &[u8]) -> String {
    let mut stream = std::net::TcpStream::connect(dev.url.trim_start_matches("http://")).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn status_line(dev: &Dev, request: &[u8]) -> String {
    exchange(dev, request).lines().next().unwrap_or_default().to_string()
}

#[test]
fn the_http_parser_refuses_huge_headers_smuggling_and_control_bytes() {
    let (_dir, dev) = dev();
    let huge = format!("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n", "a".repeat(1 << 20));
    assert_eq!(status_line(&dev, huge.as_bytes()), "HTTP/1.1 431 Request Header Fields Too Large");
    // Content-Length and Transfer-Encoding together: chunked wins and the connection
    // is closed after the answer (RFC 9112 6.1), so what follows is never read as a
    // second request.
    let smuggle = b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let answer = exchange(&dev, smuggle);
    assert_eq!(answer.matches("HTTP/1.1 ").count(), 1, "{answer}");
    assert!(answer.to_ascii_lowercase().contains("connection: close"), "{answer}");
    for bad in [
        &b"GET / HTTP/1.1\r\nHost: localhost\r\nX-A: a\0b\r\n\r\n"[..],
        b"GET / HTTP/1.1\r\nHost: localhost\r\nX-A: a\rb\r\n\r\n",
    ] {
        let answer = status_line(&dev, bad);
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    }
    assert!(!dev.output().contains("/smuggled"), "no second request was read: {}", dev.output());
}
