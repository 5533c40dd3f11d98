//! keygen, publish and registry end to end: real processes, real HTTP, real files.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use common::*;

fn app() -> tempfile::TempDir {
    project(&[
        ("worky.toml", "name = \"shop\"\nversion = \"1.0.0\"\nmain = \"src/index.ts\"\n"),
        ("src/index.ts", "export default { fetch: () => new Response('v1') };\n"),
    ])
}

fn publish(dir: &Path, publisher: &Publisher, registry: &str, token: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["publish", "--registry", registry, "--token", token, "--key", &publisher.key];
    args.extend_from_slice(extra);
    run(dir, &args)
}

#[test]
fn publish_lists_and_downloads_a_signed_package() {
    let publisher = keygen();
    let storage = tempfile::tempdir().unwrap();
    let registry = Registry::start(storage.path(), &[&format!("secret={}", publisher.public_key)]);
    let dir = app();

    let out = publish(dir.path(), &publisher, &registry.url, "secret", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("{}/v1/packages/shop/1.0.0", registry.url)), "{}", stderr(&out));
    let package = std::fs::read(dir.path().join("dist/shop-1.0.0.worky")).unwrap();

    let versions: serde_json::Value =
        serde_json::from_str(&send(client().get(format!("{}/v1/packages/shop", registry.url))).body).unwrap();
    assert_eq!(versions["versions"][0]["version"], "1.0.0");
    assert_eq!(versions["versions"][0]["publisher"], publisher.public_key.as_str());
    let download = client().get(format!("{}/v1/packages/shop/1.0.0", registry.url)).send().unwrap().bytes().unwrap();
    assert_eq!(download.as_ref(), package.as_slice(), "the registry serves exactly what was published");
    let verified = worky::deploy::package::unpack(&download, std::slice::from_ref(&publisher.public_key)).unwrap();
    assert_eq!(verified.bundle.manifest.name, "shop");

    // A published version never changes.
    std::fs::write(dir.path().join("src/index.ts"), "export default { fetch: () => new Response('v2') };\n").unwrap();
    let out = publish(dir.path(), &publisher, &registry.url, "secret", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already published") && stderr(&out).contains("(409)"), "{}", stderr(&out));
    let again = client().get(format!("{}/v1/packages/shop/1.0.0", registry.url)).send().unwrap().bytes().unwrap();
    assert_eq!(again.as_ref(), package.as_slice());
    // A new version goes through.
    let out = publish(dir.path(), &publisher, &registry.url, "secret", &["--version", "1.0.1"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn refusals_have_clear_messages() {
    let publisher = keygen();
    let stranger = keygen();
    let storage = tempfile::tempdir().unwrap();
    let registry = Registry::start(storage.path(), &[&format!("secret={}", publisher.public_key)]);
    let dir = app();

    let out = publish(dir.path(), &publisher, &registry.url, "wrong", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("refused the token (401)"), "{}", stderr(&out));

    // A valid token, but the package is signed by a key not registered with it.
    let out = publish(dir.path(), &stranger, &registry.url, "secret", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("(400)") && stderr(&out).contains("untrusted key"), "{}", stderr(&out));

    // Tampered after signing.
    let out = run(dir.path(), &["publish", "--dry-run", "--key", &publisher.key]);
    assert!(out.status.success(), "{}", stderr(&out));
    let package = std::fs::read(dir.path().join("dist/shop-1.0.0.worky")).unwrap();
    let tampered = tamper(&package);
    let reply = upload(&registry.url, "shop", "1.0.0", "secret", tampered);
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body.contains("does not match the digest"), "{}", reply.body);
    // An archive that tries to write outside its directory.
    let mut builder = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(1);
    header.set_entry_type(tar::EntryType::Regular);
    header.as_old_mut().name[..17].copy_from_slice(b"../../etc/passwd\0");
    header.set_cksum();
    builder.append(&header, &b"x"[..]).unwrap();
    let traversal = zstd::encode_all(builder.into_inner().unwrap().as_slice(), 3).unwrap();
    let reply = upload(&registry.url, "shop", "1.0.0", "secret", traversal);
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body.contains("not allowed"), "{}", reply.body);
    // Wrong name in the URL, garbage, oversize.
    assert_eq!(upload(&registry.url, "other", "1.0.0", "secret", package.clone()).status, 400);
    let garbage = upload(&registry.url, "shop", "1.0.0", "secret", b"not a package".to_vec());
    assert_eq!(garbage.status, 400, "{}", garbage.body);
    // (Over 64 MiB: refused with 413 before the body is read; see
    // uploads_are_checked_before_their_body_is_read_and_bombs_never_inflate.)
    // Nothing was stored by any of these.
    assert_eq!(send(client().get(format!("{}/v1/packages/shop", registry.url))).status, 404);

    // No registry at all.
    let out = publish(dir.path(), &publisher, "http://127.0.0.1:9", "secret", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // The URL once, the cause, what to check.
    assert!(err.contains("cannot reach the registry at http://127.0.0.1:9/v1/packages/shop/"), "{err}");
    assert!(err.contains(": Connection refused\n") && err.matches("127.0.0.1:9").count() == 1, "{err}");
    assert!(err.contains("--registry or WORKY_REGISTRY"), "{err}");
    // A name that does not resolve says so.
    let out = publish(dir.path(), &publisher, "http://registry.invalid", "secret", &[]);
    assert!(stderr(&out).contains("registry.invalid/v1/packages/shop/"), "{}", stderr(&out));
    assert!(stderr(&out).contains("failed to lookup address"), "{}", stderr(&out));
}

#[test]
fn a_registry_killed_mid_upload_serves_nothing_half_written() {
    let publisher = keygen();
    let storage = tempfile::tempdir().unwrap();
    let publishers = [format!("secret={}", publisher.public_key)];
    let mut registry = Registry::start(storage.path(), &[&publishers[0]]);
    let dir = app();
    assert!(run(dir.path(), &["publish", "--dry-run", "--key", &publisher.key]).status.success());
    let package = std::fs::read(dir.path().join("dist/shop-1.0.0.worky")).unwrap();

    let address = registry.url.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "PUT /v1/packages/shop/1.0.0 HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer secret\r\nContent-Length: {}\r\n\r\n",
        package.len()
    )
    .unwrap();
    stream.write_all(&package[..package.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    registry.kill9();
    drop(stream);

    let registry = Registry::start(storage.path(), &[&publishers[0]]);
    assert_eq!(send(client().get(format!("{}/v1/packages/shop", registry.url))).status, 404);
    assert_eq!(send(client().get(format!("{}/v1/packages/shop/1.0.0", registry.url))).status, 404);
    // And the full upload still works afterwards.
    assert_eq!(upload(&registry.url, "shop", "1.0.0", "secret", package).status, 201);
}

fn upload(registry: &str, name: &str, version: &str, token: &str, body: Vec<u8>) -> Reply {
    send(client().put(format!("{registry}/v1/packages/{name}/{version}")).bearer_auth(token).body(body))
}

/// The same package with one byte of worker.js changed (and re-compressed).
fn tamper(package: &[u8]) -> Vec<u8> {
    let tar = zstd::decode_all(package).unwrap();
    let mut archive = tar::Archive::new(tar.as_slice());
    let mut builder = tar::Builder::new(Vec::new());
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if entry.path().unwrap().to_str() == Some("worker.js") {
            bytes[0] ^= 1;
        }
        let mut header = entry.header().clone();
        builder.append_data(&mut header, entry.path().unwrap(), bytes.as_slice()).unwrap();
    }
    zstd::encode_all(builder.into_inner().unwrap().as_slice(), 3).unwrap()
}

/// A registry whose index fails answers 500, never "not found": a client must
/// not conclude that a version does not exist.
#[test]
fn an_index_failure_is_a_500_and_json_logs_say_why() {
    let publisher = keygen();
    let storage = tempfile::tempdir().unwrap();
    let registry =
        Registry::start_with(storage.path(), &[&format!("t={}", publisher.public_key)], &["--log-format", "json"]);
    let dir = app();
    assert!(publish(dir.path(), &publisher, &registry.url, "t", &[]).status.success());
    let index = rusqlite::Connection::open(storage.path().join("index.sqlite3")).unwrap();
    index.execute_batch("DROP TABLE packages").unwrap();
    let download = send(client().get(format!("{}/v1/packages/shop/1.0.0", registry.url)));
    assert_eq!(download.status, 500, "{}", download.body);
    assert!(download.body.contains("registry index failed"), "{}", download.body);
    assert_eq!(send(client().get(format!("{}/v1/packages/shop", registry.url))).status, 500);
    // Its log is JSON lines, the failure among them at error.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !registry.log().contains("ERROR") && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let records: Vec<serde_json::Value> = registry.log().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(
        records.iter().any(|r| r["level"] == "ERROR" && r["error"].as_str().unwrap_or("").contains("no such table"))
    );
}

#[test]
fn versions_must_be_semver() {
    let publisher = keygen();
    let storage = tempfile::tempdir().unwrap();
    let registry = Registry::start(storage.path(), &[&format!("t={}", publisher.public_key)]);
    let dir = app();
    let out = publish(dir.path(), &publisher, &registry.url, "t", &["--version", "one"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("\"one\" is not a semver version"), "{}", stderr(&out));
    // The registry checks too, whatever the client did.
    assert!(run(dir.path(), &["publish", "--dry-run", "--key", &publisher.key]).status.success());
    let package = std::fs::read(dir.path().join("dist/shop-1.0.0.worky")).unwrap();
    let reply = upload(&registry.url, "shop", "latest", "t", package);
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body.contains("not a semver version"), "{}", reply.body);
}

/// A package name belongs to the publisher who first published it: another
/// registered publisher is refused (403) until an owner shares the name.
#[test]
fn names_belong_to_their_first_publisher_until_shared() {
    let (first, second) = (keygen(), keygen());
    let storage = tempfile::tempdir().unwrap();
    let registry =
        Registry::start(storage.path(), &[&format!("a={}", first.public_key), &format!("b={}", second.public_key)]);
    let dir = app();
    assert!(publish(dir.path(), &first, &registry.url, "a", &[]).status.success());
    let out = publish(dir.path(), &second, &registry.url, "b", &["--version", "2.0.0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("shop belongs to another publisher") && stderr(&out).contains("(403)"),
        "{}",
        stderr(&out)
    );

    let owner = |args: &[&str]| run(dir.path(), &[&["owner"], args, &["--registry", &registry.url]].concat());
    let listed = owner(&["list", "shop"]);
    assert_eq!(String::from_utf8_lossy(&listed.stdout).trim(), first.public_key);
    // Only an owner's token shares it.
    let refused = owner(&["add", "shop", &second.public_key, "--token", "b"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("(403)"), "{}", stderr(&refused));
    let shared = owner(&["add", "shop", &second.public_key, "--token", "a"]);
    assert!(shared.status.success(), "{}", stderr(&shared));
    assert!(publish(dir.path(), &second, &registry.url, "b", &["--version", "2.0.0"]).status.success());
    let listed = owner(&["list", "shop"]);
    assert_eq!(String::from_utf8_lossy(&listed.stdout).lines().count(), 2);
}

/// The package name becomes a file name in dist/: one that would write
/// elsewhere (or be no file name at all) is refused before anything is built.
#[test]
fn a_name_that_is_not_a_package_name_is_refused_before_packing() {
    let publisher = keygen();
    for name in ["../../escape", "a/b", ".hidden", "with space"] {
        let dir = project(&[
            ("worky.toml", &format!("name = \"{name}\"\nversion = \"1.0.0\"\nmain = \"src/index.ts\"\n")),
            ("src/index.ts", "export default { fetch: () => new Response('x') };\n"),
        ]);
        let out = run(dir.path(), &["publish", "--dry-run", "--key", &publisher.key]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = stderr(&out);
        assert!(err.contains("worky.toml") && err.contains(&format!("name \"{name}\" cannot be published")), "{err}");
        assert!(!dir.path().join("dist").exists(), "{name}: nothing was written");
        assert!(!dir.path().parent().unwrap().join("escape-1.0.0.worky").exists());
    }
}

/// An upload is refused on what needs no body before a byte of the body is
/// read, and a package is verified before it is inflated: neither an
/// unauthenticated client nor a publisher's zstd bomb makes the registry
/// allocate what the request claims.
#[test]
fn uploads_are_checked_before_their_body_is_read_and_bombs_never_inflate() {
    let publisher = keygen();
    let storage = tempfile::tempdir().unwrap();
    let registry = Registry::start(storage.path(), &[&format!("secret={}", publisher.public_key)]);
    let address = registry.url.trim_start_matches("http://").to_string();

    // 60 MB announced, none sent: the wrong token is answered at once.
    for (token, status) in [("wrong", "401"), ("secret", "413")] {
        let length = if status == "413" { (64 << 20) + 1 } else { 60 << 20 };
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            stream,
            "PUT /v1/packages/shop/1.0.0 HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
             Content-Length: {length}\r\n\r\n"
        )
        .unwrap();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).expect("answered without the body");
        assert_eq!(String::from_utf8_lossy(&head), format!("HTTP/1.1 {status}"));
    }

    // A signed manifest, then 250 MB of zeros as worker.js (a few hundred KB compressed).
    let dir = app();
    assert!(run(dir.path(), &["publish", "--dry-run", "--key", &publisher.key]).status.success());
    let package = std::fs::read(dir.path().join("dist/shop-1.0.0.worky")).unwrap();
    let bomb = rewrite(&package, |name, bytes| if name == "worker.js" { vec![0u8; 250 << 20] } else { bytes });
    assert!(bomb.len() < 1 << 20);
    let before = peak_rss(registry.pid());
    let reply = upload(&registry.url, "shop", "1.0.0", "secret", bomb);
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body.contains("worker.js does not match the digest"), "{}", reply.body);
    let grown = peak_rss(registry.pid()).saturating_sub(before);
    assert!(grown < 64 << 20, "the registry's peak memory grew by {} MB", grown >> 20);

    // Packed with the signature last (an older worky): refused, saying what to do.
    let legacy = reorder_signature_last(&package);
    let reply = upload(&registry.url, "shop", "1.0.0", "secret", legacy);
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body.contains("comes before signature.json"), "{}", reply.body);
    // The real package still goes in.
    assert_eq!(upload(&registry.url, "shop", "1.0.0", "secret", package).status, 201);
}

/// The package's entries, each passed through `change`, re-archived in order.
fn rewrite(package: &[u8], change: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let entries = entries(package).into_iter().map(|(name, bytes)| {
        let bytes = change(&name, bytes);
        (name, bytes)
    });
    archive(entries.collect())
}

fn reorder_signature_last(package: &[u8]) -> Vec<u8> {
    let (signature, mut rest): (Vec<_>, Vec<_>) =
        entries(package).into_iter().partition(|(name, _)| name == "signature.json");
    rest.extend(signature);
    archive(rest)
}

fn entries(package: &[u8]) -> Vec<(String, Vec<u8>)> {
    let tar = zstd::decode_all(package).unwrap();
    let mut archive = tar::Archive::new(tar.as_slice());
    let entries = archive.entries().unwrap().map(|entry| {
        let mut entry = entry.unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        (entry.path().unwrap().to_string_lossy().into_owned(), bytes)
    });
    entries.collect()
}

fn archive(entries: Vec<(String, Vec<u8>)>) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, bytes) in entries {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        builder.append_data(&mut header, name, bytes.as_slice()).unwrap();
    }
    zstd::encode_all(builder.into_inner().unwrap().as_slice(), 3).unwrap()
}
