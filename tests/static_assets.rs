//! Workers Static Assets, against what Cloudflare's asset and router workers
//! answer: tests/static_assets/expected.json holds every request of
//! tests/static_assets/suite.mjs as miniflare answered it (record.mjs records
//! it again). Each project runs under the real `worky dev`, from a wrangler.toml
//! with its `assets` keys, and every answer (status, headers, body) must be the
//! same; an ETag is compared by its form (`"<32 hex digits>"`), as the value is
//! a content hash whose recipe differs (miniflare's hashes a path and a time).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Dev, project, write_files};
use serde_json::Value;

const VOLATILE: [&str; 5] = ["date", "connection", "keep-alive", "content-length", "transfer-encoding"];

fn expected() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/static_assets/expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// wrangler.toml for a recorded project.
fn wrangler_toml(project: &Value, date: &str) -> String {
    let mut toml = String::from("name = \"assets\"\n");
    let worker = project["worker"].as_bool().unwrap();
    if worker {
        toml.push_str("main = \"src/index.js\"\n");
    }
    toml.push_str(&format!("compatibility_date = \"{}\"\n", project["compatibility_date"].as_str().unwrap_or(date)));
    if let Some(flags) = project.get("compatibility_flags") {
        toml.push_str(&format!("compatibility_flags = {flags}\n"));
    }
    toml.push_str("\n[assets]\ndirectory = \"./public\"\n");
    if worker {
        toml.push_str("binding = \"ASSETS\"\n");
    }
    for (key, value) in project["assets"].as_object().unwrap() {
        toml.push_str(&format!("{key} = {value}\n"));
    }
    toml
}

/// Sends a recorded request (filling `{{etag:/path}}` in, and `via` the worker's
/// binding as x- headers) and returns status, headers (ETags by form) and body.
fn ask(client: &reqwest::blocking::Client, base: &str, request: &Value) -> (u16, BTreeMap<String, String>, String) {
    let mut headers = reqwest::header::HeaderMap::new();
    for (name, value) in request["headers"].as_object().into_iter().flatten() {
        let mut value = value.as_str().unwrap().to_string();
        while let Some(start) = value.find("{{etag:") {
            let end = start + value[start..].find("}}").unwrap();
            let of = &value[start + "{{etag:".len()..end];
            // Asked the way the request goes: a binding's request, through the binding.
            let asked = match request["via"].as_str() {
                Some(_) => client
                    .get(format!("{base}/__via"))
                    .header("x-via", "binding")
                    .header("x-target", format!("{base}{of}"))
                    .header("x-method", "GET"),
                None => client.get(format!("{base}{of}")),
            };
            let response = asked.send().unwrap();
            let etag = response.headers().get("etag").unwrap_or_else(|| panic!("no ETag for {of}: {response:?}"));
            let etag = etag.to_str().unwrap().to_string();
            value.replace_range(start..end + 2, &etag);
        }
        headers.insert(reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap(), value.parse().unwrap());
    }
    let method = request["method"].as_str().unwrap_or("GET");
    let path = request["path"].as_str().unwrap();
    let sent = match request["via"].as_str() {
        None => {
            let builder = client.request(method.parse().unwrap(), format!("{base}{path}")).headers(headers);
            match request["body"].as_str() {
                Some(body) => builder.body(body.to_string()),
                None => builder,
            }
        }
        Some(via) => {
            let target = request["target"].as_str().map_or_else(|| format!("{base}{path}"), str::to_string);
            headers.insert("x-via", via.parse().unwrap());
            headers.insert("x-target", target.parse().unwrap());
            headers.insert("x-method", method.parse().unwrap());
            client.get(format!("{base}/__via")).headers(headers)
        }
    };
    let response = sent.send().unwrap();
    let status = response.status().as_u16();
    // A header sent twice reads as its values joined, as Node.js (the recorder) reads it.
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in response.headers().iter().filter(|(name, _)| !VOLATILE.contains(&name.as_str())) {
        let value = etag_form(value.to_str().unwrap());
        headers.entry(name.to_string()).and_modify(|joined| *joined = format!("{joined}, {value}")).or_insert(value);
    }
    (status, headers, response.text().unwrap())
}

/// `"<etag>"` for each quoted 32-hex-digit ETag in a header value.
fn etag_form(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find('"') {
        let candidate = &rest[start..];
        let is_etag = candidate.len() >= 34
            && candidate.as_bytes()[33] == b'"'
            && candidate[1..33].bytes().all(|b| b.is_ascii_hexdigit());
        if is_etag {
            out.push_str(&rest[..start]);
            out.push_str("\"<etag>\"");
            rest = &candidate[34..];
        } else {
            out.push_str(&rest[..=start]);
            rest = &rest[start + 1..];
        }
    }
    out + rest
}

