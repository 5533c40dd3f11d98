//! Secrets for served workers end to end: `worky secret put` (the value on
//! stdin) reaches the worker's `env` and nothing else (not globals, the log,
//! the metrics or the files on disk, which hold it sealed); a rotation is seen
//! by the next request without a restart of the host; secrets outlive one;
//! they work through worker processes too; and bad input is refused with what
//! is wrong.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use common::*;

const WORKER: &str = r#"
export default {
  fetch(request, env) {
    return Response.json({ key: env.API_KEY ?? null, global: typeof globalThis.API_KEY, greeting: env.GREETING });
  },
};
"#;

fn secret(serve: &Serve, args: &[&str], stdin: &str) -> Output {
    let mut child = worky()
        .arg("secret")
        .args(args)
        .args(["--server", &serve.url, "--token", "admin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn put(serve: &Serve, name: &str, value: &str) -> Output {
    secret(serve, &["put", name, "--deployment", "shop"], value)
}

fn seen(serve: &Serve) -> serde_json::Value {
    serde_json::from_str(&serve.get("/", Some("shop.test")).body).unwrap()
}

/// Every file under `dir`, read as bytes.
fn files_under(dir: &Path, out: &mut Vec<(std::path::PathBuf, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path, bytes));
        }
    }
}

fn shop(publisher: &Publisher, packages: &Path, host: &Path, extra: &str) -> std::path::PathBuf {
    pack_worker(publisher, packages, "shop", "1.0.0", "[vars]\nGREETING = \"hi\"\n", WORKER);
    serve_toml(host, packages, publisher, &format!("{extra}{}", deployment("shop", "1.0.0", "shop.test")))
}

#[test]
fn a_secret_reaches_env_only_and_rotates_without_a_restart() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = shop(&publisher, packages.path(), host.path(), "metrics_listen = \"127.0.0.1:0\"\n");
    let mut serve = Serve::start(&config);
    let pid = serve.pid();
    assert_eq!(seen(&serve)["key"], serde_json::Value::Null);

    let out = put(&serve, "API_KEY", "first-s3cr3t\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let first = seen(&serve);
    assert_eq!(
        (first["key"].as_str(), first["global"].as_str(), first["greeting"].as_str()),
        (Some("first-s3cr3t"), Some("undefined"), Some("hi"))
    );

    // Rotated: the next request has the new value, from the same process.
    assert!(put(&serve, "API_KEY", "rotated-s3cr3t").status.success());
    assert_eq!(seen(&serve)["key"], "rotated-s3cr3t");
    assert_eq!(serve.pid(), pid);

    // Nor in a tail of the deployment: a request that reads it shows its outcome only.
    let mut tailer = worky()
        .args(["tail", "shop", "--format", "json", "--server", &serve.url, "--token", "admin"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    serve.log_with(&["a tailer of shop connected"]);
    assert_eq!(seen(&serve)["key"], "rotated-s3cr3t");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(tailer.stdout.take().unwrap()), &mut line).unwrap();
    let _ = tailer.kill();
    let _ = tailer.wait();
    assert!(line.contains("\"type\":\"request\"") && !line.contains("s3cr3t"), "{line}");

    let listed = secret(&serve, &["list", "--deployment", "shop"], "");
    assert_eq!(String::from_utf8_lossy(&listed.stdout), "API_KEY\n");

    // The value is nowhere else: not in the log, the metrics, or the state on disk.
    let log = serve.log_with(&["Secret API_KEY of shop set"]);
    assert!(!log.contains("s3cr3t"), "{log}");
    let metrics = client().get(metrics_url(&log)).send().unwrap().text().unwrap();
    assert!(!metrics.contains("s3cr3t"), "{metrics}");
    let mut files = Vec::new();
    files_under(host.path(), &mut files);
    assert!(
        files.iter().any(|(path, _)| path.ends_with("shop/secrets.json")),
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (path, bytes) in &files {
        assert!(!String::from_utf8_lossy(bytes).contains("s3cr3t"), "{} holds the plaintext", path.display());
    }
    let key = files.iter().find(|(path, _)| path.ends_with("secrets.key")).expect("a key file");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&key.0).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);

    // It outlives the host.
    serve.kill9();
    let serve = Serve::start(&config);
    assert_eq!(seen(&serve)["key"], "rotated-s3cr3t");

    let deleted = secret(&serve, &["delete", "API_KEY", "--deployment", "shop"], "");
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    assert_eq!(seen(&serve)["key"], serde_json::Value::Null);
    let again = secret(&serve, &["delete", "API_KEY", "--deployment", "shop"], "");
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("shop has no secret named API_KEY"), "{}", stderr(&again));
}

