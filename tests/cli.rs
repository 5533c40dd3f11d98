//! Command-line behaviour: help, init.

mod common;

use common::*;

#[test]
fn every_command_has_help() {
    let commands = [
        &["--help"][..],
        &["init", "--help"],
        &["dev", "--help"],
        &["build", "--help"],
        &["kv", "--help"],
        &["kv", "put", "--help"],
        &["d1", "--help"],
        &["d1", "execute", "--help"],
        &["d1", "migrations", "apply", "--help"],
        &["analytics", "--help"],
        &["workflows", "--help"],
        &["workflows", "instances", "describe", "--help"],
        &["types", "--help"],
        &["keygen", "--help"],
        &["publish", "--help"],
        &["registry", "--help"],
    ];
    for command in commands {
        let out = worky().args(command).output().unwrap();
        assert!(out.status.success(), "{command:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Usage: worky"), "{command:?}: {text}");
    }
    let out = worky().args(["dev", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("--port") && text.contains("8787") && text.contains("--cpu-ms") && text.contains("--memory-mb"),
        "{text}"
    );
}

#[test]
fn init_refuses_a_non_empty_directory_and_lists_templates() {
    let dir = project(&[("taken/file.txt", "mine")]);
    let out = run(dir.path(), &["init", "taken"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("taken/file.txt")).unwrap(), "mine");

    let out = run(dir.path(), &["init", "fresh", "--template", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("available templates: chat, hello"), "{}", stderr(&out));
    assert!(!dir.path().join("fresh").exists());
}

#[test]
fn init_writes_the_hello_template() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["init", "site", "--template", "hello"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in ["worky.toml", "src/index.ts", "tsconfig.json", "package.json", ".gitignore", "README.md"] {
        assert!(dir.path().join("site").join(file).is_file(), "{file}");
    }
}

/// `worky init` makes the runtime's startup snapshot (once per binary) so the first
/// `worky dev` starts warm; with snapshots off it does not wait for one.
#[test]
fn init_prepares_the_runtime_snapshot_once() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let init = |name: &str, snapshot: &str| {
        let out = worky()
            .args(["init", name, "--template", "hello"])
            .current_dir(dir.path())
            .env("WORKY_CACHE_DIR", cache.path())
            .env("WORKY_SNAPSHOT", snapshot)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
    };
    let snapshots = || {
        std::fs::read_dir(cache.path().join("snapshots"))
            .map(|entries| entries.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "bin")).count())
            .unwrap_or(0)
    };

    let off = init("off", "0");
    assert!(!off.contains("Prepared"), "{off}");
    assert_eq!(snapshots(), 0);

    let first = init("first", "1");
    assert!(first.contains("Prepared") && first.contains("startup snapshot"), "{first}");
    assert_eq!(snapshots(), 1);
    let second = init("second", "1");
    assert!(!second.contains("Prepared"), "made only once: {second}");
    assert!(second.contains("Next steps"), "{second}");

    // Every isolate runs the image it restores: the cache must be this user's alone.
    use std::os::unix::fs::PermissionsExt;
    let snapshots_dir = cache.path().join("snapshots");
    assert_eq!(std::fs::metadata(&snapshots_dir).unwrap().permissions().mode() & 0o777, 0o700);
    let file = std::fs::read_dir(&snapshots_dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "bin"))
        .unwrap();
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    // A file others may write is not loaded; it is made again, privately.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
    let third = init("third", "1");
    assert!(third.contains("Prepared"), "made again: {third}");
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    // In a directory others may write, nothing is loaded or cached; it is made for the process.
    std::fs::set_permissions(&snapshots_dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::remove_file(&file).unwrap();
    let fourth = init("fourth", "1");
    assert!(fourth.contains("Prepared"), "{fourth}");
    assert!(!file.exists(), "not cached in a directory others may write");
}

/// `-v` prints the version, as `--version` and wrangler's `-v` do.
#[test]
fn dash_v_prints_the_version() {
    let short = worky().arg("-v").output().unwrap();
    let long = worky().arg("--version").output().unwrap();
    assert!(short.status.success());
    assert_eq!(short.stdout, long.stdout);
    assert!(String::from_utf8_lossy(&short.stdout).starts_with("worky "), "{}", String::from_utf8_lossy(&short.stdout));
}

/// wrangler's commands that worky lacks say what worky offers instead, not a
/// misleading "did you mean".
#[test]
fn wrangler_only_commands_say_what_worky_offers() {
    let out = worky().args(["r2", "bucket", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("`r2` is a wrangler command worky does not have: an R2 bucket needs no creating"), "{err}");
    let out = worky().arg("login").output().unwrap();
    assert!(stderr(&out).contains("`login` is a wrangler command worky does not have"), "{}", stderr(&out));
}
