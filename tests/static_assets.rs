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
    let headers = response
        .headers()
        .iter()
        .filter(|(name, _)| !VOLATILE.contains(&name.as_str()))
        .map(|(name, value)| (name.to_string(), etag_form(value.to_str().unwrap())))
        .collect();
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

#[test]
fn every_recorded_answer_is_cloudflares() {
    let expected = expected();
    let date = expected["compatibility_date"].as_str().unwrap();
    let worker =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/static_assets/worker.js")).unwrap();
    let client = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
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
