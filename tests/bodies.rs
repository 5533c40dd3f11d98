//! A worker that hands its request body to its response: every byte comes back,
//! on both sides of the 64 KiB size where the front stops reading bodies ahead
//! and streams them, with and without a declared length, directly and through a
//! TransformStream or one branch of `tee()`. (Bodies over 64 KiB once came back
//! empty: the request body was dropped when the response head went out.)

mod common;

use common::*;

/// Where the front stops reading bodies ahead (http/front.rs).
const INLINE: usize = 64 * 1024;

const WORKER: &str = r#"
export default {
  fetch(request: Request): Response {
    const path = new URL(request.url).pathname;
    if (path === "/transform") return new Response(request.body!.pipeThrough(new TransformStream()));
    if (path === "/tee") {
      const [mine, _unread] = request.body!.tee();
      return new Response(mine);
    }
    return new Response(request.body);
  },
};
"#;

fn dev() -> (tempfile::TempDir, Dev) {
    let dir = project(&[("worky.toml", "name = \"echo\"\nmain = \"src/index.ts\"\n"), ("src/index.ts", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    (dir, dev)
}

/// Bytes that differ from position to position, so a lost or repeated chunk shows.
fn pattern(size: usize) -> Vec<u8> {
    (0..size).map(|i| (i * 7 + i / 251) as u8).collect()
}

fn echo(dev: &Dev, path: &str, body: reqwest::blocking::Body) -> Vec<u8> {
    let response = client().post(format!("{}{path}", dev.url)).body(body).send().expect("request succeeds");
    assert_eq!(response.status(), 200, "{path}");
    response.bytes().unwrap().to_vec()
}

#[test]
fn every_byte_comes_back_on_both_sides_of_the_inline_limit() {
    let (_dir, dev) = dev();
    for path in ["/", "/transform", "/tee"] {
        for size in [1, INLINE - 1, INLINE, INLINE + 1, 3 * INLINE + 17, (1 << 20) + 1] {
            let sent = pattern(size);
            let back = echo(&dev, path, reqwest::blocking::Body::from(sent.clone()));
            assert_eq!(back.len(), size, "{path} with a declared length of {size}");
            assert!(back == sent, "{path}: {size} bytes came back changed");
        }
    }
}

#[test]
fn chunked_uploads_come_back_whole() {
    let (_dir, dev) = dev();
    for path in ["/", "/transform", "/tee"] {
        for size in [INLINE, INLINE + 1, (1 << 20) + 1] {
            let sent = pattern(size);
            // A reader of unknown length: reqwest sends it chunked, with no Content-Length.
            let body = reqwest::blocking::Body::new(std::io::Cursor::new(sent.clone()));
            let back = echo(&dev, path, body);
            assert_eq!(back.len(), size, "{path}, chunked, {size} bytes");
            assert!(back == sent, "{path}: chunked {size} bytes came back changed");
        }
    }
}

#[test]
fn an_empty_body_comes_back_empty() {
    let (_dir, dev) = dev();
    assert!(echo(&dev, "/", reqwest::blocking::Body::from(Vec::new())).is_empty());
}

/// `request.body` is null only when the request has no body at all: a declared
/// length of 0 is an empty body (an empty stream), as workerd has it (raw
/// `workerd serve`, recorded by hand: better-auth tells a bodiless POST by
/// `request.body`, and browsers send `Content-Length: 0` on one).
#[test]
fn a_declared_empty_body_is_an_empty_stream_and_no_body_is_null() {
    let worker = "export default { async fetch(r) { return new Response(`${r.method} ${r.body === null} \
                  [${await r.text()}]`); } };";
    let dir = project(&[("worky.toml", "name = \"b\"\nmain = \"src/index.js\"\n"), ("src/index.js", worker)]);
    let dev = Dev::start(dir.path(), &[]);
    let ask = |method: reqwest::Method, length: Option<&str>| {
        let mut request = client().request(method, format!("{}/", dev.url));
        if let Some(length) = length {
            request = request.header("content-length", length);
        }
        send(request).body
    };
    assert_eq!(ask(reqwest::Method::POST, Some("0")), "POST false []");
    assert_eq!(ask(reqwest::Method::DELETE, Some("0")), "DELETE false []");
    assert_eq!(ask(reqwest::Method::POST, None), "POST true []");
    assert_eq!(ask(reqwest::Method::GET, None), "GET true []");
    assert_eq!(dev.post("/", "x").body, "POST false [x]");
}
