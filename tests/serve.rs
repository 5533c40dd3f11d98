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
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut ticks = 0;
    while ticks < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        ticks = serve.get("/", None).body.parse().unwrap_or(0);
    }
    assert!(ticks >= 2, "ticks: {ticks}\n{}", serve.log());
    let log = serve.log_with(&["ticker ran \"*/1 * * * * *\""]);
    assert!(log.contains("ticker ran \"*/1 * * * * *\""), "{log}");
}
