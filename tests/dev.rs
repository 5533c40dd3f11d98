//! `worky dev` end to end: the real binary, real HTTP.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;

const CONFIG: &str = "name = \"app\"\nmain = \"src/index.ts\"\n[vars]\nGREETING = \"hi\"\nLIMITS = { max = 3 }\n";

#[test]
fn init_then_dev_serves_the_typescript_template() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["init", "my-app"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("cd my-app"), "next steps printed: {}", stderr(&out));
    let dev = Dev::start(&tmp.path().join("my-app"), &[]);
    let reply = dev.get("/");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, "Hello from my-app!\n");
    let reply = dev.get("/json");
    assert_eq!(reply.body, r#"{"greeting":"Hello","path":"/json"}"#);
    assert_eq!(reply.headers["content-type"], "application/json");
    // One log line per request: method, path, status, duration.
    assert!(dev.wait_for_output("GET     /json 200", Duration::from_secs(5)), "{}", dev.output());
}

#[test]
fn env_carries_vars_and_dev_vars_secrets_and_module_state_persists() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        (".dev.vars", "API_TOKEN=s3cret\nHOME_DIR=$HOME\nCI_TOKEN=\"${WORKY_TEST_HOST_SECRET}\"\n"),
        (
            "src/index.ts",
            r#"
let count = 0;
export default {
  fetch(request: Request, env: any): Response {
    count++;
    return Response.json({ greeting: env.GREETING, limits: env.LIMITS, token: env.API_TOKEN,
      maxType: typeof env.LIMITS.max, maxPlusOne: `${env.LIMITS.max + 1}`,
      home: env.HOME_DIR, ci: env.CI_TOKEN,
      count, globalToken: typeof (globalThis as any).API_TOKEN });
  },
};
"#,
        ),
    ]);
    // Module state is per isolate: one isolate, so every request sees the same state.
    let dev = Dev::start_with_env(dir.path(), &["--max-isolates", "1"], &[("WORKY_TEST_HOST_SECRET", "leaked")]);
    let first: serde_json::Value = serde_json::from_str(&dev.get("/").body).unwrap();
    assert_eq!(first["greeting"], "hi");
    // As wrangler reads .dev.vars: the host's environment is never expanded into env.
    assert_eq!((&first["home"], &first["ci"]), (&"$HOME".into(), &"${WORKY_TEST_HOST_SECRET}".into()));
    assert_eq!(first["limits"]["max"], 3);
    // A JSON var's numbers are numbers in the worker (this test's serde_json would
    // read a number that crossed as serde's private object back as a number).
    assert_eq!((&first["maxType"], &first["maxPlusOne"]), (&"number".into(), &"4".into()));
    assert_eq!(first["token"], "s3cret");
    assert_eq!(first["globalToken"], "undefined", "secrets never become globals");
    let second: serde_json::Value = serde_json::from_str(&dev.get("/").body).unwrap();
    assert_eq!(second["count"], first["count"].as_i64().unwrap() + 1, "module state persists");
}

#[test]
fn thrown_error_is_mapped_to_the_original_typescript_line() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        (
            "src/util.ts",
            "// helpers\n\nexport function explode(what: string): never {\n  throw new Error(`boom: ${what}`);\n}\n",
        ),
        (
            "src/index.ts",
            "import { explode } from \"./util\";\n\ninterface Env {}\n\nexport default {\n  fetch(request: Request, env: Env) {\n    console.log(\"about to fail\");\n    return explode(new URL(request.url).pathname);\n  },\n};\n",
        ),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    let text = dev.get_with("/x", "*/*");
    assert_eq!(text.status, 500);
    assert!(text.headers["content-type"].to_str().unwrap().starts_with("text/plain"));
    assert!(text.body.contains("Error: boom: /x"), "{}", text.body);
    assert!(text.body.contains("src/util.ts:4:9"), "mapped to util.ts line 4: {}", text.body);
    assert!(text.body.contains("src/index.ts:8:"), "caller mapped to index.ts line 8: {}", text.body);

    let html = dev.get_with("/y", "text/html,application/xhtml+xml");
    assert_eq!(html.status, 500);
    assert!(html.body.starts_with("<!doctype html>"), "{}", html.body);
    assert!(html.body.contains("boom: /y") && html.body.contains("src/util.ts:4:9"), "{}", html.body);

    // The terminal gets console output and the same trace.
    assert!(dev.wait_for_output("about to fail", Duration::from_secs(5)), "{}", dev.output());
    assert!(dev.wait_for_output("src/util.ts:4:9", Duration::from_secs(5)), "{}", dev.output());
    // The isolate still serves after the exception.
    assert_eq!(dev.get_with("/z", "*/*").status, 500);
}

