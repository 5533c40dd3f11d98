//! The Rate Limiting binding end to end: a wrangler project's `[[ratelimits]]`
//! under `worky dev` (a key's limit a window, bindings of one namespace
//! sharing counts, the counts kept across a reload), its config errors with
//! file:line, and `worky serve`, where two deployments naming the same
//! namespace_id count apart. What the binding answers is compared with
//! miniflare's in tests/workerd/rate_limits.js.

mod common;

use std::time::Duration;

use common::*;

const WRANGLER_TOML: &str = r#"
name = "api"
main = "src/index.js"
compatibility_date = "2025-11-01"

[[ratelimits]]
name = "LIMITER"
namespace_id = "1001"
simple = { limit = 3, period = 60 }

[[ratelimits]]
name = "SAME"
namespace_id = "1001"
simple = { limit = 3, period = 60 }

[[ratelimits]]
name = "OTHER"
namespace_id = "1002"
simple = { limit = 3, period = 60 }
"#;

/// `/?binding=NAME&key=K&n=N` makes N calls for K and answers which went ahead
/// ("yes,yes,no"), after waiting out the last seconds of a minute so the calls
/// fall in one window.
const WORKER: &str = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (Date.now() % 60000 > 55000) await new Promise((r) => setTimeout(r, 60000 - (Date.now() % 60000) + 100));
    const limiter = env[url.searchParams.get("binding")];
    const answers = [];
    for (let i = 0; i < Number(url.searchParams.get("n")); i++) {
      answers.push((await limiter.limit({ key: url.searchParams.get("key") })).success ? "yes" : "no");
    }
    return new Response(answers.join(","));
  },
};
"#;

#[test]
fn a_key_gets_its_limit_and_a_namespace_is_shared_by_its_bindings() {
    let dir = project(&[("wrangler.toml", WRANGLER_TOML), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.output().contains("env.LIMITER") && dev.output().contains("3 calls a 60 s window, namespace 1001"));
    let calls = |binding: &str, key: &str, n: u32| dev.get(&format!("/?binding={binding}&key={key}&n={n}")).body;
    assert_eq!(calls("LIMITER", "alice", 4), "yes,yes,yes,no");
    assert_eq!(calls("LIMITER", "bob", 1), "yes", "each key counts apart");
    assert_eq!(calls("SAME", "bob", 3), "yes,yes,no", "a binding of the same namespace counts with it");
    assert_eq!(calls("OTHER", "alice", 1), "yes", "another namespace counts apart");
    // A reload keeps the counts: the worker changed, not the window.
    std::fs::write(dir.path().join("src/index.js"), WORKER.replace("answers.join(\",\")", "answers.join(\";\")"))
        .unwrap();
    assert!(dev.wait_for_output("Reloaded", Duration::from_secs(20)), "{}", dev.output());
    assert_eq!(calls("LIMITER", "alice", 1), "no");
}

#[test]
fn rate_limit_config_errors_name_the_line() {
    let limiter = |simple: &str| {
        format!(
            "name = \"api\"\nmain = \"src/index.js\"\n[[ratelimits]]\nname = \"LIMITER\"\nnamespace_id = \"1\"\nsimple = {simple}\n"
        )
    };
    let worker = "export default { fetch() { return new Response('') } }";
    for (simple, at, said) in [
        ("{ limit = 3, period = 30 }", "wrangler.toml:6:32", "simple.period must be 10 or 60 (seconds), not 30"),
        ("{ limit = 0, period = 60 }", "wrangler.toml:6:20", "simple.limit must be greater than 0"),
        ("{ limit = 3 }", "wrangler.toml: TOML parse error at line 6, column 10", "missing field `period`"),
    ] {
        let dir = project(&[("wrangler.toml", &limiter(simple)), ("src/index.js", worker)]);
        let out = run(dir.path(), &["build"]);
        assert!(!out.status.success());
        let stderr = stderr(&out);
        assert!(stderr.contains(at) && stderr.contains(said), "{simple}: {stderr}");
    }
    let dir = project(&[("wrangler.toml", &limiter("{ limit = 3, period = 10 }")), ("src/index.js", worker)]);
    assert!(run(dir.path(), &["build"]).status.success());
}

#[test]
fn deployments_naming_one_namespace_count_apart() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let toml = "compatibility_date = \"2025-11-01\"\n[[ratelimits]]\nname = \"LIMITER\"\nnamespace_id = \"7\"\n\
                simple = { limit = 2, period = 10 }\n";
    pack_worker(&publisher, packages.path(), "one", "1.0.0", toml, WORKER);
    pack_worker(&publisher, packages.path(), "two", "1.0.0", toml, WORKER);
    let host = tempfile::tempdir().unwrap();
    let deployments = [deployment("one", "1.0.0", "one.test"), deployment("two", "1.0.0", "two.test")].concat();
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployments));
    // Not across a ten-second window's end.
    while std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() % 10_000 > 8_000 {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(serve.get("/?binding=LIMITER&key=k&n=3", Some("one.test")).body, "yes,yes,no");
    assert_eq!(serve.get("/?binding=LIMITER&key=k&n=3", Some("two.test")).body, "yes,yes,no");
}
