//! A wrangler project runs as it is: `worky dev` reads wrangler.toml,
//! wrangler.jsonc and wrangler.json, warns once about Cloudflare-only keys, lists
//! the bindings it lacks (and `env.NAME` for one throws an Error naming it), and
//! reports every unknown key at once with a "did you mean".

mod common;

use std::time::Duration;

use common::*;

const WRANGLER_TOML: &str = r#"name = "shop"
main = "src/index.js"
account_id = "0123456789abcdef"
workers_dev = true
compatibility_date = "2026-11-01"
routes = [{ pattern = "shop.example.com/*", zone_name = "example.com" }]

[observability]
enabled = true

[vars]
GREETING = "hello from wrangler.toml"

[[kv_namespaces]]
binding = "CACHE"
id = "0f2ac74b498b48028cb68387c421e279"

[[durable_objects.bindings]]
name = "COUNTERS"
class_name = "Counter"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Counter"]

[triggers]
crons = ["*/5 * * * *"]

[[r2_buckets]]
binding = "IMAGES"
bucket_name = "images"

[ai]
binding = "AI"

[assets]
directory = "./public"
binding = "ASSETS"

[build]
command = "echo generated for $WRANGLER_COMMAND"
"#;

const WORKER: &str = r#"
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  async fetch() {
    const n = ((await this.ctx.storage.get("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", n);
    return new Response(String(n));
  }
}
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === "/images" || path === "/assets" || path === "/ai") {
      try {
        return new Response(String(path === "/images" ? await env.IMAGES.list().then((l) => l.objects.length) : path === "/ai" ? env.AI : env.ASSETS));
      } catch (error) {
        return new Response(`${error.name}: ${error.message}`);
      }
    }
    if (path === "/count") return env.COUNTERS.getByName("a").fetch(request);
    await env.CACHE.put("seen", "yes");
    return new Response(`${env.GREETING} ${await env.CACHE.get("seen")}`);
  },
};
"#;

#[test]
fn a_wrangler_toml_project_runs_unchanged() {
    let dir = project(&[("wrangler.toml", WRANGLER_TOML), ("src/index.js", WORKER), ("public/logo.txt", "a logo")]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "hello from wrangler.toml yes");
    assert_eq!(dev.get("/count").body, "1");
    assert_eq!(dev.get("/count").body, "2");
    assert_eq!(dev.get("/images").body, "0", "an R2 bucket, empty");
    assert_eq!(dev.get("/ai").body, "Error: env.AI is a Workers AI binding, which worky does not support yet");
    // Static assets are served before the worker runs, and bound (tests/static_assets.rs has the rest).
    assert_eq!(dev.get("/logo.txt").body, "a logo");
    assert_eq!(dev.get("/assets").body, "[object Fetcher]");
    let said = dev.output();
    assert!(said.contains("Static assets public/: 1 file (env.ASSETS)"), "{said}");
    assert!(!said.contains("static assets (assets)"), "{said}");
    assert!(said.contains("[custom build] generated for dev"), "{said}");
    assert!(
        said.contains(
            "ignoring Cloudflare platform settings worky has no use for: account_id, observability, routes, workers_dev"
        ),
        "{said}"
    );
    assert!(
        said.contains("bindings worky does not support yet (using one throws an Error): AI (Workers AI)"),
        "{said}"
    );
}

