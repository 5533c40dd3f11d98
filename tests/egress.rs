//! Where a served worker's `fetch()` may go: internal networks (loopback,
//! private, link-local metadata) and the host's own listener are denied by
//! default, also behind a name or a redirect; operators let addresses in with
//! `allow_internal` and narrow or widen with `allow` and `deny`. `worky dev`
//! keeps every destination open.

mod common;

use std::time::Duration;

use common::*;

const FETCHER: &str = r#"
export default {
  async fetch(request) {
    const target = new URL(request.url).searchParams.get("url");
    try {
      const response = await fetch(target);
      return new Response(`reached ${response.status} ${await response.text()}`);
    } catch (error) {
      return new Response(`refused ${error.name}: ${error.message}`, { status: 502 });
    }
  },
};
"#;

fn fetcher(name: &str) -> tempfile::TempDir {
    project(&[("worky.toml", &format!("name = \"{name}\"\nmain = \"src/index.js\"\n")), ("src/index.js", FETCHER)])
}

/// What the worker behind `host` got when it fetched `url`.
fn fetch_through(serve: &Serve, host: &str, url: &str) -> (u16, String) {
    let request = client().get(format!("{}/", serve.url)).query(&[("url", url)]).header("host", host);
    let reply = send(request);
    (reply.status, reply.body)
}

fn assert_refused(serve: &Serve, host: &str, url: &str) {
    let (status, body) = fetch_through(serve, host, url);
    assert_eq!(status, 502, "{host} fetching {url} was not refused: {body}");
    assert!(
        body.starts_with("refused Error: fetch() to ")
            && body.ends_with(" is not allowed by this host's egress policy"),
        "{host} fetching {url}: {body}"
    );
}

fn assert_reached(serve: &Serve, host: &str, url: &str, expected: &str) {
    let (status, body) = fetch_through(serve, host, url);
    assert_eq!((status, body.as_str()), (200, expected), "{host} fetching {url}");
}

