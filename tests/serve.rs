//! The deployment path end to end: init, build, keygen, publish to a registry,
//! `worky serve` pulls, verifies and runs it; switch versions; roll back.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

fn worker(version: &str) -> String {
    format!(
        "export default {{ async fetch(req: Request, env: any) {{\n  if (new URL(req.url).pathname.endsWith('/boom')) throw new Error('exploded in {version}');\n  await env.KV.put('seen', '{version}');\n  return new Response(`shop {version} ${{env.GREETING}}`);\n}} }};\n"
    )
}

/// A project made by `worky init` (into an empty temp dir), then given a version,
/// a KV binding and our worker.
fn shop() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["init", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    write_files(
        dir.path(),
        &[
            (
                "worky.toml",
                "name = \"shop\"\nversion = \"1.0.0\"\nmain = \"src/index.ts\"\n[vars]\nGREETING = \"hi\"\n[[kv_namespaces]]\nbinding = \"KV\"\n",
            ),
            ("src/index.ts", &worker("1.0.0")),
        ],
    );
    dir
}

fn publish_version(dir: &Path, publisher: &Publisher, registry: &str, version: &str) {
    std::fs::write(dir.join("src/index.ts"), worker(version)).unwrap();
    let out =
        run(dir, &["publish", "--registry", registry, "--token", "t", "--key", &publisher.key, "--version", version]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn publish_serve_switch_and_roll_back() {
    let publisher = keygen();
    let storage = tempfile::tempdir().unwrap();
    let registry = Registry::start(storage.path(), &[&format!("t={}", publisher.public_key)]);
    let app = shop();
    assert!(run(app.path(), &["build"]).status.success());
    publish_version(app.path(), &publisher, &registry.url, "1.0.0");
    publish_version(app.path(), &publisher, &registry.url, "1.0.1");

    let host = tempfile::tempdir().unwrap();
    let config = host.path().join("serve.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:@PORT@\"\nregistry = \"{}\"\ntrusted_keys = [\"{}\"]\nadmin_token = \"admin\"\n\
             [[deployments]]\nname = \"shop\"\nversion = \"latest\"\nhosts = [\"shop.test\"]\npath_prefix = \"/shop\"\n\
             state_dir = \"shop-state\"\n",
            registry.url, publisher.public_key
        ),
    )
    .unwrap();
    let serve = Serve::start(&config);
    // "latest" is the newest version in the registry.
    assert_eq!(serve.get("/", Some("shop.test")).body, "shop 1.0.1 hi");
    let deploy = |target: &str, token: &str| {
        worky().args(["deploy", target, "--server", &serve.url, "--token", token]).output().unwrap()
    };
    // Roll back to the first version.
    assert!(deploy("shop@1.0.0", "admin").status.success());
    assert_eq!(serve.get("/", Some("shop.test")).body, "shop 1.0.0 hi");
    assert_eq!(serve.get("/shop/x", None).body, "shop 1.0.0 hi");
    assert_eq!(serve.get("/other", None).status, 404);
    assert!(host.path().join("shop-state/kv.sqlite3").is_file(), "KV state where the deployment says");
    assert!(serve.log().contains("signed by"), "{}", serve.log());

    // Production errors: a generic 500 for the client, the mapped trace in the log.
    let boom = serve.get("/shop/boom", None);
    assert_eq!(boom.status, 500);
    assert_eq!(boom.body, "Internal Server Error\n");
    let log = serve.log_with(&["exploded in 1.0.0", "src/index.ts:2:"]);
    assert!(log.contains("exploded in 1.0.0") && log.contains("src/index.ts:2:"), "{log}");

    // Switch forward again, and back, with `worky deploy`.
    assert!(deploy("shop@1.0.1", "admin").status.success());
    assert_eq!(serve.get("/", Some("shop.test")).body, "shop 1.0.1 hi");
    assert!(deploy("shop@1.0.0", "admin").status.success());
    assert_eq!(serve.get("/", Some("shop.test")).body, "shop 1.0.0 hi");
    let refused = deploy("shop@1.0.1", "wrong");
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("401"), "{}", stderr(&refused));
    let missing = deploy("shop@9.9.9", "admin");
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(serve.get("/", Some("shop.test")).body, "shop 1.0.0 hi", "a failed switch keeps the running version");

    // SIGTERM: graceful stop, exit 0.
    assert_eq!(serve.terminate(), Some(0), "serve stops on SIGTERM");
}

