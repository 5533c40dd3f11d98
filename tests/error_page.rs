//! The dev error page as a person sees it: loaded in a real browser (headless
//! Chromium) and read back as rendered text.

mod common;

use std::time::Duration;

use common::browser::Browser;
use common::*;

const UTIL: &str = "// helpers\n\nexport function parsePrice(text: string): number {\n  const value = Number(text);\n  \
                    if (Number.isNaN(value)) {\n    throw new TypeError(`not a price: ${text}`);\n  }\n  return value;\n}\n";

const INDEX: &str = "import { parsePrice } from \"./util\";\n\nexport default {\n  async fetch(request: Request) {\n    \
                     await Promise.resolve();\n    const url = new URL(request.url);\n    \
                     return new Response(String(parsePrice(url.searchParams.get(\"p\") ?? \"\")));\n  },\n};\n";

#[test]
fn the_dev_error_page_shows_the_code_the_request_and_hides_workys_frames() {
    let dir = project(&[
        ("worky.toml", "name = \"shop\"\nmain = \"src/index.ts\"\n"),
        ("src/util.ts", UTIL),
        ("src/index.ts", INDEX),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    let mut browser = Browser::open(&format!("{}/price?p=abc", dev.url));
    let text = browser.text();

    assert!(text.contains("500 · Uncaught exception in the worker"), "{text}");
    assert!(text.contains("TypeError: not a price: abc"), "{text}");
    assert!(text.contains("src/util.ts:6:"), "the throwing frame, source-mapped: {text}");
    assert!(text.contains("src/index.ts:7:"), "its caller: {text}");
    // The code around the throwing line, from the source map, that line marked.
    assert!(text.contains("6 |     throw new TypeError(`not a price: ${text}`);"), "{text}");
    assert!(text.contains("5 |   if (Number.isNaN(value)) {") && text.contains("9 | }"), "{text}");
    let marked = browser.eval("document.querySelector('#source .hit').innerText");
    assert!(marked.as_str().unwrap().contains("throw new TypeError"), "{marked}");
    // The request.
    assert!(text.contains(&format!("GET {}/price?p=abc", dev.url)), "{text}");
    assert!(text.contains("user-agent") && text.contains("HeadlessChrome"), "{text}");
    assert!(!text.contains("x-worky-depth"), "worky's own header is not the request's: {text}");
    // worky's own frames are there, folded away until asked for.
    assert!(text.contains("1 frame inside worky hidden"), "{text}");
    assert!(!text.contains("ext:worky_runtime"), "hidden by default: {text}");
    browser.eval("document.querySelector('#internal-frames').open = true");
    assert!(browser.text().contains("ext:worky_runtime/04_serve.js"), "shown when unfolded");

    // The terminal hides them too, and says so.
    assert!(dev.wait_for_output("frame inside worky hidden", Duration::from_secs(5)), "{}", dev.output());
    assert!(!dev.output().contains("ext:worky_runtime"), "{}", dev.output());
}

#[test]
fn a_worker_that_fails_to_start_says_where_in_the_browser() {
    let dir = project(&[
        ("worky.toml", "name = \"shop\"\nmain = \"src/index.ts\"\n"),
        (
            "src/index.ts",
            "const config = JSON.parse(\"{oops\");\nexport default { fetch: () => new Response(config) };\n",
        ),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    let mut browser = Browser::open(&dev.url);
    let text = browser.text();
    assert!(text.contains("SyntaxError"), "{text}");
    assert!(text.contains("src/index.ts:1:"), "{text}");
}
