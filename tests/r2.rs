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

/// A worker that uploads an object in parts from requests: `POST /create`,
/// `PUT /part?id=&n=` (the body is the part), `POST /complete?id=` (the body:
/// the parts' JSON), `GET /object`.
const MULTIPART_WORKER: &str = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const id = url.searchParams.get("id");
    try {
      if (url.pathname === "/create") {
        const upload = await env.FILES.createMultipartUpload("video", { httpMetadata: { contentType: "video/mp4" } });
        return new Response(upload.uploadId);
      }
      const upload = env.FILES.resumeMultipartUpload("video", id);
      if (url.pathname === "/part") {
        return Response.json(await upload.uploadPart(Number(url.searchParams.get("n")), request.body));
      }
      if (url.pathname === "/complete") {
        const object = await upload.complete(await request.json());
        return new Response(`${object.size} ${object.etag}`);
      }
      const object = await env.FILES.get("video");
      const bytes = new Uint8Array(await object.arrayBuffer());
      return new Response(`${bytes.length} ${bytes[0]} ${bytes[bytes.length - 1]} ${object.httpMetadata.contentType}`);
    } catch (error) {
      return new Response(`${error.name}: ${error.message}`, { status: 400 });
    }
  },
};
"#;

const PART: usize = 5 * 1024 * 1024;

#[test]
fn a_multipart_upload_outlives_a_kill_and_parts_keep_r2s_sizes() {
    let dir = project(&[("wrangler.toml", WRANGLER_TOML), ("src/index.js", MULTIPART_WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    let part = |id: &str, n: u32, size: usize, byte: u8| {
        let url = format!("{}/part?id={id}&n={n}", dev.url);
        let reply = send(client().put(url).body(vec![byte; size]));
        assert_eq!(reply.status, 200, "{}", reply.body);
        serde_json::from_str::<serde_json::Value>(&reply.body).unwrap()
    };
    // One byte under R2's smallest part (but the last) is refused; exactly 5 MiB is taken.
    let small = dev.post("/create", "").body;
    let parts = serde_json::json!([part(&small, 1, PART - 1, 1), part(&small, 2, 10, 2)]);
    let refused = send(client().post(format!("{}/complete?id={small}", dev.url)).body(parts.to_string()));
    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.body,
        "Error: completeMultipartUpload: Your proposed upload is smaller than the minimum allowed object size. (10011)"
    );

    let id = dev.post("/create", "").body;
    let first = part(&id, 1, PART, 7);
    dev.kill9();
    // The upload and its first part outlive the process.
    let dev = Dev::start(dir.path(), &[]);
    let url = format!("{}/part?id={id}&n=2", dev.url);
    let second: serde_json::Value = serde_json::from_str(&send(client().put(url).body(vec![9u8; 3])).body).unwrap();
    let parts = serde_json::json!([first, second]);
    let done = send(client().post(format!("{}/complete?id={id}", dev.url)).body(parts.to_string()));
    assert_eq!(done.status, 200, "{}", done.body);
    let (size, etag) = done.body.split_once(' ').unwrap();
    assert_eq!(size, (PART + 3).to_string());
    assert!(etag.ends_with("-2") && etag.len() == 34, "the MD5 of the parts' MD5s, -2: {etag}");
    assert_eq!(dev.get("/object").body, format!("{} 7 9 video/mp4", PART + 3));
    // A finished upload takes no more parts.
    let url = format!("{}/part?id={id}&n=3", dev.url);
    let late = send(client().put(url).body("x"));
    assert_eq!(late.body, "Error: uploadPart: The specified multipart upload does not exist. (10024)");
}