#[test]
fn serve_refuses_tampered_and_untrusted_packages() {
    let publisher = keygen();
    let stranger = keygen();
    let app = shop();
    let packages = tempfile::tempdir().unwrap();
    // Signed by a key the host does not trust.
    let out = run(app.path(), &["publish", "--dry-run", "--key", &stranger.key]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::copy(app.path().join("dist/shop-1.0.0.worky"), packages.path().join("shop-1.0.0.worky")).unwrap();
    // Signed by the trusted key, then one byte of the archive flipped.
    let out = run(app.path(), &["publish", "--dry-run", "--key", &publisher.key, "--version", "2.0.0"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut tampered = std::fs::read(app.path().join("dist/shop-2.0.0.worky")).unwrap();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x55;
    std::fs::write(packages.path().join("shop-2.0.0.worky"), tampered).unwrap();

    for version in ["1.0.0", "2.0.0"] {
        let host = tempfile::tempdir().unwrap();
        let config = host.path().join("serve.toml");
        std::fs::write(
            &config,
            format!(
                "listen = \"127.0.0.1:@PORT@\"\npackages_dir = \"{}\"\ntrusted_keys = [\"{}\"]\n\
                 [[deployments]]\nname = \"shop\"\nversion = \"{version}\"\npath_prefix = \"/\"\n",
                packages.path().display(),
                publisher.public_key
            ),
        )
        .unwrap();
        let serve = Serve::start(&config);
        let log = serve.log();
        assert!(log.contains(&format!("refused shop@{version}")), "{log}");
        if version == "1.0.0" {
            assert!(log.contains("untrusted key"), "{log}");
        }
        // Nothing of it runs.
        assert_eq!(serve.get("/", None).status, 404);
    }
}

#[test]
fn serve_fires_cron_triggers() {
    let publisher = keygen();
    let app = project(&[
        (
            "worky.toml",
            "name = \"ticker\"\nversion = \"1.0.0\"\nmain = \"src/index.ts\"\n[triggers]\ncrons = [\"*/1 * * * * *\"]\n\
             [[kv_namespaces]]\nbinding = \"KV\"\n",
        ),
        (
            "src/index.ts",
            "export default {\n  async scheduled(c: any, env: any) { await env.KV.put('ticks', String(Number(await env.KV.get('ticks') ?? 0) + 1)); },\n  async fetch(_r: Request, env: any) { return new Response(await env.KV.get('ticks') ?? '0'); },\n};\n",
        ),
    ]);
    let out = run(app.path(), &["publish", "--dry-run", "--key", &publisher.key]);
    assert!(out.status.success(), "{}", stderr(&out));
    let host = tempfile::tempdir().unwrap();
    std::fs::copy(app.path().join("dist/ticker-1.0.0.worky"), host.path().join("ticker-1.0.0.worky")).unwrap();
    let config = host.path().join("serve.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:@PORT@\"\npackages_dir = \".\"\ntrusted_keys = [\"{}\"]\n\
             [[deployments]]\nname = \"ticker\"\nversion = \"1.0.0\"\npath_prefix = \"/\"\n",
            publisher.public_key
        ),
    )
    .unwrap();
    let serve = Serve::start(&config);
    // Every second, the scheduled handler counts a tick in KV.
    let ticks = count_at(&serve, 2, Duration::from_secs(20));
    assert!(ticks >= 2, "ticks: {ticks}\n{}", serve.log());
    let log = serve.log_with(&["ticker ran \"*/1 * * * * *\""]);
    assert!(log.contains("ticker ran \"*/1 * * * * *\""), "{log}");
}

/// The number `GET /` answers, polled until it reaches `wanted` or `within` passes.
fn count_at(serve: &Serve, wanted: u32, within: Duration) -> u32 {
    let deadline = Instant::now() + within;
    let mut count = 0;
    while count < wanted && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        count = serve.get("/", None).body.parse().unwrap_or(0);
    }
    count
}

#[test]
fn routes_whole_segments_and_ipv6_hosts_and_partial_limits_keep_the_package_values() {
    let publisher = keygen();
    let app = project(&[
        ("worky.toml", "name = \"shop\"\nmain = \"src/index.ts\"\n[limits]\nwall_ms = 400\n"),
        (
            "src/index.ts",
            "export default { fetch(req: Request) {\n\
               if (new URL(req.url).pathname.endsWith('/hang')) return new Promise(() => {});\n\
               return new Response('shop ' + new URL(req.url).pathname);\n\
             } };\n",
        ),
    ]);
    let packages = tempfile::tempdir().unwrap();
    pack_into(app.path(), &publisher, "1.0.0", packages.path());
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(
        host.path(),
        packages.path(),
        &publisher,
        "[[deployments]]\nname = \"shop\"\nversion = \"1.0.0\"\nhosts = [\"[::1]\"]\npath_prefix = \"/shop/\"\n\
         [deployments.limits]\ncpu_ms = 5000\n",
    );
    let serve = Serve::start(&config);

    // A prefix matches whole path segments.
    assert_eq!(serve.get("/shop", None).body, "shop /shop");
    assert_eq!(serve.get("/shop/cart", None).body, "shop /shop/cart");
    assert_eq!(serve.get("/shopping", None).status, 404);
    assert_eq!(serve.get("/", None).status, 404);
    // A bare IPv6 Host header, with and without a port.
    assert_eq!(serve.get("/x", Some("[::1]")).body, "shop /x");
    assert_eq!(serve.get("/y", Some("[::1]:8080")).body, "shop /y");
    assert_eq!(serve.get("/y", Some("[::2]")).status, 404);

    // Unrouted requests are access-log lines, not errors.
    let log = serve.log_with(&["GET /shopping 404"]);
    assert!(log.contains("GET /shopping 404"), "{log}");
    assert!(!log.contains("ERROR"), "no error lines for unrouted requests:\n{log}");
    let access = log.lines().find(|line| line.contains("GET /shop/cart 200")).expect("an access line");
    for field in
        ["deployment=\"shop\"", "version=\"1.0.0\"", "method=\"GET\"", "status=200", "duration_ms=", "isolate="]
    {
        assert!(access.contains(field), "{field} in {access}");
    }

    // [deployments.limits] sets only cpu_ms: the package's wall_ms (400) still holds.
    let started = Instant::now();
    let hang = serve.get("/shop/hang", None);
    assert_eq!(hang.status, 504, "{}", hang.body);
    assert!(started.elapsed() < Duration::from_secs(10), "the package's 400 ms, not the 30 s default");
}

#[test]
fn concurrent_switches_leave_one_version_running_with_its_own_crons() {
    let publisher = keygen();
    let worker = "export default {\n\
        async scheduled(c: any, env: any) { await env.KV.put(`ran:${env.VERSION}:${Date.now()}:${Math.random()}`, '1'); },\n\
        async fetch(_r: Request, env: any) { return Response.json((await env.KV.list({ prefix: 'ran:' })).keys.map((k: any) => k.name)); },\n\
        };\n";
    let app = project(&[("src/index.ts", worker)]);
    let packages = tempfile::tempdir().unwrap();
    for (version, crons) in [("1.0.0", "[\"*/1 * * * * *\"]"), ("1.0.1", "[]")] {
        write_files(
            app.path(),
            &[(
                "worky.toml",
                &format!(
                    "name = \"ticker\"\nmain = \"src/index.ts\"\n[vars]\nVERSION = \"{version}\"\n\
                     [[kv_namespaces]]\nbinding = \"KV\"\n[triggers]\ncrons = {crons}\n"
                ),
            )],
        );
        pack_into(app.path(), &publisher, version, packages.path());
    }
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(
        host.path(),
        packages.path(),
        &publisher,
        "[[deployments]]\nname = \"ticker\"\nversion = \"1.0.1\"\npath_prefix = \"/\"\n",
    );
    let serve = Serve::start(&config);
    let switch = |version: &str| switch_version(&serve, "ticker", version);
    std::thread::scope(|scope| {
        let switches: Vec<_> = (0..8)
            .map(|i| {
                let version = if i % 2 == 0 { "1.0.0" } else { "1.0.1" };
                scope.spawn(move || switch(version))
            })
            .collect();
        for handle in switches {
            assert_eq!(handle.join().unwrap(), 200);
        }
    });
    let listing = send(client().get(format!("{}/__worky/deployments", serve.url)).bearer_auth("admin"));
    let listing: serde_json::Value = serde_json::from_str(&listing.body).unwrap();
    let running = listing[0]["version"].as_str().unwrap().to_string();
    let crons = listing[0]["crons"].as_array().unwrap().len();
    assert_eq!(crons, if running == "1.0.0" { 1 } else { 0 }, "the crons of {running}: {listing}");

    // What fires is the schedule of the version that serves.
    std::thread::sleep(Duration::from_millis(2500));
    let ran: Vec<String> = serde_json::from_str(&serve.get("/", None).body).unwrap();
    let fired_after_switch = |version: &str| ran.iter().any(|key| key.starts_with(&format!("ran:{version}:")));
    match running.as_str() {
        "1.0.0" => assert!(fired_after_switch("1.0.0"), "1.0.0 fires every second: {ran:?}"),
        _ => assert!(!fired_after_switch("1.0.1"), "1.0.1 has no crons, nothing of it may fire: {ran:?}"),
    }
}

/// A scheduled run that outlasts its period does not hold back the next ones:
/// every occurrence starts on time, as each Cron Trigger event is its own
/// invocation on Workers.
#[test]
fn cron_runs_that_outlast_their_period_overlap() {
    let publisher = keygen();
    let app = project(&[
        (
            "worky.toml",
            "name = \"slow\"\nmain = \"src/index.ts\"\n[[kv_namespaces]]\nbinding = \"KV\"\n\
             [triggers]\ncrons = [\"*/1 * * * * *\"]\n",
        ),
        (
            "src/index.ts",
            "export default {\n\
               async scheduled(c: any, env: any) {\n\
                 await env.KV.put(`start:${Date.now()}:${Math.random()}`, '1');\n\
                 await new Promise((r) => setTimeout(r, 3000));\n\
               },\n\
               async fetch(_r: Request, env: any) { return new Response(String((await env.KV.list({ prefix: 'start:' })).keys.length)); },\n\
             };\n",
        ),
    ]);
    let packages = tempfile::tempdir().unwrap();
    pack_into(app.path(), &publisher, "1.0.0", packages.path());
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(
        host.path(),
        packages.path(),
        &publisher,
        "[[deployments]]\nname = \"slow\"\nversion = \"1.0.0\"\npath_prefix = \"/\"\n",
    );
    let serve = Serve::start(&config);
    // Each run takes 3 s; waiting for the previous one would start at most 3 in 8 s.
    let started = count_at(&serve, 5, Duration::from_secs(8));
    assert!(started >= 5, "runs started within 8 s: {started}\n{}", serve.log());
}

#[test]
fn json_logs_and_log_levels() {
    let publisher = keygen();
    let app = project(&[
        ("worky.toml", "name = \"hello\"\nmain = \"src/index.ts\"\n"),
        ("src/index.ts", "export default { fetch: () => new Response('hi') };\n"),
    ]);
    let packages = tempfile::tempdir().unwrap();
    pack_into(app.path(), &publisher, "1.0.0", packages.path());
    let host = tempfile::tempdir().unwrap();
    let deployment = "[[deployments]]\nname = \"hello\"\nversion = \"1.0.0\"\npath_prefix = \"/\"\n";
    let config = serve_toml(host.path(), packages.path(), &publisher, deployment);

    let serve = Serve::start_with(&config, &["--log-format", "json"], &[]);
    assert_eq!(serve.get("/x", None).body, "hi");
    let log = serve.log_with(&["\"path\":\"/x\""]);
    let records: Vec<serde_json::Value> =
        log.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}"))).collect();
    let access = records.iter().find(|r| r["path"] == "/x").unwrap_or_else(|| panic!("no access record:\n{log}"));
    assert_eq!(access["level"], "INFO");
    assert_eq!(access["target"], "worky::access");
    assert_eq!((&access["deployment"], &access["version"]), (&"hello".into(), &"1.0.0".into()));
    assert_eq!((&access["method"], &access["status"]), (&"GET".into(), &200.into()));
    assert!(access["duration_ms"].is_number() && access["isolate"].is_number(), "{access}");
    assert!(access["timestamp"].is_string(), "{access}");
    drop(serve);

    // RUST_LOG filters: the access log off, the rest still there.
    let config = serve_toml(host.path(), packages.path(), &publisher, deployment);
    let serve = Serve::start_with(&config, &[], &[("RUST_LOG", "info,worky::access=warn")]);
    assert_eq!(serve.get("/y", None).body, "hi");
    std::thread::sleep(Duration::from_millis(300));
    let log = serve.log();
    assert!(!log.contains("GET /y"), "{log}");
    assert!(log.contains("INFO") && log.contains("Deployed hello@1.0.0"), "{log}");
}