#[test]
fn handler_returning_a_non_response_gets_a_clear_500() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        (
            "src/index.ts",
            "export default { async fetch(req: Request) { return new URL(req.url).pathname === '/obj' ? { ok: true } : 'text'; } };\n",
        ),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get("/obj");
    assert_eq!(reply.status, 500);
    assert!(reply.body.contains("The worker did not return a Response"), "{}", reply.body);
    assert!(reply.body.contains("returned an object of type Object instead of a Response"), "{}", reply.body);
    let reply = dev.get("/str");
    assert!(reply.body.contains("returned a string instead of a Response"), "{}", reply.body);
}

#[test]
fn a_handler_that_never_settles_does_not_stop_other_requests() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        (
            "src/index.ts",
            r#"
export default {
  fetch(request: Request) {
    if (new URL(request.url).pathname === "/hang") return new Promise<Response>(() => {});
    return new Response("still here");
  },
};
"#,
        ),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    let url = format!("{}/hang", dev.url);
    let hung = std::thread::spawn(move || {
        reqwest::blocking::Client::builder().timeout(Duration::from_secs(3)).build().unwrap().get(url).send().is_err()
    });
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..3 {
        let reply = dev.get("/");
        assert_eq!((reply.status, reply.body.as_str()), (200, "still here"));
    }
    assert!(hung.join().unwrap(), "the hanging request never got an answer");
}

#[test]
fn malformed_json_body_is_a_catchable_syntax_error() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        (
            "src/index.ts",
            r#"
export default {
  async fetch(request: Request) {
    try {
      const data = await request.json();
      return Response.json({ got: data });
    } catch (error) {
      return new Response(`${(error as Error).name}`, { status: 400 });
    }
  },
};
"#,
        ),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.post("/", "{\"a\": 1}");
    assert_eq!(reply.body, r#"{"got":{"a":1}}"#);
    let reply = dev.post("/", "{not json");
    assert_eq!((reply.status, reply.body.as_str()), (400, "SyntaxError"));
}

#[test]
fn service_worker_syntax_and_wait_until() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        (
            "src/index.js",
            r#"
let background = "not started";
addEventListener("fetch", (event) => {
  const path = new URL(event.request.url).pathname;
  if (path === "/later") {
    event.waitUntil(new Promise((resolve) => setTimeout(() => { background = "done"; resolve(); }, 150)));
    background = "running";
    event.respondWith(new Response("responded while " + background));
    return;
  }
  event.respondWith(new Response(background));
});
"#,
        ),
    ]);
    std::fs::write(dir.path().join("worky.toml"), CONFIG.replace("src/index.ts", "src/index.js")).unwrap();
    // Module state is per isolate: one isolate, so every request sees the same state.
    let dev = Dev::start(dir.path(), &["--max-isolates", "1"]);
    assert_eq!(dev.get("/later").body, "responded while running");
    let reply = dev.wait_until("/status", Duration::from_secs(5), |r| r.body == "done");
    assert_eq!(reply.body, "done", "waitUntil work ran to completion after the response");
}

