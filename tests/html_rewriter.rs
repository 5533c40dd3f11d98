//! HTMLRewriter end to end: a large page streams through it without being held
//! whole, handlers may await subrequests, and a client that goes away mid-page
//! leaves the isolate serving. Its API next to workerd's is in
//! tests/workerd/html_rewriter.js and html_rewriter_more.js.

mod common;

use std::io::Read;

use common::*;

/// A page of `pieces` parts of ~64 KiB, each with a link, a comment and a
/// paragraph of filler, made as it is read; rewritten with three handlers.
const STREAMING: &str = r#"
const FILLER = "lorem ipsum ".repeat(5400);
function page(pieces) {
  const encoder = new TextEncoder();
  let n = 0;
  return new ReadableStream({
    pull(controller) {
      if (n === pieces) return controller.close();
      controller.enqueue(encoder.encode(`<a href="/${n}">${n}</a><!--c${n}--><p>${FILLER}</p>`));
      n++;
    },
  });
}
export default {
  fetch(request) {
    const pieces = Number(new URL(request.url).searchParams.get("pieces"));
    const source = new Response(page(pieces), { headers: { "content-type": "text/html" } });
    return new HTMLRewriter()
      .on("a", { element(el) { el.setAttribute("href", el.getAttribute("href") + "?x"); } })
      .on("a", { text(chunk) { if (chunk.text) chunk.replace(`[${chunk.text}]`); } })
      .onDocument({ comments(comment) { comment.remove(); } })
      .transform(source);
  },
};
"#;

/// A 50 MB page is rewritten as it streams: every link and comment handled,
/// and the process's peak memory grows by far less than the page.
#[test]
fn a_fifty_megabyte_page_is_rewritten_without_being_buffered() {
    let dir = project(&[("worky.toml", "name = \"rewrite\"\nmain = \"src/index.js\"\n"), ("src/index.js", STREAMING)]);
    let dev = Dev::start(dir.path(), &[]);
    let small = dev.get("/?pieces=2");
    assert_eq!(small.status, 200, "{}", small.body);
    assert!(small.body.starts_with("<a href=\"/0?x\">[0]</a><p>lorem"), "{}", &small.body[..80]);
    let before = vm_kib(dev.pid(), "VmRSS:");

    let pieces = 780; // 780 x 64.8 KB: 50.5 MB.
    let mut response = client().get(format!("{}/?pieces={pieces}", dev.url)).send().unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("content-length").is_none());
    let (mut total, mut links, mut comments) = (0usize, 0usize, 0usize);
    let mut carry = Vec::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = response.read(&mut buffer).unwrap();
        if read == 0 {
            break;
        }
        total += read;
        // Count across chunk boundaries: keep the tail of the previous chunk.
        carry.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&carry);
        links += text.matches("?x\">[").count();
        comments += text.matches("<!--").count();
        let keep = carry.len().min(16);
        let tail = carry[carry.len() - keep..].to_vec();
        let tail_text = String::from_utf8_lossy(&tail);
        links -= tail_text.matches("?x\">[").count();
        comments -= tail_text.matches("<!--").count();
        carry = tail;
    }
    assert!(total > 50_000_000, "only {total} bytes came back");
    assert_eq!((links, comments), (pieces, 0), "every link rewritten, every comment removed");
    let peak = vm_kib(dev.pid(), "VmHWM:");
    assert!(peak < before + 40_000, "peak RSS {peak} KiB after {before} KiB: the page was buffered");
}

/// The upstream an async handler asks.
fn title_service(path: &str) -> String {
    http_response("200 OK", "", &format!("title for {}", path.trim_start_matches('/')))
}

const ASYNC: &str = r#"
export default {
  async fetch(request) {
    const upstream = new URL(request.url).searchParams.get("upstream");
    const html = '<ul><li id="a">?</li><li id="b">?</li></ul>';
    return new HTMLRewriter()
      .on("li", {
        async element(el) {
          const reply = await fetch(`${upstream}/${el.getAttribute("id")}`);
          el.setInnerContent(await reply.text());
        },
      })
      .transform(new Response(html));
  },
};
"#;

/// Handlers may be async: each waits for a real subrequest before it edits
/// its element, and the document comes out in order.
#[test]
fn async_handlers_await_subrequests() {
    let dir = project(&[("worky.toml", "name = \"titles\"\nmain = \"src/index.js\"\n"), ("src/index.js", ASYNC)]);
    let upstream = http_server("127.0.0.1", title_service);
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get(&format!("/?upstream=http://{upstream}"));
    assert_eq!(reply.body, r#"<ul><li id="a">title for a</li><li id="b">title for b</li></ul>"#);
}

/// A client that leaves in the middle of a rewrite: the suspended rewriter is
/// dropped and the isolate goes on serving.
#[test]
fn a_client_leaving_mid_page_leaves_the_isolate_serving() {
    let dir = project(&[("worky.toml", "name = \"rewrite\"\nmain = \"src/index.js\"\n"), ("src/index.js", STREAMING)]);
    let dev = Dev::start(dir.path(), &[]);
    for _ in 0..3 {
        let mut response = client().get(format!("{}/?pieces=500", dev.url)).send().unwrap();
        let mut buffer = vec![0u8; 200_000];
        response.read_exact(&mut buffer).unwrap();
        drop(response);
    }
    let reply = dev.get("/?pieces=1");
    assert_eq!(reply.status, 200);
    assert!(reply.body.starts_with("<a href=\"/0?x\">[0]</a><p>"), "{}", &reply.body[..60]);
}