/// A deployment pinned to a publisher runs only that publisher's packages, even
/// when another trusted publisher signed a package with the same name.
#[test]
fn a_deployment_runs_only_its_pinned_publishers_packages() {
    let (owner, other) = (keygen(), keygen());
    let app = project(&[
        ("worky.toml", "name = \"shop\"\nmain = \"src/index.ts\"\n"),
        ("src/index.ts", "export default { fetch: () => new Response('genuine') };\n"),
    ]);
    let packages = tempfile::tempdir().unwrap();
    pack_into(app.path(), &owner, "1.0.0", packages.path());
    write_files(app.path(), &[("src/index.ts", "export default { fetch: () => new Response('impostor') };\n")]);
    pack_into(app.path(), &other, "2.0.0", packages.path());
    let host = tempfile::tempdir().unwrap();
    let config = host.path().join("serve.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:@PORT@\"\npackages_dir = \"{}\"\ntrusted_keys = [\"{}\", \"{}\"]\nadmin_token = \"admin\"\n\
             [[deployments]]\nname = \"shop\"\nversion = \"1.0.0\"\npath_prefix = \"/\"\npublishers = [\"{}\"]\n",
            packages.path().display(),
            owner.public_key,
            other.public_key,
            owner.public_key
        ),
    )
    .unwrap();
    let serve = Serve::start(&config);
    assert_eq!(serve.get("/", None).body, "genuine");
    let deploy = worky().args(["deploy", "shop@2.0.0", "--server", &serve.url, "--token", "admin"]).output().unwrap();
    assert_eq!(deploy.status.code(), Some(1));
    assert!(stderr(&deploy).contains("not one of this deployment's publishers"), "{}", stderr(&deploy));
    assert_eq!(serve.get("/", None).body, "genuine", "the running version stays");
}

