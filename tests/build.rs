//! `worky build` and the npm-package path, end to end.

mod common;

use common::*;
use sha2::{Digest, Sha256};

#[test]
fn build_writes_bundle_map_and_manifest_whose_digests_match() {
    let dir = project(&[
        (
            "worky.toml",
            "name = \"app\"\nmain = \"src/index.ts\"\ncompatibility_date = \"2026-11-01\"\n[vars]\nA = \"1\"\n",
        ),
        ("src/msg.ts", "export const message: string = \"built\";\n"),
        (
            "src/index.ts",
            "import { message } from './msg';\nexport default { fetch(): Response { return new Response(message); } };\n",
        ),
    ]);
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dist = dir.path().join("dist");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dist.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["name"], "app");
    assert_eq!(manifest["main"], "worker.js");
    assert_eq!(manifest["compatibility_date"], "2026-11-01");
    assert_eq!(manifest["worky_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["bindings"]["vars"]["A"], "1");
    let files = manifest["files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(names, ["worker.js", "worker.js.map"]);
    for file in files {
        let bytes = std::fs::read(dist.join(file["path"].as_str().unwrap())).unwrap();
        assert_eq!(file["size"], bytes.len());
        assert_eq!(file["sha256"], hex::encode(Sha256::digest(&bytes)));
    }
    let code = std::fs::read_to_string(dist.join("worker.js")).unwrap();
    assert!(code.contains("built") && !code.contains(": string"), "TypeScript stripped:\n{code}");
    let map: serde_json::Value = serde_json::from_slice(&std::fs::read(dist.join("worker.js.map")).unwrap()).unwrap();
    let sources: Vec<&str> = map["sources"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(sources.contains(&"../src/index.ts") && sources.contains(&"../src/msg.ts"), "{sources:?}");

    // The bundle runs on its own.
    let dev = Dev::start(&dist, &["worker.js"]);
    assert_eq!(dev.get("/").body, "built");
}

#[test]
fn outdir_and_minify() {
    let dir = project(&[
        ("worky.toml", "name = \"app\"\nmain = \"src/index.ts\"\n"),
        (
            "src/index.ts",
            "function makeGreeting(name: string) { const greeting = `hello ${name}`; return greeting; }\nexport default { fetch(): Response { return new Response(makeGreeting('min')); } };\n",
        ),
    ]);
    assert!(run(dir.path(), &["build"]).status.success());
    let out = run(dir.path(), &["build", "--outdir", "out", "--minify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plain = std::fs::read_to_string(dir.path().join("dist/worker.js")).unwrap();
    let minified = std::fs::read_to_string(dir.path().join("out/worker.js")).unwrap();
    assert!(minified.len() < plain.len(), "minified:\n{minified}\nplain:\n{plain}");
    let dev = Dev::start(&dir.path().join("out"), &["worker.js"]);
    assert_eq!(dev.get("/").body, "hello min");
}

#[test]
fn syntax_and_resolution_errors_fail_the_build_with_a_code_frame() {
    let dir = project(&[
        ("worky.toml", "name = \"app\"\nmain = \"src/index.ts\"\n"),
        ("src/index.ts", "export default {\n  fetch() {\n    return new Response(\"x\";\n  },\n};\n"),
    ]);
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("src/index.ts:3:"), "file:line:col: {err}");
    assert!(err.contains("return new Response(\"x\";"), "code frame: {err}");
    assert!(!dir.path().join("dist/worker.js").exists());

    std::fs::write(
        dir.path().join("src/index.ts"),
        "import { nope } from './missing';\nexport default { fetch: () => new Response(nope) };\n",
    )
    .unwrap();
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("./missing") && err.contains("src/index.ts:1:"), "{err}");
}

#[test]
fn imports_the_runtime_cannot_provide_fail_the_build_at_the_importing_line() {
    let dir = project(&[
        ("worky.toml", "name = \"app\"\nmain = \"src/index.ts\"\n"),
        (
            "src/index.ts",
            "import { helper } from './helper';\nexport default { fetch: () => new Response(helper()) };\n",
        ),
        (
            "src/helper.ts",
            "import { env } from 'cloudflare:workers';\nimport { Buffer } from 'node:buffer';\n\
             import { PipelineTransformationEntrypoint } from 'cloudflare:pipelines';\nimport _ from 'lodash';\n\
             import manifest from '__STATIC_CONTENT_MANIFEST';\n\
             export const helper = () => String([env, Buffer, PipelineTransformationEntrypoint, _, manifest]);\n",
        ),
    ]);
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // Each one at once, at its own line, with what to do.
    assert!(err.contains("src/helper.ts:2:") && err.contains("\"node:buffer\" is a Node.js built-in"), "{err}");
    assert!(err.contains("nodejs_compat"), "{err}");
    assert!(
        err.contains("src/helper.ts:3:") && err.contains("\"cloudflare:pipelines\" is a Cloudflare runtime module")
    );
    assert!(err.contains("worky provides: cloudflare:workers, cloudflare:sockets"), "{err}");
    assert!(err.contains("src/helper.ts:4:") && err.contains("npm install lodash"), "{err}");
    assert!(err.contains("src/helper.ts:5:") && err.contains("Workers Sites' manifest ([site])"), "{err}");
    assert!(!err.contains("npm install __STATIC_CONTENT_MANIFEST") && err.contains("assets = {"), "{err}");
    assert!(!err.contains("helper.ts:1:"), "cloudflare:workers is provided: {err}");
    assert!(!dir.path().join("dist/worker.js").exists());

    // `worky dev` refuses it at build time too, before any isolate starts.
    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.wait_for_output("nodejs_compat", std::time::Duration::from_secs(10)), "{}", dev.output());
    let output = dev.output();
    assert!(output.contains("src/helper.ts:2:") && !output.contains("Ready on"), "{output}");
}

#[test]
fn an_entry_with_nothing_to_run_says_it_has_no_default_export() {
    let dir = project(&[("worky.toml", "name = \"app\"\nmain = \"src/index.ts\"\n"), ("src/index.ts", "// TODO\n")]);
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("src/index.ts has no default export"), "{err}");
    assert!(err.contains("export default {"), "{err}");
    assert!(!err.contains("source map"), "{err}");
}

/// A compatibility date that is not YYYY-MM-DD is refused where it is written,
/// in worky.toml and in a wrangler.json alike, before anything is built.
#[test]
fn a_malformed_compatibility_date_names_the_file_and_line() {
    let worker = "export default { fetch: () => new Response('ok') };\n";
    let dir = project(&[
        ("worky.toml", "name = \"app\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-8-4\"\n"),
        ("src/index.js", worker),
    ]);
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("worky.toml:3:22: compatibility_date `2026-8-4` is not a date written YYYY-MM-DD"), "{err}");
    assert!(!dir.path().join("dist").exists(), "nothing built");

    let json = "{\n  \"name\": \"app\",\n  \"main\": \"src/index.js\",\n  \"compatibility_date\": \"2026-13-01\"\n}\n";
    let dir = project(&[("wrangler.json", json), ("src/index.js", worker)]);
    let err = stderr(&run(dir.path(), &["build"]));
    assert!(
        err.contains("wrangler.json:4:25: compatibility_date `2026-13-01` is not a date written YYYY-MM-DD"),
        "{err}"
    );
}

#[test]
fn npm_package_with_exports_map_is_bundled_and_served() {
    let dir = fixture("hono-app");
    npm_install(dir.path());
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "Hello Hono!");
    let reply = send(client().get(format!("{}/api/users/7", dev.url)).header("origin", "https://example.com"));
    assert_eq!(reply.body, r#"{"id":"7"}"#);
    // `hono/cors` resolved through package.json `exports`.
    assert_eq!(reply.headers["access-control-allow-origin"], "https://example.com");
}
