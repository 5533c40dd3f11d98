//! R2 end to end: a wrangler project's `[[r2_buckets]]` under `worky dev`
//! (objects survive a restart; each environment's bucket keeps its own), and
//! `worky serve` keeping a deployment's buckets in its state directory. The
//! API itself is compared with miniflare's in tests/workerd/r2.js.

mod common;

use common::*;

const WRANGLER_TOML: &str = r#"
name = "files"
main = "src/index.js"
compatibility_date = "2025-11-01"

[[r2_buckets]]
binding = "FILES"
bucket_name = "files"

[env.staging]
[[env.staging.r2_buckets]]
binding = "FILES"
bucket_name = "files-staging"
"#;

const WORKER: &str = r#"
export default {
  async fetch(request, env) {
    const key = new URL(request.url).pathname.slice(1);
    if (request.method === "PUT") {
      const object = await env.FILES.put(key, request.body, { httpMetadata: request.headers });
      return new Response(object.etag);
    }
    if (key === "") {
      const listed = await env.FILES.list();
      return Response.json(listed.objects.map((object) => `${object.key}:${object.size}`));
    }
    const object = await env.FILES.get(key, { range: request.headers, onlyIf: request.headers });
    if (object === null) return new Response("missing", { status: 404 });
    const headers = new Headers({ etag: object.httpEtag });
    object.writeHttpMetadata(headers);
    if (!("body" in object)) return new Response(null, { status: 304, headers });
    return new Response(object.body, { status: object.range.length < object.size ? 206 : 200, headers });
  },
};
"#;

#[test]
fn dev_keeps_objects_and_environments_keep_their_own() {
    let dir = project(&[("wrangler.toml", WRANGLER_TOML), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.output().contains("env.FILES") && dev.output().contains("R2 bucket"), "{}", dev.output());
    let put = client().put(format!("{}/notes/a.txt", dev.url)).header("content-type", "text/plain").body("hello r2");
    let etag = send(put).body;
    assert_eq!(etag.len(), 32, "the MD5 of the bytes: {etag}");
    let got = dev.get("/notes/a.txt");
    assert_eq!((got.status, got.body.as_str()), (200, "hello r2"));
    assert_eq!(got.headers["content-type"], "text/plain");
    let ranged = send(client().get(format!("{}/notes/a.txt", dev.url)).header("range", "bytes=0-4"));
    assert_eq!((ranged.status, ranged.body.as_str()), (206, "hello"));
    let conditional =
        send(client().get(format!("{}/notes/a.txt", dev.url)).header("if-none-match", format!("\"{etag}\"")));
    assert_eq!(conditional.status, 304);
    let (status, _) = dev.stop();
    assert_eq!(status, Some(0));

    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, r#"["notes/a.txt:8"]"#, "the object outlives dev");
    drop(dev);
    let dev = Dev::start(dir.path(), &["--env", "staging"]);
    assert_eq!(dev.get("/").body, "[]", "staging's bucket is its own");
}

#[test]
fn serve_keeps_each_deployments_buckets_in_its_state_directory() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let worker = "export default { async fetch(request, env) {\n  \
                  const seen = await env.B.get('count');\n  \
                  const count = (seen === null ? 0 : Number(await seen.text())) + 1;\n  \
                  await env.B.put('count', String(count));\n  \
                  return new Response(String(count));\n} };\n";
    pack_worker(
        &publisher,
        packages.path(),
        "counter",
        "1.0.0",
        "[[r2_buckets]]\nbinding = \"B\"\nbucket_name = \"counts\"\n",
        worker,
    );
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(host.path(), packages.path(), &publisher, &deployment("counter", "1.0.0", "counter.test"));
    let serve = Serve::start(&config);
    assert_eq!(serve.get("/", Some("counter.test")).body, "1");
    assert_eq!(serve.get("/", Some("counter.test")).body, "2");
    assert!(host.path().join(".worky/serve-state/counter/r2/counts.sqlite").is_file());
    drop(serve);
    let serve = Serve::start(&config);
    assert_eq!(serve.get("/", Some("counter.test")).body, "3", "the objects outlive the process");
}