/// A package cannot raise its own limits past the operator's: serve's limits are
/// ceilings (here the host-wide default heap of 128 MB, and a lower wall clock).
#[test]
fn operator_limits_are_ceilings_a_package_cannot_raise() {
    let publisher = keygen();
    let app = project(&[
        ("worky.toml", "name = \"greedy\"\nmain = \"src/index.ts\"\n[limits]\nmemory_mb = 100000\n"),
        (
            "src/index.ts",
            "export default { fetch(req: Request) {\n\
               if (new URL(req.url).pathname === '/hang') return new Promise(() => {});\n\
               const hoard: number[][] = [];\n\
               while (true) hoard.push(new Array(100_000).fill(Math.random()));\n\
             } };\n",
        ),
    ]);
    let packages = tempfile::tempdir().unwrap();
    pack_into(app.path(), &publisher, "1.0.0", packages.path());
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(
        host.path(),
        packages.path(),
        &publisher,
        "[limits]\nwall_ms = 500\n[[deployments]]\nname = \"greedy\"\nversion = \"1.0.0\"\npath_prefix = \"/\"\n",
    );
    let serve = Serve::start(&config);
    assert_eq!(serve.get("/hang", None).status, 504, "the host's wall clock, not the package's 30 s");
    assert_eq!(serve.get("/", None).status, 503);
    let log = serve.log_with(&["exceeded memory limit of 128 MB"]);
    assert!(log.contains("exceeded memory limit of 128 MB"), "{log}");
}