#[test]
fn module_syntax_wait_until_runs_after_the_response() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        (
            "src/index.ts",
            r#"
let log: string[] = [];
export default {
  async fetch(request: Request, env: unknown, ctx: ExecutionContext) {
    if (new URL(request.url).pathname === "/log") return Response.json(log);
    ctx.passThroughOnException();
    ctx.waitUntil((async () => { await new Promise((r) => setTimeout(r, 100)); log.push("background"); })());
    log.push("response");
    return new Response("ok");
  },
};
interface ExecutionContext { waitUntil(p: Promise<unknown>): void; passThroughOnException(): void }
"#,
        ),
    ]);
    // Module state is per isolate: one isolate, so every request sees the same state.
    let dev = Dev::start(dir.path(), &["--max-isolates", "1"]);
    assert_eq!(dev.get("/").body, "ok");
    let reply = dev.wait_until("/log", Duration::from_secs(5), |r| r.body.contains("background"));
    assert_eq!(reply.body, r#"["response","background"]"#);
}

/// Whole bodies, whichever way the handler gives them, reach the client byte for byte.
#[test]
fn whole_text_and_byte_bodies_arrive_intact() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        (
            "src/index.ts",
            r#"
export default {
  async fetch(request: Request) {
    switch (new URL(request.url).pathname) {
      case "/text": return new Response("h\u00e9llo w\u00f6rld \u{1F600} \u2014 \u2713");
      case "/lone-surrogate": return new Response("a\uD800b");
      case "/long": return new Response("\u00e9".repeat(1_500_000));
      case "/json": return Response.json({ word: "\u00fcber" });
      case "/bytes": return new Response(new Uint8Array([0, 255, 1]));
      case "/empty": return new Response("");
      case "/headers": return new Response("ok", { headers: { "x-latin1": "caf\u00e9", "x-two": "a, b" } });
      case "/request-headers": {
        const raw = request.headers.get("x-raw")!;
        return Response.json({
          one: request.headers.get("x-one"),
          dup: request.headers.get("x-dup"),
          raw: [...raw].map((c) => c.charCodeAt(0)),
        });
      }
      default: return new Response("?", { status: 404 });
    }
  },
};
"#,
        ),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    let bytes = |path: &str| {
        let response = client().get(format!("{}{path}", dev.url)).send().unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string());
        (response.bytes().unwrap().to_vec(), content_type)
    };
    assert_eq!(bytes("/text").0, "h\u{e9}llo w\u{f6}rld \u{1F600} \u{2014} \u{2713}".as_bytes());
    assert_eq!(bytes("/lone-surrogate").0, "a\u{FFFD}b".as_bytes(), "a lone surrogate becomes U+FFFD");
    let (long, _) = bytes("/long");
    assert_eq!(long.len(), 3_000_000);
    assert!(long.chunks(2).all(|pair| pair == "\u{e9}".as_bytes()));
    let (json, content_type) = bytes("/json");
    assert_eq!(json, "{\"word\":\"\u{fc}ber\"}".as_bytes());
    assert_eq!(content_type.as_deref(), Some("application/json"));
    assert_eq!(bytes("/bytes").0, [0, 255, 1]);
    let (empty, content_type) = bytes("/empty");
    assert!(empty.is_empty());
    assert_eq!(content_type.as_deref(), Some("text/plain;charset=UTF-8"));
    let headers = client().get(format!("{}/headers", dev.url)).send().unwrap().headers().clone();
    assert_eq!(headers["x-latin1"].as_bytes(), b"caf\xe9", "a byte-string header value is sent as its bytes");
    assert_eq!(headers["x-two"], "a, b");

    let reply = send(
        client()
            .get(format!("{}/request-headers", dev.url))
            .header("x-one", "1")
            .header("x-dup", "a")
            .header("x-dup", "b")
            .header("x-raw", reqwest::header::HeaderValue::from_bytes(b"caf\xe9").unwrap()),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body, r#"{"one":"1","dup":"a, b","raw":[99,97,102,233]}"#, "each header byte is one char");
}

