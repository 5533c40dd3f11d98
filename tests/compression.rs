//! Response compression end to end: a worker labels its response
//! `content-encoding` and worky compresses the body for clients that accept
//! it; `encodeBody: "manual"` bodies go out as they are; with serve's `[http]
//! compress`, what a worker leaves uncompressed is compressed as Cloudflare's
//! edge does, by content type and size. What workerd does
//! (and where worky follows Cloudflare's edge instead) is in
//! docs/architecture.md, "Response compression".

mod common;

use std::io::Read;

use common::*;

const WORKER: &str = r#"
const TEXT = "compress me ".repeat(150);
function streamOf(size) {
  const chunk = new TextEncoder().encode("x".repeat(1024));
  let left = size;
  return new ReadableStream({
    pull(controller) {
      if (left === 0) return controller.close();
      const n = Math.min(left, chunk.length);
      controller.enqueue(chunk.slice(0, n));
      left -= n;
    },
  });
}
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const coding = url.searchParams.get("coding");
    const headers = { "content-encoding": coding, "content-type": "text/plain" };
    switch (url.pathname) {
      case "/text":
        return new Response(TEXT, { headers });
      case "/stream":
        return new Response(streamOf(Number(url.searchParams.get("size"))), { headers });
      case "/manual": {
        const gzipped = await new Response(new Blob([TEXT]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
        return new Response(gzipped, { headers: { "content-encoding": "gzip" }, encodeBody: "manual" });
      }
      case "/empty":
        return new Response(null, { status: 204, headers });
    }
    return new Response("?", { status: 404 });
  },
};
"#;

const TEXT: &str = "compress me ";

struct Raw {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

fn get(dev: &Dev, path: &str, accept_encoding: Option<&str>) -> Raw {
    request(client().get(format!("{}{path}", dev.url)), accept_encoding)
}

fn request(mut request: reqwest::blocking::RequestBuilder, accept_encoding: Option<&str>) -> Raw {
    if let Some(accept) = accept_encoding {
        request = request.header("accept-encoding", accept);
    }
    let response = request.send().unwrap();
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    Raw { status, headers, body: response.bytes().unwrap().to_vec() }
}

fn decode(coding: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match coding {
        "gzip" => flate2::read::GzDecoder::new(body).read_to_end(&mut out).unwrap(),
        "deflate" => flate2::read::ZlibDecoder::new(body).read_to_end(&mut out).unwrap(),
        "br" => brotli::Decompressor::new(body, 4096).read_to_end(&mut out).unwrap(),
        other => panic!("{other}"),
    };
    out
}

fn header<'a>(raw: &'a Raw, name: &str) -> Option<&'a str> {
    raw.headers.get(name).map(|value| value.to_str().unwrap())
}