#[test]
fn internal_networks_and_the_host_itself_are_denied_unless_let_in() {
    let secret = http_server("127.0.0.1", |_| http_response("200 OK", "", "secret"));
    let internal = http_server("127.0.0.2", |path| match path {
        "/redirect" => {
            // The port of `secret` is not known here: it is passed in the query.
            http_response("200 OK", "", "unused")
        }
        _ => http_response("200 OK", "", "internal ok"),
    });
    let redirect_to_secret = {
        // A second server on 127.0.0.2 whose every answer redirects to `secret`.
        static SECRET: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        SECRET.set(format!("http://{secret}/")).unwrap();
        http_server("127.0.0.2", |_| {
            http_response("302 Found", &format!("Location: {}\r\n", SECRET.get().unwrap()), "")
        })
    };

    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let egress = [
        ("locked", String::new()),
        ("inside", "allow_internal = [\"127.0.0.2\"]\n".to_string()),
        ("listed", format!("allow_internal = [\"127.0.0.2\"]\nallow = [\"{internal}\"]\n")),
        ("denied", format!("allow_internal = [\"127.0.0.0/8\"]\ndeny = [\"{internal}\"]\n")),
    ];
    let mut deployments = String::new();
    for (name, policy) in &egress {
        pack_worker(&publisher, packages.path(), name, "1.0.0", "", FETCHER);
        deployments += &deployment(name, "1.0.0", &format!("{name}.test"));
        if !policy.is_empty() {
            deployments += &format!("[deployments.egress]\n{policy}");
        }
    }
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(host.path(), packages.path(), &publisher, &deployments);
    let serve = Serve::start(&config);
    let log = serve.log_with(&["Deployed denied@1.0.0"]);
    assert!(!log.contains("not started"), "{log}");
    let port = secret.port();

    // Denied by default: loopback by address and by name, IPv6 loopback, cloud
    // metadata, private ranges, and serve's own front.
    for url in [
        format!("http://{secret}/"),
        format!("http://localhost:{port}/"),
        format!("http://[::1]:{port}/"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://10.1.2.3/".to_string(),
        format!("{}/__worky/deployments", serve.url),
    ] {
        assert_refused(&serve, "locked.test", &url);
    }

    // Let in: exactly the addresses named, and a redirect out of them is checked again.
    assert_reached(&serve, "inside.test", &format!("http://{internal}/"), "reached 200 internal ok");
    assert_refused(&serve, "inside.test", &format!("http://{secret}/"));
    assert_refused(&serve, "inside.test", &format!("http://{redirect_to_secret}/"));

    // An allow list admits only what it lists; a deny list wins over everything.
    assert_reached(&serve, "listed.test", &format!("http://{internal}/"), "reached 200 internal ok");
    assert_refused(&serve, "listed.test", &format!("http://{redirect_to_secret}/"));
    assert_refused(&serve, "denied.test", &format!("http://{internal}/"));
    assert_reached(&serve, "denied.test", &format!("http://{secret}/"), "reached 200 secret");
}

#[test]
fn dev_keeps_every_destination_open() {
    let local = http_server("127.0.0.1", |_| http_response("200 OK", "", "local api"));
    let dir = fetcher("dev");
    let dev = Dev::start(dir.path(), &[]);
    let reply = send(client().get(format!("{}/", dev.url)).query(&[("url", format!("http://{local}/"))]));
    assert_eq!((reply.status, reply.body.as_str()), (200, "reached 200 local api"));
}

#[test]
fn a_bad_egress_entry_names_its_line() {
    let serve_toml = |host: &std::path::Path, packages: &std::path::Path, publisher: &Publisher, extra: &str| {
        let config = common::serve_toml(host, packages, publisher, extra);
        let text = std::fs::read_to_string(&config).unwrap().replace("@PORT@", "0");
        std::fs::write(&config, text).unwrap();
        config
    };
    let publisher = keygen();
    let host = tempfile::tempdir().unwrap();
    let packages = tempfile::tempdir().unwrap();
    let config = serve_toml(host.path(), packages.path(), &publisher, "[egress]\ndeny = [\"http://evil.test/\"]\n");
    let out = worky().args(["serve", "--config", config.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("serve.toml:6:") && err.contains("`http://evil.test/` is not a host"), "{err}");
    let config = serve_toml(host.path(), packages.path(), &publisher, "[egress]\nallow_internal = [\"db.internal\"]\n");
    let out = worky().args(["serve", "--config", config.to_str().unwrap()]).output().unwrap();
    let err = stderr(&out);
    assert!(err.contains("serve.toml:6:") && err.contains("allow_internal takes IP addresses"), "{err}");
}

const FETCH_MANY: &str = r#"
// `n` fetches; after half of them, a pause of `pause` ms (a timer). With `later`,
// they run after the response, in a timer inside waitUntil.
async function fetchMany(target, count, pause) {
  let ok = 0;
  for (let i = 0; i < count; i++) {
    if (i === Math.floor(count / 2) && pause > 0) await new Promise((r) => setTimeout(r, pause));
    try {
      await (await fetch(target)).text();
      ok++;
    } catch (error) {
      return `${ok} ok, then ${error.name}: ${error.message}`;
    }
  }
  return `${ok} ok`;
}
let lastLater = "none yet";
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/later") return new Response(lastLater);
    const target = url.searchParams.get("url");
    const count = Number(url.searchParams.get("n"));
    const pause = Number(url.searchParams.get("pause") ?? 0);
    if (url.searchParams.has("later")) {
      ctx.waitUntil(new Promise((r) => setTimeout(r, 10)).then(() => fetchMany(target, count, 0)).then((r) => {
        lastLater = r;
      }));
      return new Response("answered");
    }
    return new Response(await fetchMany(target, count, pause));
  },
};
"#;

