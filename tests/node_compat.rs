//! `nodejs_compat`: the Node.js modules worky provides (so far
//! `node:async_hooks`), only for workers that turn the flag on. The module's
//! behaviour next to workerd's is in tests/workerd/node_async_hooks.js.

mod common;

use common::*;

/// Hono's context storage (AsyncLocalStorage from node:async_hooks, an npm
/// package's own use of it) keeps each request's context through its awaits,
/// with requests interleaved on one isolate.
#[test]
fn an_npm_package_keeps_request_context_in_async_local_storage() {
    let dir = fixture("hono-context");
    npm_install(dir.path());
    let dev = Dev::start(dir.path(), &["--max-isolates", "1"]);
    // The slow one starts first and answers last: its context must survive the other's.
    let replies = get_concurrently(&dev.url, ["/?id=slow&wait=300".to_string(), "/?id=fast&wait=0".to_string()]);
    let bodies: Vec<&str> = replies.iter().map(|reply| reply.body.as_str()).collect();
    assert_eq!(bodies, ["slow:slow", "fast:fast"]);
}

const COUNTER: &str = r#"
import { AsyncLocalStorage } from "node:async_hooks";
const storage = new AsyncLocalStorage();
export default {
  async fetch(request) {
    const target = new URL(request.url).searchParams.get("target");
    const results = [];
    // Each fetch in a scope of its own: the request's subrequest budget is one all the same.
    for (let i = 0; i < 3; i++) {
      results.push(await storage.run(i, async () => {
        try {
          await fetch(target);
          return `ok${storage.getStore()}`;
        } catch (err) {
          return err.message;
        }
      }));
    }
    return new Response(results.join("|"));
  },
};
"#;

/// The stores live beside the request's own state, not in a copy of it: a
/// worker cannot reset its subrequest budget by opening a new scope.
#[test]
fn async_local_storage_scopes_share_the_requests_limits() {
    let dir = project(&[
        (
            "worky.toml",
            "name = \"counter\"\nmain = \"src/index.js\"\ncompatibility_flags = [\"nodejs_compat\"]\n\
             [limits]\nsubrequests = 2\n",
        ),
        ("src/index.js", COUNTER),
    ]);
    let upstream = http_server("127.0.0.1", |_| http_response("200 OK", "", "up"));
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get(&format!("/?target=http://{upstream}/"));
    assert!(reply.body.starts_with("ok0|ok1|Too many subrequests by single Worker invocation."), "{}", reply.body);
}

/// Without the flag the import is a build error that says which flag gives it.
#[test]
fn without_nodejs_compat_node_modules_fail_the_build_naming_the_flag() {
    let dir = project(&[("worky.toml", "name = \"plain\"\nmain = \"src/index.js\"\n"), ("src/index.js", COUNTER)]);
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("src/index.js:2:"), "{err}");
    assert!(err.contains("add compatibility_flags = [\"nodejs_compat\"]") && err.contains("node:async_hooks"), "{err}");

    // With it, a module worky does not provide yet is named as such.
    std::fs::write(
        dir.path().join("worky.toml"),
        "name = \"plain\"\nmain = \"src/index.js\"\ncompatibility_flags = [\"nodejs_compat\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/index.js"),
        "import fs from \"node:fs\";\nexport default { fetch: () => new Response(typeof fs) };\n",
    )
    .unwrap();
    let err = stderr(&run(dir.path(), &["build"]));
    assert!(err.contains("worky's nodejs_compat provides node:async_hooks so far"), "{err}");
    // And the bare name resolves like the node: one.
    std::fs::write(
        dir.path().join("src/index.js"),
        "import { AsyncLocalStorage } from \"async_hooks\";\nexport default { fetch: () => new Response(typeof AsyncLocalStorage) };\n",
    )
    .unwrap();
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "function");
}

/// `worky types` says where the `node:` modules' types come from.
#[test]
fn types_point_at_types_node_when_the_flag_is_on() {
    let dir = project(&[
        ("worky.toml", "name = \"typed\"\nmain = \"src/index.js\"\ncompatibility_flags = [\"nodejs_compat\"]\n"),
        ("src/index.js", "export default { fetch: () => new Response(\"ok\") };\n"),
    ]);
    let out = run(dir.path(), &["types"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("npm install -D @types/node"), "{}", stderr(&out));
    std::fs::write(dir.path().join("worky.toml"), "name = \"typed\"\nmain = \"src/index.js\"\n").unwrap();
    assert!(!stderr(&run(dir.path(), &["types"])).contains("@types/node"));
}