#[test]
fn wrangler_jsonc_with_comments_and_trailing_commas() {
    let jsonc = r#"{
  // wrangler's JSON config, as `wrangler init` writes it
  "$schema": "node_modules/wrangler/config-schema.json",
  "name": "shop",
  "main": "src/index.js",
  "compatibility_date": "2026-11-01",
  "vars": { "GREETING": "hello from wrangler.jsonc", },
  "kv_namespaces": [{ "binding": "CACHE", "id": "abc" }],
  "durable_objects": { "bindings": [{ "name": "COUNTERS", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
  "r2_buckets": [{ "binding": "IMAGES", "bucket_name": "images" }],
}"#;
    let dir = project(&[("wrangler.jsonc", jsonc), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "hello from wrangler.jsonc yes");
    assert_eq!(dev.get("/count").body, "1");
}

/// Problems in wrangler.json(c) point at the JSON's own line and column, all at once.
#[test]
fn wrangler_json_problems_name_their_line_and_column() {
    let check_exit = |jsonc: &str, code: i32, expected: &[&str]| {
        let dir = project(&[("wrangler.jsonc", jsonc), ("src/index.js", WORKER)]);
        let out = run(dir.path(), &["build"]);
        assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
        let err = stderr(&out);
        for needle in expected {
            assert!(err.contains(needle), "{needle}: {err}");
        }
        assert!(!err.contains("TOML"), "no trace of the equivalent TOML: {err}");
    };
    let check = |jsonc: &str, expected: &[&str]| check_exit(jsonc, 1, expected);
    let head = "{\n  // comment\n  \"name\": \"shop\",\n  \"main\": \"src/index.js\",\n";
    // Unknown keys, each with did-you-mean: warned about (the build goes on).
    check_exit(
        &format!("{head}  \"varz\": {{ \"A\": 1 }},\n  \"kv_namespace\": [{{ \"binding\": \"KV\" }}],\n}}"),
        0,
        &[
            "wrangler.jsonc:5:3: unknown key `varz`; did you mean `vars`?",
            "wrangler.jsonc:6:3: unknown key `kv_namespace`",
        ],
    );
    // A value worky refuses, and a value of the wrong type, deep in the file.
    check(
        &format!("{head}  \"limits\": {{ \"cpu_ms\": 0 }},\n}}"),
        &["wrangler.jsonc:5:25: limits.cpu_ms must be at least 1"],
    );
    check(
        &format!("{head}  \"kv_namespaces\": [\n    {{ \"binding\": \"A\" }},\n    {{ \"binding\": 3 }}\n  ],\n}}"),
        &["wrangler.jsonc:7:18: invalid type: integer `3`, expected a string"],
    );
    // Broken JSON.
    check(&format!("{head}  \"vars\": {{ \"A\" 1 }}\n}}"), &["wrangler.jsonc:5:"]);
}

/// worky.toml wins over a wrangler file beside it, and says so.
#[test]
fn worky_toml_is_used_when_both_are_there() {
    let worky = "name = \"shop\"\nmain = \"src/index.js\"\n[vars]\nGREETING = \"from worky.toml\"\n\
                 [[kv_namespaces]]\nbinding = \"CACHE\"\n[[durable_objects.bindings]]\nname = \"COUNTERS\"\n\
                 class_name = \"Counter\"\n";
    let dir = project(&[("worky.toml", worky), ("wrangler.toml", WRANGLER_TOML), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "from worky.toml yes");
    assert!(dev.wait_for_output("(not wrangler.toml)", Duration::from_secs(5)), "{}", dev.output());
}

/// Every unknown key at once, each at its line, with the key it probably
/// meant: warned about and ignored, as wrangler does (a config made by a newer
/// wrangler still runs).
#[test]
fn unknown_keys_are_warned_about_with_did_you_mean_and_ignored() {
    let text = "name = \"shop\"\nmain = \"src/index.js\"\nkv_namespace = [{ binding = \"KV\" }]\n\
                [observabilty]\nenabled = true\n";
    let dir = project(&[("wrangler.toml", text), ("src/index.js", WORKER)]);
    let out = run(dir.path(), &["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("wrangler.toml:3:1: unknown key `kv_namespace`; did you mean `kv_namespaces`?"), "{err}");
    assert!(err.contains("wrangler.toml:4:2: unknown key `observabilty`; did you mean `observability`?"), "{err}");
    assert!(err.contains("(ignored, as wrangler ignores it)"), "{err}");
}

/// What the Cloudflare vite plugin leaves (React Router, Astro): the config it
/// generated, with every kind of binding written out (most empty) and where it
/// came from, and `.wrangler/deploy/config.json` pointing at it. `worky dev`
/// in the project runs that config, as `wrangler dev` does, and keeps its
/// data in the project, not in the build's folder.
#[test]
fn a_build_tools_generated_config_runs_through_wranglers_redirect() {
    let generated = r#"{"configPath": "/x/wrangler.jsonc", "userConfigPath": "/x/wrangler.jsonc", "topLevelName": "app",
      "definedEnvironments": [], "compatibility_date": "2026-06-01", "compatibility_flags": ["nodejs_compat"],
      "jsx_factory": "React.createElement", "name": "app", "main": "index.js", "triggers": {},
      "vars": {"FROM": "dist"}, "kv_namespaces": [{"binding": "KV"}], "durable_objects": {"bindings": []},
      "exports": {}, "cloudchamber": {}, "queues": {"producers": [], "consumers": []}, "connect": [],
      "worker_loaders": [], "vpc_services": [], "logfwdr": {"bindings": []}, "python_modules": {"exclude": ["**/*.pyc"]},
      "dev": {"ip": "localhost", "local_protocol": "http", "upstream_protocol": "http", "enable_containers": true},
      "no_bundle": true}"#;
    let worker = "export default { async fetch(r, env) { await env.KV.put('k', 'v'); return new Response(`from ${env.FROM}`); } };";
    let dir = project(&[
        ("wrangler.jsonc", "{ \"name\": \"app\", \"main\": \"src/missing.ts\" }"),
        (
            ".wrangler/deploy/config.json",
            r#"{"configPath": "../../dist/server/wrangler.json", "auxiliaryWorkers": []}"#,
        ),
        ("dist/server/wrangler.json", generated),
        ("dist/server/index.js", worker),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "from dist");
    let said = dev.output();
    assert!(said.contains("using the configuration a build tool generated"), "{said}");
    assert!(!said.contains("unknown key") && !said.contains("platform settings"), "{said}");
    assert!(dir.path().join(".worky/state/kv.sqlite3").is_file(), "the data stays in the project");
    assert!(!dir.path().join("dist/server/.worky").exists());
    drop(dev);

    // A wrangler config deeper down is not the one the redirect sits beside:
    // which to use is not clear, and worky says so, as wrangler does.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("wrangler.json"), r#"{"name": "other", "main": "index.js"}"#).unwrap();
    std::fs::write(other.join("index.js"), "export default { fetch: () => new Response('other') };").unwrap();
    let err = stderr(&run(&other, &["build"]));
    assert!(err.contains("is not beside") && err.contains("other/wrangler.json"), "{err}");
    assert!(!err.contains("  generated"), "one line of words, not a wrapped source line: {err}");

    // A redirect to nothing (a build that was cleaned away) says so.
    std::fs::remove_dir_all(dir.path().join("dist")).unwrap();
    let err = stderr(&run(dir.path(), &["build"]));
    assert!(err.contains(".wrangler/deploy/config.json: it points at") && err.contains("does not exist"), "{err}");
}

const ENVS: &str = r#"name = "shop"
main = "src/index.js"
compatibility_date = "2026-11-01"

[vars]
GREETING = "production"

[[kv_namespaces]]
binding = "CACHE"
id = "prod0000"

[env.staging]
[env.staging.vars]
GREETING = "staging"
[[env.staging.kv_namespaces]]
binding = "CACHE"
id = "staging0000"

[env.bare]
"#;

const ENV_WORKER: &str = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.searchParams.has("write")) await env.CACHE.put("who", url.searchParams.get("write"));
    return new Response(`${env.GREETING} ${env.CACHE ? await env.CACHE.get("who") : "no CACHE"}`);
  },
};
"#;

/// `--env NAME` runs `[env.NAME]` with wrangler's inheritance (main inherited,
/// vars and bindings not), and two environments never share KV data: each
/// namespace keeps its data under its id.
#[test]
fn environments_have_their_own_vars_and_kv_data() {
    let dir = project(&[("wrangler.toml", ENVS), ("src/index.js", ENV_WORKER)]);
    {
        let staging = Dev::start(dir.path(), &["--env", "staging"]);
        assert_eq!(staging.get("/?write=stage").body, "staging stage");
    }
    {
        let production = Dev::start(dir.path(), &[]);
        assert_eq!(production.get("/").body, "production null", "production does not see staging's data");
        assert_eq!(production.get("/?write=prod").body, "production prod");
    }
    {
        let staging = Dev::start(dir.path(), &["--env", "staging"]);
        assert_eq!(staging.get("/").body, "staging stage");
        let bare = Dev::start(dir.path(), &["--env", "bare"]);
        assert_eq!(bare.get("/").body, "undefined no CACHE", "vars and bindings are not inherited");
    }
    // The environment is in the manifest, with wrangler's name for the worker.
    let out = run(dir.path(), &["build", "--env", "staging"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("dist/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["environment"], "staging");
    assert_eq!(manifest["name"], "shop-staging");
    assert_eq!(manifest["bindings"]["kv_storage"]["CACHE"], "staging0000");
    // `worky kv` reads the environment's data.
    let out = run(dir.path(), &["kv", "get", "who", "--env", "staging"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "stage", "{}", stderr(&out));
    let out = run(dir.path(), &["kv", "get", "who"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "prod", "{}", stderr(&out));
    // An environment the config does not have.
    let out = run(dir.path(), &["build", "--env", "prod"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no environment `prod` ([env.prod]); it has: bare, staging"), "{}", stderr(&out));
}

/// The `worky dev` flags a wrangler user reaches for: `--var`, `--define`,
/// `--test-scheduled` with `/cdn-cgi/handler/scheduled`, and the query string in
/// the request log line.
#[test]
fn dev_flags_from_wrangler() {
    let worker = r#"
let ran = "no";
export default {
  fetch(request, env) {
    return new Response(`${env.GREETING} ${BUILD_LABEL} ${ran}`);
  },
  scheduled(controller) {
    ran = controller.cron;
  },
};
"#;
    let config = "name = \"flags\"\nmain = \"src/index.js\"\n[vars]\nGREETING = \"from config\"\n\
                  [define]\nBUILD_LABEL = \"\\\"from the config\\\"\"\n";
    let dir = project(&[("wrangler.toml", config), ("src/index.js", worker)]);
    let dev = Dev::start(
        dir.path(),
        &[
            "--var",
            "GREETING:from --var: with a colon",
            "--define",
            "BUILD_LABEL:\"defined\"",
            "--test-scheduled",
            "--max-isolates",
            "1",
        ],
    );
    assert_eq!(dev.get("/?first=1").body, "from --var: with a colon defined no");
    let scheduled = dev.get("/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*");
    assert_eq!(scheduled.status, 200, "{}", scheduled.body);
    assert_eq!(dev.get("/").body, "from --var: with a colon defined */5 * * * *");
    assert!(dev.wait_for_output("/?first=1", Duration::from_secs(5)), "the log line has the query: {}", dev.output());
    // Without the flag, the config's [define] applies (here in `worky build`).
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let code = std::fs::read_to_string(dir.path().join("dist/worker.js")).unwrap();
    assert!(code.contains("from the config") && !code.contains("BUILD_LABEL"), "{code}");
    let out = run(dir.path(), &["dev", "--var", "no-colon"]);
    assert!(stderr(&out).contains("expected KEY:VALUE, got `no-colon`"), "{}", stderr(&out));
}

/// wrangler's default module rules: `.html` and `.txt` import as text.
#[test]
fn html_and_text_modules_import_as_strings() {
    let worker = r#"
import page from "./page.html";
import note from "./note.txt";
export default {
  fetch() {
    return new Response(`${typeof page}|${page.trim()}|${note.trim()}`);
  },
};
"#;
    let dir = project(&[
        ("wrangler.toml", "name = \"modules\"\nmain = \"src/index.js\"\n"),
        ("src/index.js", worker),
        ("src/page.html", "<h1>héllo</h1>\n"),
        ("src/note.txt", "plain `text` with ${no} template\n"),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "string|<h1>héllo</h1>|plain `text` with ${no} template");
}

/// The rest of wrangler's default rules: `.bin` imports as an ArrayBuffer and
/// `.wasm` as a compiled `WebAssembly.Module`.
#[test]
fn binary_and_wasm_modules() {
    // (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
    const ADD_WASM: &[u8] = &[
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03,
        0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20,
        0x00, 0x20, 0x01, 0x6a, 0x0b,
    ];
    let worker = r#"
import add from "./add.wasm";
import data from "./data.bin";
export default {
  fetch() {
    const instance = new WebAssembly.Instance(add);
    const kinds = [add instanceof WebAssembly.Module, data instanceof ArrayBuffer];
    return new Response(`${instance.exports.add(2, 3)} ${kinds} ${data.byteLength} ${new Uint8Array(data)[255]}`);
  },
};
"#;
    let dir = project(&[("wrangler.toml", "name = \"modules\"\nmain = \"src/index.js\"\n"), ("src/index.js", worker)]);
    std::fs::write(dir.path().join("src/add.wasm"), ADD_WASM).unwrap();
    std::fs::write(dir.path().join("src/data.bin"), (0..=255u8).collect::<Vec<_>>()).unwrap();
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "5 true,true 256 255");
}

/// `[[rules]]`: a user rule makes `.md` and `.sql` text (`.sql` is a default
/// too), a rule without `fallthrough` replaces the default of its type, and
/// files outside `src/` still match `**/*.ext`.
#[test]
fn user_module_rules_with_wranglers_fallthrough() {
    let worker = r#"
import readme from "./README.md";
import query from "../queries/q.sql";
import page from "./page.html";
export default {
  fetch() {
    return new Response([readme.trim(), query.trim(), typeof page === "string" ? page.trim() : "not text"].join("|"));
  },
};
"#;
    let config = |fallthrough: bool| {
        format!(
            "name = \"rules\"\nmain = \"src/index.js\"\n\n[[rules]]\ntype = \"Text\"\nglobs = [\"**/*.md\", \"**/*.sql\"]\nfallthrough = {fallthrough}\n"
        )
    };
    let dir = project(&[
        ("wrangler.toml", &config(true)),
        ("src/index.js", worker),
        ("src/README.md", "# Read me\n"),
        ("src/page.html", "<p>page</p>\n"),
        ("queries/q.sql", "SELECT 1;\n"),
    ]);
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "# Read me|SELECT 1;|<p>page</p>");
    drop(dev);

    // Without fallthrough the user's Text rule is the only one: .html is no longer text.
    std::fs::write(dir.path().join("wrangler.toml"), config(false)).unwrap();
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "an .html file is not JavaScript: {}", stderr(&out));

    // A type wrangler does not have is an error at its line, with the types there are.
    std::fs::write(
        dir.path().join("wrangler.toml"),
        "name = \"rules\"\nmain = \"src/index.js\"\n[[rules]]\ntype = \"Txt\"\nglobs = [\"**/*.md\"]\n",
    )
    .unwrap();
    let err = stderr(&run(dir.path(), &["build"]));
    assert!(err.contains("wrangler.toml:4:8: rules: unknown type `Txt`; did you mean `Text`?"), "{err}");
}

/// `find_additional_modules`: every file the rules match under `base_dir` is in
/// the bundle, so `import()` with a specifier computed at run time finds it,
/// relative to the importing file, and a missing one fails as on Workers.
#[test]
fn find_additional_modules_serves_imports_computed_at_run_time() {
    let worker = r#"
export default {
  async fetch(request) {
    const lang = new URL(request.url).searchParams.get("lang");
    try {
      const messages = await import(`./lang/${lang}.js`);
      const banner = await import("./" + "banner.txt");
      return new Response(`${messages.default.hello} ${messages.count} ${banner.default.trim()}`);
    } catch (err) {
      return new Response(`${err.name}: ${err.message}`, { status: 404 });
    }
  },
};
"#;
    let dir = project(&[
        (
            "wrangler.toml",
            "name = \"additional\"\nmain = \"src/index.js\"\nfind_additional_modules = true\n\
             rules = [{ type = \"ESModule\", globs = [\"**/*.js\"] }]\n",
        ),
        ("src/index.js", worker),
        ("src/lang/en.js", "export default { hello: \"hello\" };\nexport const count = 1;\n"),
        ("src/lang/fr.js", "export default { hello: \"bonjour\" };\nexport const count = 2;\n"),
        ("src/banner.txt", "-- banner --\n"),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/?lang=en").body, "hello 1 -- banner --");
    assert_eq!(dev.get("/?lang=fr").body, "bonjour 2 -- banner --");
    let missing = dev.get("/?lang=de");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body, "Error: No such module \"lang/de.js\".\n  imported from \".\"");
    // A file added later is found after the reload that adding it causes.
    std::fs::write(
        dir.path().join("src/lang/de.js"),
        "export default { hello: \"hallo\" };\nexport const count = 3;\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("src/index.js"), format!("{worker}\n// touched\n")).unwrap();
    let reply = dev.wait_until("/?lang=de", std::time::Duration::from_secs(10), |reply| reply.status == 200);
    assert_eq!(reply.body, "hallo 3 -- banner --");

    // Without the flag the computed import has nothing to find.
    let plain = project(&[
        ("wrangler.toml", "name = \"additional\"\nmain = \"src/index.js\"\n"),
        ("src/index.js", worker),
        ("src/lang/en.js", "export default { hello: \"hello\" };\n"),
    ]);
    let dev = Dev::start(plain.path(), &[]);
    assert_eq!(dev.get("/?lang=en").status, 404);
}

/// wrangler's custom build: `[build] command` runs before the bundle is made
/// (its output shown behind `[custom build]`, with WRANGLER_COMMAND set as
/// wrangler sets it), makes the entry module, and runs again in dev when a file
/// under `watch_dir` changes; a failing command, or one that does not make the
/// entry, stops the build with what to do.
#[test]
fn the_custom_build_runs_before_bundling_and_again_on_changes() {
    let toml = "name = \"gen\"\nmain = \"out/index.js\"\n[build]\ncommand = \"sh build.sh\"\nwatch_dir = \"content\"\n";
    let script = "mkdir -p out\necho \"making it for $WRANGLER_COMMAND\"\n\
                  printf 'export default { fetch() { return new Response(\"%s (%s)\") } };\\n' \
                  \"$(cat content/message.txt)\" \"$WRANGLER_COMMAND\" > out/index.js\n";
    let dir = project(&[("wrangler.toml", toml), ("build.sh", script), ("content/message.txt", "hello")]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "hello (dev)");
    assert!(dev.output().contains("[custom build] Running: sh build.sh"), "{}", dev.output());
    assert!(dev.output().contains("[custom build] making it for dev"), "{}", dev.output());
    write_files(dir.path(), &[("content/message.txt", "bye")]);
    let timeout = std::time::Duration::from_secs(10);
    assert_eq!(dev.wait_until("/", timeout, |reply| reply.body == "bye (dev)").body, "bye (dev)");
    // A failing build keeps the last good version serving.
    write_files(dir.path(), &[("build.sh", "echo broken >&2\nexit 3\n"), ("content/message.txt", "x")]);
    assert!(dev.wait_for_output("Running custom build `sh build.sh` failed", timeout), "{}", dev.output());
    assert!(dev.output().contains("[custom build] broken"), "{}", dev.output());
    assert_eq!(dev.get("/").body, "bye (dev)");
    drop(dev);

    write_files(dir.path(), &[("build.sh", script)]);
    let out = run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(dir.path().join("out/index.js")).unwrap().contains("(deploy)"));
    write_files(dir.path(), &[("build.sh", "exit 3\n")]);
    let said = stderr(&run(dir.path(), &["build"]));
    assert!(said.contains("Running custom build `sh build.sh` failed"), "{said}");
    std::fs::remove_file(dir.path().join("out/index.js")).unwrap();
    write_files(dir.path(), &[("build.sh", "true\n")]);
    let said = stderr(&run(dir.path(), &["build"]));
    assert!(
        said.contains(
            "the expected output file at \"out/index.js\" was not found after running custom build: sh build.sh"
        ),
        "{said}"
    );
}

/// A project of Cloudflare's Agents SDK (npm `agents`, which imports
/// `cloudflare:email`, Durable Objects with SQLite, WebSockets and
/// nodejs_compat) runs unchanged: `routeAgentRequest` reaches the agent by
/// name, its state and SQL persist across requests, and a WebSocket client is
/// told the agent's identity and state and gets its messages.
#[test]
fn an_agents_sdk_project_runs_unchanged() {
    let dir = fixture("agents-sdk");
    npm_install(dir.path());
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/agents/counter/alice").body, r#"{"name":"alice","count":1,"hits":1}"#);
    assert_eq!(dev.get("/agents/counter/alice").body, r#"{"name":"alice","count":2,"hits":2}"#);
    assert_eq!(dev.get("/agents/counter/bob").body, r#"{"name":"bob","count":1,"hits":1}"#);
    assert_eq!(dev.get("/nowhere").status, 404);

    let url = format!("{}/agents/counter/alice", dev.url.replace("http://", "ws://"));
    let address = dev.url.trim_start_matches("http://").to_string();
    let stream = std::net::TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let (mut socket, response) = tungstenite::client(url.as_str(), stream).unwrap();
    assert_eq!(response.status(), 101);
    let identity = read_text(&mut socket);
    assert!(identity.contains(r#""type":"cf_agent_identity","name":"alice""#), "{identity}");
    let state = read_text(&mut socket);
    assert!(state.contains(r#""type":"cf_agent_state","state":{"count":2}"#), "{state}");
    socket.send(tungstenite::Message::text("bump")).unwrap();
    socket.send(tungstenite::Message::text("hi")).unwrap();
    let mut seen = Vec::new();
    while !seen.iter().any(|m: &String| m == "echo:hi") {
        seen.push(read_text(&mut socket));
    }
    // The bump is broadcast to the agent's clients as its new state.
    let bumped = |m: &String| m.contains(r#""type":"cf_agent_state""#) && m.contains(r#""state":{"count":3}"#);
    assert!(seen.iter().any(bumped), "{seen:?}");
}

fn read_text(socket: &mut tungstenite::WebSocket<std::net::TcpStream>) -> String {
    match socket.read().unwrap() {
        tungstenite::Message::Text(text) => text.as_str().to_string(),
        other => panic!("expected text, got {other:?}"),
    }
}

/// A project's migration history as wrangler keeps it: classes made, deleted
/// (no longer exported), renamed (keeping their SQLite kind) and taken over
/// from another worker. It runs; the renamed class is the bound one.
#[test]
fn migrations_that_delete_rename_and_transfer_classes() {
    let config = r#"name = "history"
main = "src/index.js"
compatibility_date = "2025-11-20"

[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Tally"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Counter", "Old"]

[[migrations]]
tag = "v2"
deleted_classes = ["Old"]

[[migrations]]
tag = "v3"
renamed_classes = [{ from = "Counter", to = "Tally" }]
transferred_classes = [{ from = "Theirs", from_script = "other", to = "Mine" }]
"#;
    let worker = r#"import { DurableObject } from "cloudflare:workers";
export class Tally extends DurableObject {
  async up() { const n = ((await this.ctx.storage.get("n")) ?? 0) + 1; await this.ctx.storage.put("n", n); return `${n} ${typeof this.ctx.storage.sql}`; }
}
export class Mine extends DurableObject { kind() { try { return typeof this.ctx.storage.sql; } catch { return "key-value"; } } }
export default { async fetch(r, env, ctx) {
  return new Response(`${await env.COUNTER.getByName("a").up()} ${await ctx.exports.Mine.getByName("m").kind()}`);
} };
"#;
    let dir = project(&[("wrangler.toml", config), ("src/index.js", worker)]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "1 object key-value", "{}", dev.output());
    assert_eq!(dev.get("/").body, "2 object key-value");
}
