//! `nodejs_compat`: the Node.js modules worky provides, only for workers that
//! turn the flag on, and npm packages written for Node.js running on them.
//! Each module's behaviour next to workerd's is in tests/workerd/node_*.js.

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

/// What jsonwebtoken 9.0.2 signs on Node.js with the fixture's RSA key (RS256
/// is deterministic).
const RS256_TOKEN: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEifQ.\
    Q_erksdGXcBI9s8KoXerCbC10ogzW_kKsoWPR2RFxnIN2giCjhhyYwVWSEqHtCQQezv2z0yWgaKuw5yHxow8C3EQdV_NZffdobjV4Xi0gLzQGfEEjkVAo\
    81q3-P7vsbUcXLT94M0d_AyhffzgiP-L0EwSEGKTxMWMiz2xoYQO6bhc-AZFC1jevIc9B-McjJkSERuZJSSrKlMUjQKKyrCW25JEpszJ8Gefy_guFScoKQ2\
    hby4ziyp4-YMqmvJp5o4kMTSMIovDTK-hjrLm45qXGOkf_j64T21ZCdsk3OvoOHbpOKpsARCOpjWsAgQ-o9v11w-ZUrKm9xKXsqZEwndZA";

/// jsonwebtoken signs and verifies with node:crypto (HMAC, KeyObject,
/// timingSafeEqual) and pg's classes construct on node:events, node:stream and
/// node:util: CommonJS packages whose `require("crypto")` and `require("events")`
/// get the runtime's modules.
#[test]
fn npm_packages_written_for_node_run_under_nodejs_compat() {
    let dir = fixture("node-packages");
    npm_install(dir.path());
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get("/jwt");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let jwt: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    // What jsonwebtoken 9.0.2 gives on Node.js for the same claims and secret.
    assert_eq!(
        jwt["token"],
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJyb2xlIjoiYWRtaW4ifQ.\
         lo_RrGFfnnFQ0efE9iqgdRw6dTTAkMMky47nlMnjbyk"
    );
    assert_eq!(jwt["decoded"], serde_json::json!({ "sub": "user-1", "role": "admin" }));
    assert_eq!(jwt["wrongSecret"], "JsonWebTokenError: invalid signature");
    // RS256: node:crypto's createPrivateKey/createPublicKey and createSign/createVerify.
    let reply = dev.get("/jwt-rs256");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let rs256: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(rs256["token"], RS256_TOKEN);
    assert_eq!(rs256["decoded"], serde_json::json!({ "sub": "user-1" }));
    assert_eq!(rs256["tampered"], "JsonWebTokenError: invalid signature");
    let reply = dev.get("/pg");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let pg: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(
        pg,
        serde_json::json!({
            "client": "Client", "database": "app", "pool": "function", "escaped": "'it''s'", "events": ["emitted"]
        })
    );
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
    assert!(err.contains("add compatibility_flags = [\"nodejs_compat\"] to worky.toml"), "{err}");

    // With it, a module Workers does not have either is named as such.
    std::fs::write(
        dir.path().join("worky.toml"),
        "name = \"plain\"\nmain = \"src/index.js\"\ncompatibility_flags = [\"nodejs_compat\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/index.js"),
        "import sqlite from \"node:sqlite\";\nexport default { fetch: () => new Response(typeof sqlite) };\n",
    )
    .unwrap();
    let err = stderr(&run(dir.path(), &["build"]));
    assert!(err.contains("src/index.js:1:") && err.contains("provides the Node.js modules Workers has"), "{err}");
    // And the bare name resolves like the node: one.
    std::fs::write(
        dir.path().join("src/index.js"),
        "import { AsyncLocalStorage } from \"async_hooks\";\nexport default { fetch: () => new Response(typeof AsyncLocalStorage) };\n",
    )
    .unwrap();
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "function");
}