/// A registry started with `--read-token` lists and serves packages only to that
/// token or a publisher's; serve reads with `registry_token`.
#[test]
fn a_registry_with_a_read_token_serves_only_those_who_have_one() {
    let publisher = keygen();
    let storage = tempfile::tempdir().unwrap();
    let registry =
        Registry::start_with(storage.path(), &[&format!("t={}", publisher.public_key)], &["--read-token", "reader"]);
    let app = shop();
    publish_version(app.path(), &publisher, &registry.url, "1.0.0");
    let read = |path: &str, token: Option<&str>| {
        let mut request = client().get(format!("{}{path}", registry.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        send(request).status
    };
    for path in ["/v1/packages/shop", "/v1/packages/shop/1.0.0", "/v1/owners/shop"] {
        assert_eq!(read(path, None), 401, "{path} without a token");
        assert_eq!(read(path, Some("wrong")), 401, "{path} with a wrong token");
        assert_eq!(read(path, Some("reader")), 200, "{path} with the read token");
        assert_eq!(read(path, Some("t")), 200, "{path} with a publisher's token");
    }

    let host = tempfile::tempdir().unwrap();
    let serve_with = |token: &str| {
        let config = host.path().join("serve.toml");
        std::fs::write(
            &config,
            format!(
                "listen = \"127.0.0.1:@PORT@\"\nregistry = \"{}\"\n{token}trusted_keys = [\"{}\"]\n\
                 [[deployments]]\nname = \"shop\"\nhosts = [\"shop.test\"]\n",
                registry.url, publisher.public_key
            ),
        )
        .unwrap();
        Serve::start(&config)
    };
    let without = serve_with("");
    assert_eq!(without.get("/", Some("shop.test")).status, 404);
    let log = without.log_with(&["401"]);
    assert!(log.contains("deployment shop not started") && log.contains("401"), "{log}");
    drop(without);
    let with = serve_with("registry_token = \"reader\"\n");
    assert_eq!(with.get("/", Some("shop.test")).body, "shop 1.0.0 hi");
}

/// `[host] memory_mb` bounds the heap limits of all isolates together: a
/// deployment whose isolate would pass it does not start, and the ones
/// running are untouched.
#[test]
fn the_host_memory_ceiling_holds_across_tenants() {
    // Heaps start small and reserve each step up as they grow: three tenants whose
    // limits (128 MB each) add up to far more than the ceiling all start; one that
    // grows past what is left is stopped; the others go on.
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let mut deployments = String::new();
    for name in ["a", "b"] {
        let code = format!("export default {{ fetch: () => new Response('{name}') }};\n");
        pack_worker(&publisher, packages.path(), name, "1.0.0", "[limits]\nmemory_mb = 128\n", &code);
        deployments += &deployment(name, "1.0.0", &format!("{name}.test"));
    }
    // Keeps 30 MB more with each request, each in one allocation.
    let hog = "const kept = [];\n\
        export default { fetch() { kept.push('x'.repeat(30 * 1024 * 1024)); return new Response(String(kept.length)); } };\n";
    pack_worker(&publisher, packages.path(), "hog", "1.0.0", "[limits]\nmemory_mb = 128\n", hog);
    deployments += &deployment("hog", "1.0.0", "hog.test");
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(
        host.path(),
        packages.path(),
        &publisher,
        &format!("[host]\nmemory_mb = 100\n[pool]\nmax_isolates = 1\n{deployments}"),
    );
    let serve = Serve::start(&config);
    assert_eq!(serve.get("/", Some("a.test")).body, "a");
    assert_eq!(serve.get("/", Some("b.test")).body, "b");
    // Its heap grows from the start size to hold 30 MB in one piece.
    let first = serve.get("/", Some("hog.test"));
    assert_eq!((first.status, first.body.as_str()), (200, "1"));
    // Its limit (128 MB) would fit on its own; what the other two hold leaves less.
    let mut statuses = Vec::new();
    while statuses.len() < 4 && statuses.last() != Some(&503) {
        statuses.push(serve.get("/", Some("hog.test")).status);
    }
    assert_eq!(statuses.last(), Some(&503), "{statuses:?}");
    let log = serve.log_with(&["the host's memory ceiling of 100 MB is reached"]);
    assert!(log.contains("the host's memory ceiling of 100 MB is reached"), "{log}");
    assert!(log.contains("may hold 100 MB in all"), "{log}");
    assert_eq!(serve.get("/", Some("a.test")).body, "a");
    assert_eq!(serve.get("/", Some("b.test")).body, "b");
    // A new isolate, once the old one has ended and given its share back.
    let again = serve.wait_until("/", Some("hog.test"), Duration::from_secs(10), |reply| reply.status == 200);
    assert_eq!((again.status, again.body.as_str()), (200, "1"), "{}", serve.log());
}

/// `[version_metadata]`: the running version's tag is its package version, its
/// id is the same in every request of a version and another for the next one,
/// and its timestamp says when it started.
#[test]
fn version_metadata_names_the_running_version() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let worker = "export default { fetch: (request, env) => Response.json(env.META) };\n";
    for version in ["1.0.0", "1.0.1"] {
        pack_worker(&publisher, packages.path(), "shop", version, "[version_metadata]\nbinding = \"META\"\n", worker);
    }
    let host = tempfile::tempdir().unwrap();
    let serve =
        Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployment("shop", "1.0.0", "shop.test")));
    let metadata =
        |serve: &Serve| -> serde_json::Value { serde_json::from_str(&serve.get("/", Some("shop.test")).body).unwrap() };
    let first = metadata(&serve);
    assert_eq!(first["tag"], "1.0.0");
    assert_eq!(first["id"].as_str().unwrap().len(), 36, "a UUID's form: {first}");
    assert!(first["timestamp"].as_str().unwrap().ends_with('Z'), "{first}");
    assert_eq!(metadata(&serve), first, "the same version, the same metadata");
    assert_eq!(switch_version(&serve, "shop", "1.0.1"), 200);
    let second = metadata(&serve);
    assert_eq!(second["tag"], "1.0.1");
    assert_ne!(second["id"], first["id"]);
}