/// Request bodies reach the handler before the upload ends; response streams
/// reach the client chunk by chunk.
#[test]
fn bodies_stream_both_ways() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        (
            "src/index.ts",
            r#"
let release: (() => void) | null = null;
export default {
  async fetch(request: Request) {
    const path = new URL(request.url).pathname;
    if (path === "/first-chunk") {
      const reader = request.body!.getReader();
      const { value } = await reader.read();
      return new Response(`first chunk: ${new TextDecoder().decode(value)}`);
    }
    if (path === "/count") {
      let total = 0;
      for await (const chunk of request.body as any) total += chunk.byteLength;
      return new Response(String(total));
    }
    if (path === "/release") { release?.(); return new Response("released"); }
    const stream = new ReadableStream({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode("part one;"));
        await new Promise<void>((resolve) => { release = resolve; });
        controller.enqueue(new TextEncoder().encode("part two"));
        controller.close();
      },
    });
    return new Response(stream, { headers: { "content-type": "text/plain" } });
  },
};
"#,
        ),
    ]);
    // `release` is module state: keep every request on the one isolate that has it.
    let dev = Dev::start(dir.path(), &["--max-isolates", "1"]);
    let address = dev.url.trim_start_matches("http://").to_string();

    // Upload: send one chunk of a chunked body and keep the request open.
    let mut upload = TcpStream::connect(&address).unwrap();
    upload.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(upload, "POST /first-chunk HTTP/1.1\r\nHost: {address}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        .unwrap();
    let mut buffer = [0u8; 4096];
    let n = upload.read(&mut buffer).unwrap();
    let head = String::from_utf8_lossy(&buffer[..n]);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("first chunk: hello"), "answered before the upload finished: {head}");

    // A large upload is counted chunk by chunk.
    let big = vec![b'x'; 8 * 1024 * 1024];
    assert_eq!(dev.post("/count", big).body, (8 * 1024 * 1024).to_string());

    // Download: the first part arrives while the stream is still open.
    let mut download = TcpStream::connect(&address).unwrap();
    download.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(download, "GET /stream HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
    let mut seen = String::new();
    while !seen.contains("part one;") {
        let n = download.read(&mut buffer).expect("first part arrives before the stream ends");
        assert!(n > 0);
        seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    assert!(!seen.contains("part two"));
    assert_eq!(dev.get("/release").body, "released");
    let started = Instant::now();
    while !seen.contains("part two") && started.elapsed() < Duration::from_secs(10) {
        let n = download.read(&mut buffer).unwrap();
        seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    assert!(seen.contains("part two"), "{seen}");
}

#[test]
fn outbound_fetch_reaches_a_local_server() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let upstream = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(2) {
            let mut stream = stream.unwrap();
            let mut buffer = [0u8; 4096];
            let n = stream.read(&mut buffer).unwrap();
            let request = String::from_utf8_lossy(&buffer[..n]).to_string();
            let body = format!(
                "{{\"upstream\":true,\"ua\":{}}}",
                request.lines().any(|l| l.to_ascii_lowercase().starts_with("user-agent: worky/"))
            );
            write!(stream, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len()).unwrap();
        }
    });
    let config = format!("name = \"app\"\nmain = \"src/index.ts\"\n[vars]\nUPSTREAM = \"{upstream}\"\n");
    let dir = project(&[
        ("worky.toml", config.as_str()),
        (
            "src/index.ts",
            "export default { async fetch(req: Request, env: any) { const r = await fetch(env.UPSTREAM + '/data'); return Response.json({ status: r.status, data: await r.json() }); } };\n",
        ),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, r#"{"status":200,"data":{"upstream":true,"ua":true}}"#);
}

#[test]
fn syntax_error_keeps_dev_running_until_fixed() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        ("src/index.ts", "export default {\n  fetch() {\n    return new Response(\"v1\";\n  },\n};\n"),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get("/");
    assert_eq!(reply.status, 500);
    assert!(reply.body.contains("Build failed"), "{}", reply.body);
    assert!(reply.body.contains("src/index.ts:3:"), "file:line:col in the page: {}", reply.body);
    assert!(dev.output().contains("src/index.ts:3:"), "and on the terminal: {}", dev.output());

    std::fs::write(dir.path().join("src/index.ts"), "export default { fetch() { return new Response(\"v2\"); } };\n")
        .unwrap();
    let reply = dev.wait_until("/", Duration::from_secs(20), |r| r.status == 200);
    assert_eq!(reply.body, "v2");
    assert!(dev.wait_for_output("Reloaded", Duration::from_secs(5)), "{}", dev.output());

    // A new syntax error keeps the last good version serving.
    std::fs::write(dir.path().join("src/index.ts"), "export default { fetch() { return new Response(\"v3\" } };\n")
        .unwrap();
    assert!(dev.wait_for_output("build failed", Duration::from_secs(20)), "{}", dev.output());
    assert_eq!(dev.get("/").body, "v2");
}