fn client_without_redirects() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap()
}

#[test]
fn every_recorded_answer_is_cloudflares() {
    let expected = expected();
    let date = expected["compatibility_date"].as_str().unwrap();
    let worker =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/static_assets/worker.js")).unwrap();
    let client = client_without_redirects();
    let mut differences = Vec::new();
    let mut compared = 0;
    for recorded in expected["projects"].as_array().unwrap() {
        let name = recorded["name"].as_str().unwrap();
        let dir = project(&[("wrangler.toml", &wrangler_toml(recorded, date)), ("src/index.js", &worker)]);
        let site = &expected["sites"][recorded["site"].as_str().unwrap()];
        let files: Vec<(String, String)> = site
            .as_object()
            .unwrap()
            .iter()
            .map(|(path, text)| (format!("public/{path}"), text.as_str().unwrap().to_string()))
            .collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        write_files(dir.path(), &files);
        let dev = Dev::start(dir.path(), &[]);
        for answer in recorded["answers"].as_array().unwrap() {
            let request = &answer["request"];
            let (status, headers, body) = ask(&client, &dev.url, request);
            let want_headers: BTreeMap<String, String> = answer["headers"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(name, value)| (name.clone(), value.as_str().unwrap().to_string()))
                .collect();
            let want = (answer["status"].as_u64().unwrap() as u16, want_headers, answer["body"].as_str().unwrap());
            compared += 1;
            if (status, &headers, body.as_str()) != (want.0, &want.1, want.2) {
                differences.push(format!(
                    "{name}: {request}\n  worky:      {status} {headers:?} {body:?}\n  Cloudflare: {} {:?} {:?}",
                    want.0, want.1, want.2
                ));
            }
        }
    }
    assert!(differences.is_empty(), "{} of {compared} answers differ:\n{}", differences.len(), differences.join("\n"));
    assert!(compared > 400, "only {compared} answers compared");
}

/// A site with a worker, as packed by `worky publish` and run by `worky serve`:
/// the files travel in the package (verified against the signed manifest) and
/// are served from the deployment's state directory; a new version serves its
/// own files. Bodies on both sides of the 64 KiB inline limit come back whole,
/// from outside and through env.ASSETS.
#[test]
fn serve_runs_the_packed_assets_of_each_version() {
    let publisher = common::keygen();
    let packages = tempfile::tempdir().unwrap();
    let letters = |n: usize| (0..n).map(|i| char::from(b'a' + (i * 7 % 26) as u8)).collect::<String>();
    let big = letters(64 * 1024 + 1);
    let small = &big[..64 * 1024];
    // Read whole up to 1 MiB, streamed above.
    let streamed = letters(1024 * 1024 + 1);
    let whole = &streamed[..1024 * 1024];
    let toml = "name = \"site\"\nmain = \"src/index.js\"\n[assets]\ndirectory = \"public\"\nbinding = \"ASSETS\"\n";
    let worker = "export default { async fetch(request, env) {\n  const url = new URL(request.url);\n  \
                  if (url.pathname === '/via') return env.ASSETS.fetch(new URL(url.searchParams.get('p'), url));\n  \
                  return new Response('worker ' + url.pathname);\n} };\n";
    let app = project(&[
        ("worky.toml", toml),
        ("src/index.js", worker),
        ("public/index.html", "home v1"),
        ("public/big.txt", &big),
        ("public/small.txt", small),
        ("public/same.txt", small),
        ("public/whole.txt", whole),
        ("public/streamed.txt", &streamed),
        ("public/_redirects", "/old /small.txt 301\n"),
        ("public/_headers", "/*.txt\n  X-Kind: text\n"),
    ]);
    common::pack_into(app.path(), &publisher, "1.0.0", packages.path());
    write_files(app.path(), &[("public/index.html", "home v2")]);
    common::pack_into(app.path(), &publisher, "2.0.0", packages.path());

    let host = tempfile::tempdir().unwrap();
    let deployment = common::deployment("site", "1.0.0", "site.test");
    let config = common::serve_toml(host.path(), packages.path(), &publisher, &deployment);
    let serve = common::Serve::start(&config);
    let get = |path: &str| serve.get(path, Some("site.test"));
    assert_eq!(get("/").body, "home v1");
    assert_eq!(get("/missing").body, "worker /missing");
    let files = [
        ("/big.txt", big.as_str()),
        ("/small.txt", small),
        ("/same.txt", small),
        ("/whole.txt", whole),
        ("/streamed.txt", streamed.as_str()),
    ];
    for (path, text) in files {
        let reply = get(path);
        assert_eq!((reply.body.len(), reply.body == text), (text.len(), true), "{path}");
        assert_eq!(reply.headers["content-length"], text.len().to_string().as_str(), "{path}");
        assert_eq!(get(&format!("/via?p={path}")).body, text, "{path} through env.ASSETS");
    }
    // The rules files travel in the signed manifest.
    let old = common::send(client_without_redirects().get(format!("{}/old", serve.url)).header("host", "site.test"));
    assert_eq!((old.status, old.headers["location"].to_str().unwrap()), (301, "/small.txt"));
    assert_eq!(get("/small.txt").headers["x-kind"], "text");
    // Two files with one content are stored once.
    let stored = std::fs::read_dir(host.path().join(".worky/serve-state/site/assets")).unwrap().count();
    assert_eq!(stored, 5, "index.html, big.txt, whole.txt, streamed.txt and small.txt's content");

    assert_eq!(common::switch_version(&serve, "site", "2.0.0"), 200);
    assert_eq!(get("/").body, "home v2");
    assert_eq!(get("/small.txt").body, small);
}