/// As on Workers, `nodejs_compat` is on by default from compatibility date
/// 2026-08-04 (the day before it is not), and `no_nodejs_compat` with
/// `no_nodejs_compat_v2` turns it off again; `Cloudflare.compatibilityFlags`
/// says which.
#[test]
fn nodejs_compat_is_on_by_date_from_2026_08_04() {
    const WORKER: &str = "import { Buffer } from \"node:buffer\";\n\
        export default { fetch: () => new Response(`${Buffer.from(\"ok\").toString(\"base64\")} \
        ${Cloudflare.compatibilityFlags.nodejs_compat} ${typeof process}`) };\n";
    let config = |date: &str, flags: &str| {
        format!(
            "name = \"dated\"\nmain = \"src/index.js\"\ncompatibility_date = \"{date}\"\ncompatibility_flags = [{flags}]\n"
        )
    };
    let dir = project(&[("worky.toml", &config("2026-08-04", "")), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "b2s= true object");
    drop(dev);

    for (date, flags) in [("2026-08-03", ""), ("2026-11-27", "\"no_nodejs_compat\", \"no_nodejs_compat_v2\"")] {
        std::fs::write(dir.path().join("worky.toml"), config(date, flags)).unwrap();
        let out = run(dir.path(), &["build"]);
        assert_eq!(out.status.code(), Some(1), "{date} [{flags}]");
        let err = stderr(&out);
        assert!(err.contains("src/index.js:1:") && err.contains("compatibility_date of 2026-08-04 or later"), "{err}");
    }
}

/// What Workers cannot do (write files, spawn processes) imports, and throws
/// when called, as wrangler's polyfills do: a package that only mentions
/// node:fs or node:child_process still runs.
#[test]
fn unsupported_node_apis_throw_when_called_not_when_imported() {
    let source = r#"
import fs from "node:fs";
import { spawn } from "child_process";
export default {
  fetch() {
    const errors = [];
    for (const call of [() => fs.writeFileSync("/tmp/x", "y"), () => spawn("ls")]) {
      try { call(); errors.push("no error"); } catch (err) { errors.push(err.message); }
    }
    return new Response(errors.join("\n"));
  },
};
"#;
    let reply = answer_with_nodejs_compat("calls", source);
    assert_eq!(
        reply.body,
        "[unenv] fs.writeFileSync is not implemented yet!\n[unenv] child_process.spawn is not implemented yet!"
    );
}

/// Modules are loaded on a worker's first `require` of them, each once per
/// isolate (with the modules they require), and a name worky has no module for
/// is a TypeError saying so, as workerd's `No such module` is.
#[test]
fn node_modules_load_on_first_require_and_unknown_names_throw() {
    let source = r#"
const require = globalThis[Symbol.for("worky.node")];
export default {
  fetch() {
    const first = require("node:util");
    const again = require("util");
    let unknown;
    try {
      require("node:no_such_module");
    } catch (error) {
      unknown = `${error.constructor.name}: ${error.message}`;
    }
    return Response.json({
      same: first === again,
      format: first.format("%s=%d", "n", 42),
      events: typeof require("node:events").EventEmitter,
      unknown,
    });
  },
};
"#;
    let reply = answer_with_nodejs_compat("loads", source);
    let body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "same": true,
            "format": "n=42",
            "events": "function",
            "unknown": "TypeError: No such module \"node:no_such_module\".",
        })
    );
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
    // On by the date alone, the line says so; once tsconfig.json has "node", it is quiet.
    let dated = "name = \"typed\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-11-01\"\n";
    std::fs::write(dir.path().join("worky.toml"), dated).unwrap();
    let said = stderr(&run(dir.path(), &["types"]));
    assert!(said.contains("nodejs_compat is on (by compatibility_date 2026-11-01)"), "{said}");
    std::fs::write(dir.path().join("tsconfig.json"), r#"{ "compilerOptions": { "types": ["node"] } }"#).unwrap();
    assert!(!stderr(&run(dir.path(), &["types"])).contains("@types/node"));
}

/// What a worker with nodejs_compat, `source` as its module, answers to `GET /`
/// (a 200, or the test fails saying what came back).
fn answer_with_nodejs_compat(name: &str, source: &str) -> Reply {
    let toml = format!("name = \"{name}\"\nmain = \"src/index.js\"\ncompatibility_flags = [\"nodejs_compat\"]\n");
    let dir = project(&[("worky.toml", &toml), ("src/index.js", source)]);
    let reply = Dev::start(dir.path(), &[]).get("/");
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply
}