#[test]
fn top_level_exception_and_missing_handler_are_reported() {
    let dir = project(&[("worky.toml", CONFIG), ("src/index.ts", "export default { nothing: true };\n")]);
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get("/");
    assert_eq!(reply.status, 500);
    assert!(reply.body.contains("no fetch handler"), "{}", reply.body);
    drop(dev);

    let dir =
        project(&[("worky.toml", CONFIG), ("src/index.ts", "\nthrow new Error('bad module');\nexport default {};\n")]);
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get("/");
    assert_eq!(reply.status, 500);
    assert!(reply.body.contains("bad module"), "{}", reply.body);
    assert!(reply.body.contains("src/index.ts:2:"), "{}", reply.body);
}

#[test]
fn entry_argument_needs_no_config_and_names_the_worker() {
    let dir = project(&[("hello.js", "export default { fetch: () => new Response('from a file') };\n")]);
    let dev = Dev::start(dir.path(), &["hello.js"]);
    assert_eq!(dev.get("/").body, "from a file");
    assert!(dev.output().contains("hello"), "{}", dev.output());
}

#[test]
fn port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir =
        project(&[("worky.toml", CONFIG), ("src/index.ts", "export default { fetch: () => new Response('x') };\n")]);
    let out = run(dir.path(), &["dev", "--port", &port]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("port {port} is already in use")) && err.contains("--port"), "{err}");
}