/// Workers' `limits.subrequests`: one request may call fetch() that many times.
#[test]
fn a_request_makes_at_most_its_subrequest_limit() {
    let local = http_server("127.0.0.1", |_| http_response("200 OK", "", "x"));
    let dir = project(&[
        ("worky.toml", "name = \"many\"\nmain = \"src/index.js\"\n[limits]\nsubrequests = 5\n"),
        ("src/index.js", FETCH_MANY),
    ]);
    let dev = Dev::start(dir.path(), &["--max-isolates", "1"]);
    let many = |n: u32| {
        send(client().get(format!("{}/", dev.url)).query(&[("url", format!("http://{local}/")), ("n", n.to_string())]))
            .body
    };
    assert_eq!(many(5), "5 ok");
    assert_eq!(
        many(6),
        "5 ok, then Error: Too many subrequests by single Worker invocation. To configure this limit, \
         set `subrequests` in [limits] of worky.toml."
    );
    assert_eq!(many(5), "5 ok", "each request brings its own allowance");

    // Counted per request, across awaits and timers, however requests interleave on
    // one isolate: a request that pauses half-way while another one fetches still
    // gets exactly its own five.
    let url = dev.url.clone();
    let target = format!("http://{local}/");
    let paused = std::thread::spawn(move || {
        send(client().get(format!("{url}/")).query(&[("url", target.as_str()), ("n", "6"), ("pause", "800")])).body
    });
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(many(3), "3 ok", "the request that came in meanwhile");
    assert_eq!(
        paused.join().unwrap(),
        "5 ok, then Error: Too many subrequests by single Worker invocation. To configure this limit, \
         set `subrequests` in [limits] of worky.toml."
    );
    // waitUntil work after the response still belongs to its request.
    let later = |n: u32| {
        let query = [("url", format!("http://{local}/")), ("n", n.to_string()), ("later", String::new())];
        assert_eq!(send(client().get(format!("{}/", dev.url)).query(&query)).body, "answered");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let last = dev.get("/later").body;
            if last != "none yet" {
                return last;
            }
            assert!(std::time::Instant::now() < deadline, "the waitUntil work did not finish");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    assert_eq!(
        later(6),
        "5 ok, then Error: Too many subrequests by single Worker invocation. To configure this limit, \
         set `subrequests` in [limits] of worky.toml."
    );

    let invalid = project(&[
        ("worky.toml", "name = \"many\"\nmain = \"src/index.js\"\n[limits]\nsubrequests = 10001\n"),
        ("src/index.js", FETCH_MANY),
    ]);
    let out = run(invalid.path(), &["dev"]);
    let err = stderr(&out);
    assert!(err.contains("worky.toml:4:") && err.contains("limits.subrequests must be at most 10000"), "{err}");
}

/// A worker that forwards the request it got to itself would recurse until
/// something broke; each pass is counted in `x-worky-depth` and the 17th is
/// answered 508, which every pass then returns.
#[test]
fn a_worker_fetching_itself_is_stopped_as_a_loop() {
    let dir = project(&[
        ("worky.toml", "name = \"loop\"\nmain = \"src/index.js\"\n"),
        ("src/index.js", "export default { fetch: (request) => fetch(request) };\n"),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get("/");
    assert_eq!(reply.status, 508, "{}", reply.body);
    assert!(
        reply.body.contains("Subrequest depth limit exceeded: this request passed through workers 16 times"),
        "{}",
        reply.body
    );
    // The depth travels with every fetch a request makes, also a new request built
    // from the URL alone (after an await, in a timer).
    let fresh = project(&[
        ("worky.toml", "name = \"loop\"\nmain = \"src/index.js\"\n"),
        (
            "src/index.js",
            "export default { async fetch(request) {\n\
               await new Promise((r) => setTimeout(r, 1));\n\
               const reply = await fetch(request.url, { headers: { 'x-worky-depth': '0' } });\n\
               return new Response(reply.body, { status: reply.status });\n\
             } };\n",
        ),
    ]);
    let fresh = Dev::start(fresh.path(), &[]);
    let reply = fresh.get("/");
    assert_eq!(reply.status, 508, "{}", reply.body);
    assert!(reply.body.contains("passed through workers 16 times"), "{}", reply.body);
    // The count is the header's, kept by the runtime: the worker does not see it
    // among its request's headers (workerd has no such header), and a request that
    // arrives already past the limit is refused before any worker runs.
    let hello = project(&[
        ("worky.toml", "name = \"hello\"\nmain = \"src/index.js\"\n"),
        (
            "src/index.js",
            "export default { fetch: (request) => new Response(`${request.headers.get('x-worky-depth')} ${[...request.headers.keys()].includes('x-worky-depth')}`) };\n",
        ),
    ]);
    let hello = Dev::start(hello.path(), &[]);
    assert_eq!(hello.get("/").body, "null false", "the loop count is not among the worker's headers");
    let deep = send(client().get(format!("{}/", hello.url)).header("x-worky-depth", "16"));
    assert_eq!(deep.status, 508);
}