fn start() -> (tempfile::TempDir, Dev) {
    let dir = project(&[("worky.toml", "name = \"squeeze\"\nmain = \"src/index.js\"\n"), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    (dir, dev)
}

/// gzip, br and deflate: the body arrives compressed in the coding the worker
/// named, decodes to what the worker gave, and carries no stale length.
#[test]
fn a_labelled_body_is_compressed_for_clients_that_accept_it() {
    let (_dir, dev) = start();
    let whole = TEXT.repeat(150).into_bytes();
    for coding in ["gzip", "br", "deflate"] {
        for accept in [Some("gzip, deflate, br"), Some(coding), None] {
            let raw = get(&dev, &format!("/text?coding={coding}"), accept);
            assert_eq!(raw.status, 200);
            assert_eq!(header(&raw, "content-encoding"), Some(coding), "{coding} for {accept:?}");
            assert!(raw.body.len() < whole.len() / 4, "{coding}: {} bytes, not compressed", raw.body.len());
            assert_eq!(decode(coding, &raw.body), whole, "{coding} for {accept:?}");
        }
    }
}

/// A client that refuses the coding gets the body as the worker gave it,
/// without the label (as Cloudflare's edge answers it).
#[test]
fn a_client_that_refuses_the_coding_gets_identity() {
    let (_dir, dev) = start();
    for accept in ["identity", "gzip;q=0", "br", "*;q=0"] {
        let raw = get(&dev, "/text?coding=gzip", Some(accept));
        assert_eq!(header(&raw, "content-encoding"), None, "for {accept}");
        assert_eq!(raw.body, TEXT.repeat(150).into_bytes(), "for {accept}");
    }
}

/// Streamed bodies on both sides of the 64 KiB line, compressed as they stream.
#[test]
fn streamed_bodies_are_compressed_as_they_stream() {
    let (_dir, dev) = start();
    for size in [1, 65_535, 65_536, 65_537, 3_000_000] {
        let raw = get(&dev, &format!("/stream?coding=gzip&size={size}"), Some("gzip"));
        assert_eq!(header(&raw, "content-encoding"), Some("gzip"));
        assert_eq!(header(&raw, "content-length"), None);
        assert_eq!(decode("gzip", &raw.body), vec![b'x'; size], "a stream of {size} bytes");
    }
}

/// `encodeBody: "manual"`: the worker's already-gzipped bytes pass through
/// once, with their length; codings worky does not compress pass untouched;
/// a body-less status stays body-less.
#[test]
fn manual_and_unknown_codings_pass_through() {
    let (_dir, dev) = start();
    let raw = get(&dev, "/manual", Some("gzip"));
    assert_eq!(header(&raw, "content-encoding"), Some("gzip"));
    assert_eq!(header(&raw, "content-length"), Some(raw.body.len().to_string().as_str()));
    assert_eq!(decode("gzip", &raw.body), TEXT.repeat(150).into_bytes(), "gzipped once, not twice");

    let raw = get(&dev, "/text?coding=zstd", Some("zstd, gzip"));
    assert_eq!(header(&raw, "content-encoding"), Some("zstd"));
    assert_eq!(raw.body, TEXT.repeat(150).into_bytes());

    let raw = get(&dev, "/empty?coding=gzip", Some("gzip"));
    assert_eq!((raw.status, raw.body.len()), (204, 0));
}

/// `/sized?type=T&n=N` answers N bytes of text as type T; `/header?name=&value=`
/// a compressible body with that header too.
const EDGE_WORKER: &str = r#"
export default {
  fetch(request) {
    const url = new URL(request.url);
    const body = "edge ".repeat(1000).slice(0, Number(url.searchParams.get("n") ?? 1000));
    const headers = new Headers({ "content-type": url.searchParams.get("type") ?? "text/html" });
    if (url.searchParams.has("name")) headers.set(url.searchParams.get("name"), url.searchParams.get("value"));
    if (url.pathname === "/stream") return new Response(new Blob([body]).stream(), { headers });
    return new Response(body, { headers });
  },
};
"#;

#[test]
fn serve_compresses_what_workers_leave_uncompressed_as_the_edge_does() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "site", "1.0.0", "", EDGE_WORKER);
    let extra = format!("[http]\ncompress = true\n{}", deployment("site", "1.0.0", "site.test"));
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    let fetch = |path: &str, accept: Option<&str>| {
        request(client().get(format!("{}{path}", serve.url)).header("host", "site.test"), accept)
    };
    let min = 256;
    // Brotli first, gzip for a client without it; decoded, the worker's bytes.
    for (accept, coding) in [("gzip, deflate, br", "br"), ("gzip", "gzip")] {
        let raw = fetch(&format!("/sized?n={min}"), Some(accept));
        assert_eq!(header(&raw, "content-encoding"), Some(coding), "{accept}");
        assert_eq!(header(&raw, "vary"), Some("Accept-Encoding"));
        assert_eq!(decode(coding, &raw.body), "edge ".repeat(1000).as_bytes()[..min]);
    }
    let raw = fetch("/stream?n=1000&type=application/json", Some("br"));
    assert_eq!(header(&raw, "content-encoding"), Some("br"), "a streamed body too");
    // As it is: one byte under the minimum, media and event streams, a client
    // that does not ask, a worker that forbids it, a HEAD.
    let as_is = |path: &str, accept: Option<&str>| {
        let raw = fetch(path, accept);
        assert_eq!(header(&raw, "content-encoding"), None, "{path}");
        raw
    };
    assert_eq!(as_is(&format!("/sized?n={}", min - 1), Some("br")).body.len(), min - 1);
    as_is("/sized?type=image/png", Some("br"));
    as_is("/stream?type=text/event-stream", Some("br"));
    as_is("/sized", None);
    as_is("/sized?name=cache-control&value=public,%20no-transform", Some("br"));
    let head =
        send(client().head(format!("{}/sized", serve.url)).header("host", "site.test").header("accept-encoding", "br"));
    assert!(head.headers.get("content-encoding").is_none());
}

#[test]
fn serve_leaves_bodies_as_they_are_without_http_compress() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "site", "1.0.0", "", EDGE_WORKER);
    let serve =
        Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployment("site", "1.0.0", "site.test")));
    let raw = request(client().get(format!("{}/sized", serve.url)).header("host", "site.test"), Some("br"));
    assert_eq!((header(&raw, "content-encoding"), raw.body.len()), (None, 1000));
}