#[test]
fn secrets_reach_workers_in_worker_processes() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = shop(&publisher, packages.path(), host.path(), "[host]\nworker_processes = 1\n");
    let serve = Serve::start(&config);
    let out = put(&serve, "API_KEY", "through-the-front");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(seen(&serve)["key"], "through-the-front");
}

#[test]
fn bad_secrets_are_refused_with_what_is_wrong() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = shop(&publisher, packages.path(), host.path(), "");
    let serve = Serve::start(&config);
    let refused = |args: &[&str], stdin: &str, wanted: &str| {
        let out = secret(&serve, args, stdin);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(wanted), "{args:?}: {}", stderr(&out));
    };
    refused(&["put", "1BAD", "--deployment", "shop"], "x", "secret names are letters, digits and _");
    refused(&["put", "BIG", "--deployment", "shop"], &"x".repeat(5 * 1024 + 1), "a secret holds at most 5120 bytes");
    refused(&["put", "EMPTY", "--deployment", "shop"], "", "no value on stdin");
    refused(&["put", "API_KEY", "--deployment", "nowhere"], "x", "no deployment named nowhere");
    let wrong_token = worky()
        .args(["secret", "list", "--deployment", "shop", "--server", &serve.url, "--token", "wrong"])
        .output()
        .unwrap();
    assert!(stderr(&wrong_token).contains("admin token required"), "{}", stderr(&wrong_token));
    // Nothing was stored by any of them.
    assert_eq!(String::from_utf8_lossy(&secret(&serve, &["list", "--deployment", "shop"], "").stdout), "");
}

/// In serve, a Hyperdrive binding's connection string is the deployment's
/// secret of the binding's name: until it is put, reading the binding says so;
/// after, the binding has it (and env has no string of that name).
#[test]
fn a_hyperdrive_binding_takes_its_connection_string_from_a_secret() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let worker = "export default { fetch(request, env) {\n  \
                  try { return new Response(`${env.DB.host} ${env.DB.port} ${env.DB.database} ${typeof env.DB}`); }\n  \
                  catch (error) { return new Response(error.message, { status: 500 }); }\n} };\n";
    let toml = "[[hyperdrive]]\nbinding = \"DB\"\nid = \"prod-db\"\n";
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", toml, worker);
    let config = serve_toml(host.path(), packages.path(), &publisher, &deployment("shop", "1.0.0", "shop.test"));
    let serve = Serve::start(&config);
    let before = serve.get("/", Some("shop.test"));
    assert_eq!(before.status, 500);
    assert!(before.body.contains("env.DB has no connection string") && before.body.contains("worky secret put DB"));
    let out = put(&serve, "DB", "postgres://app:pw@db.internal:6543/orders");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(serve.get("/", Some("shop.test")).body, "db.internal 6543 orders object");
}

/// `[[secrets_store_secrets]]`: `await env.API.get()` is the secret named by
/// `secret_name`, which is then no string in `env`; a secret not there throws
/// Cloudflare's words. In dev the secret comes from .dev.vars.
const STORE_WORKER: &str = r#"
export default {
  async fetch(request, env) {
    let value;
    try { value = await env.API.get(); } catch (error) { value = `${error.name}: ${error.message}`; }
    return Response.json({ value, plain: env.api_token ?? null, type: typeof env.API.get });
  },
};
"#;

const STORE_TOML: &str =
    "[[secrets_store_secrets]]\nbinding = \"API\"\nstore_id = \"store-1\"\nsecret_name = \"api_token\"\n";

#[test]
fn a_secrets_store_binding_answers_its_secret_in_serve_and_dev() {
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", STORE_TOML, STORE_WORKER);
    let config = serve_toml(host.path(), packages.path(), &publisher, &deployment("shop", "1.0.0", "shop.test"));
    let serve = Serve::start(&config);
    let missing =
        serde_json::json!({ "value": "Error: Secret \"api_token\" not found", "plain": null, "type": "function" });
    assert_eq!(seen(&serve), missing);
    let out = put(&serve, "api_token", "s3cret-value");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(seen(&serve), serde_json::json!({ "value": "s3cret-value", "plain": null, "type": "function" }));

    let toml = format!("name = \"shop\"\nmain = \"src/index.js\"\n{STORE_TOML}");
    let dir = project(&[
        ("wrangler.toml", &toml),
        ("src/index.js", STORE_WORKER),
        (".dev.vars", "api_token=from-dev-vars\n"),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.output().contains("env.API") && dev.output().contains(".dev.vars api_token, store store-1"));
    let answered: serde_json::Value = serde_json::from_str(&dev.get("/").body).unwrap();
    assert_eq!(answered, serde_json::json!({ "value": "from-dev-vars", "plain": null, "type": "function" }));
}