#[test]
fn bad_config_and_missing_entry_fail_with_file_and_line() {
    let dir = project(&[("worky.toml", "name = \"app\"\nmian = \"src/index.ts\"\n")]);
    let out = run(dir.path(), &["dev"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("worky.toml") && err.contains("line 2") && err.contains("unknown field `mian`"), "{err}");

    let dir = project(&[("worky.toml", "name = \"app\"\nmain = \"src/missing.ts\"\n")]);
    let out = run(dir.path(), &["dev"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("src/missing.ts does not exist") && err.contains("set by `main`"), "{err}");

    // `main` outside the project, by path or through a link, is read by no command.
    let outside = project(&[("secret.js", "export default { fetch: () => new Response('SECRET') };\n")]);
    let secret = outside.path().join("secret.js");
    let dir = project(&[("worky.toml", &format!("name = \"app\"\nmain = \"{}\"\n", secret.display()))]);
    std::os::unix::fs::symlink(&secret, dir.path().join("link.js")).unwrap();
    for config in
        [format!("name = \"app\"\nmain = \"{}\"\n", secret.display()), "name = \"app\"\nmain = \"link.js\"\n".into()]
    {
        std::fs::write(dir.path().join("worky.toml"), config).unwrap();
        for command in ["dev", "build", "publish"] {
            let out = run(dir.path(), &[command]);
            assert_eq!(out.status.code(), Some(1), "{command}");
            let err = stderr(&out);
            assert!(
                err.contains("worky.toml") && err.contains("`main` points outside the project"),
                "{command}: {err}"
            );
            assert!(!err.contains("SECRET"), "{err}");
        }
    }
}

#[test]
fn ctrl_c_stops_cleanly() {
    let dir =
        project(&[("worky.toml", CONFIG), ("src/index.ts", "export default { fetch: () => new Response('x') };\n")]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "x");
    let (code, output) = dev.stop();
    assert_eq!(code, Some(0), "{output}");
}

#[test]
fn secrets_stay_out_of_error_pages_and_logs() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        (".dev.vars", "API_TOKEN=hunter2-secret\n"),
        (
            "src/index.ts",
            "export default { fetch(req: Request, env: any) { if (env.API_TOKEN.length > 0) throw new Error('failed to call the API'); return new Response('x'); } };\n",
        ),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    for accept in ["text/html", "*/*"] {
        let reply = dev.get_with("/", accept);
        assert_eq!(reply.status, 500);
        assert!(reply.body.contains("failed to call the API"), "{}", reply.body);
        assert!(!reply.body.contains("hunter2"), "{}", reply.body);
    }
    assert!(!dev.output().contains("hunter2"), "{}", dev.output());
    let types = run(dir.path(), &["types"]);
    assert!(types.status.success(), "{}", stderr(&types));
    let generated = std::fs::read_to_string(dir.path().join("worker-configuration.d.ts")).unwrap();
    assert!(generated.contains("API_TOKEN: string;") && !generated.contains("hunter2"), "{generated}");
}

/// DNS rebinding: a page on evil.test re-points its name at 127.0.0.1 and reads
/// what the dev server answers. Dev answers only Hosts such a page cannot send.
#[test]
fn dev_answers_only_hosts_a_web_page_cannot_rebind() {
    let dir = project(&[
        ("worky.toml", "name = \"a\"\nmain = \"src/index.js\"\n[dev]\nallowed_hosts = [\"mine.test\"]\n"),
        ("src/index.js", "export default { fetch: () => new Response('hi') };\n"),
    ]);
    let dev = Dev::start(dir.path(), &["--allowed-host", ".apps.test"]);
    let port = dev.url.rsplit(':').next().unwrap().to_string();
    let with_host = |host: &str| send(client().get(format!("{}/", dev.url)).header("host", host));
    let blocked = with_host(&format!("rebind.evil.test:{port}"));
    assert_eq!(blocked.status, 403, "{}", blocked.body);
    assert!(blocked.body.contains("--allowed-host rebind.evil.test"), "says how to allow it: {}", blocked.body);
    for host in ["localhost", "app.localhost", "127.0.0.1", "[::1]", "mine.test", "x.apps.test", "apps.test"] {
        let reply = with_host(&format!("{host}:{port}"));
        assert_eq!((reply.status, reply.body.as_str()), (200, "hi"), "Host: {host}");
    }
    assert!(dev.output().contains("403"), "the blocked request is logged: {}", dev.output());
}

/// The engine keeps compiled bytecode in memory: nothing of a worker is written to
/// the user's cache (the engine binding used to write every module it compiled to
/// `~/.cache/v8x/quickjs-bytecode` and never remove one).
#[test]
fn compiled_workers_are_not_written_to_the_users_cache() {
    let dir =
        project(&[("worky.toml", CONFIG), ("src/index.ts", "export default { fetch: () => new Response('ok') };\n")]);
    let cache = tempfile::tempdir().unwrap();
    let cache_dir = cache.path().to_str().unwrap();
    let dev = Dev::start_with_env(dir.path(), &[], &[("XDG_CACHE_HOME", cache_dir), ("WORKY_SNAPSHOT", "0")]);
    assert_eq!(dev.get("/").body, "ok");
    // A second isolate of the same worker: its module comes from the cache.
    std::fs::write(dir.path().join("src/index.ts"), "export default { fetch: () => new Response('again') };\n")
        .unwrap();
    let reply = dev.wait_until("/", Duration::from_secs(10), |reply| reply.body == "again");
    assert_eq!(reply.body, "again");
    let written: Vec<_> = std::fs::read_dir(cache.path()).unwrap().flatten().map(|entry| entry.file_name()).collect();
    assert!(written.is_empty(), "written to the cache: {written:?}");
}