/// `worky dev` serves the directory as it is now: a file saved, added or
/// removed is answered from the next request, without restarting the worker
/// (its module state survives).
#[test]
fn dev_serves_asset_changes_without_restarting_the_worker() {
    let toml = "name = \"site\"\nmain = \"src/index.js\"\n[assets]\ndirectory = \"public\"\n";
    let worker =
        "let requests = 0;\nexport default { fetch() { requests++; return new Response(`worker ${requests}`); } };\n";
    let dir = project(&[("wrangler.toml", toml), ("src/index.js", worker), ("public/a.txt", "one")]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/a.txt").body, "one");
    assert_eq!(dev.get("/b.txt").body, "worker 1");
    write_files(dir.path(), &[("public/a.txt", "two"), ("public/b.txt", "bee")]);
    let timeout = std::time::Duration::from_secs(10);
    assert_eq!(dev.wait_until("/b.txt", timeout, |reply| reply.body == "bee").body, "bee");
    assert_eq!(dev.get("/a.txt").body, "two");
    std::fs::remove_file(dir.path().join("public/a.txt")).unwrap();
    let reply = dev.wait_until("/a.txt", timeout, |reply| reply.body.starts_with("worker"));
    // The worker kept its module state: it counts on from before the changes.
    let count: u32 = reply.body.trim_start_matches("worker ").parse().unwrap();
    assert!(count >= 2, "{}", reply.body);
    assert!(dev.output().contains("Reloaded assets"), "{}", dev.output());
    // The rules files are read again too; a line that cannot be used is said, with why.
    write_files(dir.path(), &[("public/_redirects", "/a /b 404\n/c /a.txt 301\n")]);
    assert!(dev.wait_for_output("static assets: Valid status codes are 200, 301, 302", timeout), "{}", dev.output());
    assert!(dev.output().contains("at _redirects:1 | /a /b 404"), "{}", dev.output());
}

/// What a user gets wrong in `assets` is said at its place in the config file,
/// with what to do.
#[test]
fn assets_config_errors_name_the_place_and_the_fix() {
    let cases = [
        ("[assets]\ndirectory = \"./public\"\n", "wrangler.toml:5:13", "assets.directory `./public` is not a folder"),
        (
            "[assets]\ndirectory = \"./site\"\nhtml_handling = \"auto-trailing\"\n",
            "wrangler.toml:6:17",
            "unknown value `auto-trailing`; did you mean `auto-trailing-slash`?",
        ),
        (
            "[assets]\ndirectory = \"./site\"\nnot_found_handling = \"spa\"\n",
            "wrangler.toml:6:22",
            "assets.not_found_handling: unknown value `spa`",
        ),
        (
            "[assets]\ndirectory = \"./site\"\nrun_worker_first = [\"api/*\"]\n",
            "wrangler.toml:6:20",
            "`api/*` is not a path pattern",
        ),
        ("[assets]\nbinding = \"ASSETS\"\n", "wrangler.toml:4:1", "`directory` is missing"),
        (
            "[assets]\ndirectory = \"./site\"\nbinding = \"GREETING\"\n[vars]\nGREETING = \"hi\"\n",
            "wrangler.toml:6:11",
            "binding `GREETING` is defined twice",
        ),
    ];
    for (table, location, message) in cases {
        let toml = format!("name = \"a\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-11-01\"\n{table}");
        let dir = project(&[("wrangler.toml", &toml), ("src/index.js", "export default {}"), ("site/a.txt", "a")]);
        let out = common::run(dir.path(), &["build"]);
        let said = common::stderr(&out);
        assert!(!out.status.success(), "{table}");
        assert!(said.contains(location) && said.contains(message), "{table}\n{said}");
    }
    // Without `main` the project is its assets alone: nothing to bind, nothing to run first.
    for (key, message) in [
        ("binding = \"ASSETS\"", "a project without `main` serves its static assets alone"),
        ("run_worker_first = true", "a project without `main` has no worker to run first"),
    ] {
        let toml = format!("name = \"a\"\n[assets]\ndirectory = \"./site\"\n{key}\n");
        let dir = project(&[("wrangler.toml", &toml), ("site/a.txt", "a")]);
        let said = common::stderr(&common::run(dir.path(), &["build"]));
        assert!(said.contains("wrangler.toml:4:") && said.contains(message), "{said}");
    }
    // The build's output may not be served as assets.
    let dir = project(&[
        ("wrangler.toml", "name = \"a\"\nmain = \"src/index.js\"\n[assets]\ndirectory = \".\"\n"),
        ("src/index.js", "export default { fetch() { return new Response('x') } }"),
    ]);
    let said = common::stderr(&common::run(dir.path(), &["build"]));
    assert!(said.contains("is inside assets.directory") && said.contains("--outdir"), "{said}");
}

/// A file over Workers' 25 MiB per asset stops the build, by name; one of
/// exactly 25 MiB is served.
#[test]
fn an_asset_over_25_mib_is_refused_by_name() {
    let dir =
        project(&[("wrangler.toml", "name = \"a\"\n[assets]\ndirectory = \"./site\"\n"), ("site/index.html", "home")]);
    let file = dir.path().join("site/video.mp4");
    std::fs::File::create(&file).unwrap().set_len(25 * 1024 * 1024 + 1).unwrap();
    let said = common::stderr(&common::run(dir.path(), &["build"]));
    assert!(said.contains("asset too large") && said.contains("video.mp4") && said.contains("25 MiB"), "{said}");
    std::fs::File::create(&file).unwrap().set_len(25 * 1024 * 1024).unwrap();
    let out = common::run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get("/video.mp4");
    assert_eq!((reply.status, reply.body.len()), (200, 25 * 1024 * 1024));
    assert_eq!(dev.get("/").body, "home");
}

/// `worky types` gives the assets binding wrangler's type.
#[test]
fn the_assets_binding_is_typed_as_a_fetcher() {
    let toml = "name = \"a\"\nmain = \"src/index.ts\"\n[assets]\ndirectory = \"./public\"\nbinding = \"STATIC\"\n";
    let dir = project(&[("wrangler.toml", toml), ("src/index.ts", "export default {}"), ("public/a.txt", "a")]);
    let out = common::run(dir.path(), &["types"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let types = std::fs::read_to_string(dir.path().join("worker-configuration.d.ts")).unwrap();
    assert!(types.contains("    STATIC: Fetcher;") && types.contains("interface Fetcher {"), "{types}");
}

/// `worky dev --assets DIR`, as wrangler dev's: a folder alone, without any
/// config, or beside a worker given on the command line.
#[test]
fn dev_assets_flag_serves_a_folder_with_or_without_a_worker() {
    let dir = project(&[
        ("site/index.html", "home"),
        ("site/about.html", "about"),
        (
            "src/index.js",
            "export default { fetch(request) { return new Response('worker ' + new URL(request.url).pathname); } };",
        ),
    ]);
    let dev = Dev::start(dir.path(), &["--assets", "site"]);
    assert_eq!(dev.get("/").body, "home");
    assert_eq!(dev.get("/about").body, "about");
    let missing = dev.get("/missing");
    assert_eq!((missing.status, missing.body.as_str()), (404, ""));
    drop(dev);
    let dev = Dev::start(dir.path(), &["src/index.js", "--assets", "./site"]);
    assert_eq!(dev.get("/about").body, "about");
    assert_eq!(dev.get("/missing").body, "worker /missing");
    drop(dev);
    let out = common::run(dir.path(), &["dev", "--assets", "nope", "--port", "0"]);
    assert!(
        common::stderr(&out).contains("--assets") && common::stderr(&out).contains("not a folder"),
        "{}",
        common::stderr(&out)
    );
}
