//! Workers KV through a real worker: the API, its limits, durability.

mod common;

use std::time::Duration;

use common::*;

const CONFIG: &str = "name = \"kv\"\nmain = \"src/index.ts\"\n[[kv_namespaces]]\nbinding = \"STORE\"\n[[kv_namespaces]]\nbinding = \"OTHER\"\n";

/// A worker that runs the KV call named by the path and reports the result as JSON.
const WORKER: &str = r##"
const enc = new TextEncoder();
async function run(env: any, op: string, q: URLSearchParams): Promise<unknown> {
  const S = env.STORE;
  const key = q.get("key") ?? "k";
  switch (op) {
    case "roundtrip": {
      await S.put("text", "hello");
      await S.put("json", JSON.stringify({ a: [1, 2] }));
      await S.put("bytes", new Uint8Array([1, 2, 255]));
      await S.put("buffer", new Uint8Array([7, 8]).buffer);
      await S.put("streamed", new Blob(["from ", "a stream"]).stream());
      const stream = await S.get("streamed", "stream");
      return {
        text: await S.get("text"),
        textType: await S.get("text", { type: "text" }),
        json: await S.get("json", "json"),
        bytes: [...new Uint8Array(await S.get("bytes", "arrayBuffer"))],
        buffer: [...new Uint8Array(await S.get("buffer", { type: "arrayBuffer" }))],
        streamed: await new Response(stream).text(),
        missing: await S.get("nope"),
        missingMeta: await S.getWithMetadata("nope"),
        other: await env.OTHER.get("text"),
        globalIsFirst: (globalThis as any).KV === env.STORE,
      };
    }
    case "metadata": {
      await S.put("m", "v", { metadata: { owner: "ann", n: 1 } });
      const { value, metadata } = await S.getWithMetadata("m");
      const listed = await S.list({ prefix: "m" });
      return { value, metadata, listed: listed.keys };
    }
    case "bulk": {
      await S.put("b1", JSON.stringify(1));
      await S.put("b2", JSON.stringify(2));
      const texts = await S.get(["b1", "b2", "b3"]);
      const jsons = await S.get(["b1", "b2"], "json");
      const withMeta = await S.getWithMetadata(["b1"], "json");
      let tooMany = "";
      try { await S.get(Array.from({ length: 101 }, (_, i) => `k${i}`)); } catch (e) { tooMany = (e as Error).message; }
      return {
        texts: [...texts.entries()], jsons: [...jsons.entries()], withMeta: [...withMeta.entries()], tooMany,
        isMap: texts instanceof Map,
      };
    }
    case "delete": {
      await S.put("d", "x");
      await S.delete("d");
      await S.delete("never-existed");
      return { after: await S.get("d") };
    }
    case "expire": {
      const now = Math.floor(Date.now() / 1000);
      await S.put("ttl", "x", { expirationTtl: 60 });
      await S.put("at", "y", { expiration: now + 120 });
      const listed = await S.list({ prefix: "" });
      return listed.keys.filter((k: any) => k.name === "ttl" || k.name === "at").map((k: any) => [k.name, k.expiration - now]);
    }
    case "error": {
      const attempts: Record<string, () => Promise<unknown>> = {
        longKey: () => S.put("k".repeat(513), "v"),
        emptyKey: () => S.get(""),
        dot: () => S.put(".", "v"),
        bigValue: () => S.put("big", new Uint8Array(25 * 1024 * 1024 + 1)),
        bigMetadata: () => S.put("m", "v", { metadata: "x".repeat(1100) }),
        shortTtl: () => S.put("t", "v", { expirationTtl: 59 }),
        pastExpiration: () => S.put("t", "v", { expiration: Math.floor(Date.now() / 1000) + 10 }),
        bigLimit: () => S.list({ limit: 1001 }),
        badType: () => S.get("k", "blob"),
        badValue: () => S.put("k", 42),
      };
      const out: Record<string, string> = {};
      for (const [name, attempt] of Object.entries(attempts)) {
        try { await attempt(); out[name] = "no error"; } catch (e) { out[name] = String((e as Error).message); }
      }
      return out;
    }
    case "fill": {
      const n = Number(q.get("n"));
      const puts = [];
      for (let i = 0; i < n; i++) puts.push(S.put(`page/${String(i).padStart(5, "0")}`, "v"));
      await Promise.all(puts);
      return n;
    }
    case "page": {
      const names: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      for (;;) {
        const page: any = await S.list({ prefix: "page/", cursor, limit: Number(q.get("limit") ?? 1000) });
        names.push(...page.keys.map((k: any) => k.name));
        pages++;
        if (page.list_complete) { if ("cursor" in page) return "cursor on the last page"; break; }
        cursor = page.cursor;
      }
      const sorted = [...names].sort();
      return { count: names.length, pages, sorted: names.every((n, i) => n === sorted[i]), unique: new Set(names).size };
    }
    case "put": await S.put(key, q.get("value")); return "stored";
    case "get": return await S.get(key);
    case "count": {
      const counter = Number((await S.get("counter")) ?? 0) + 1;
      await S.put(`hit/${q.get("i")}`, "1");
      return counter;
    }
    case "hits": return (await S.list({ prefix: "hit/" })).keys.length;
  }
  return "unknown op";
}
export default {
  async fetch(request: Request, env: any) {
    const url = new URL(request.url);
    return Response.json(await run(env, url.pathname.slice(1), url.searchParams));
  },
};
"##;

fn start() -> (tempfile::TempDir, Dev) {
    let dir = project(&[("worky.toml", CONFIG), ("src/index.ts", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    (dir, dev)
}

fn json(dev: &Dev, path: &str) -> serde_json::Value {
    let reply = dev.get(path);
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

#[test]
fn values_of_every_type_round_trip() {
    let (_dir, dev) = start();
    let out = json(&dev, "/roundtrip");
    assert_eq!(out["text"], "hello");
    assert_eq!(out["textType"], "hello");
    assert_eq!(out["json"], serde_json::json!({"a": [1, 2]}));
    assert_eq!(out["bytes"], serde_json::json!([1, 2, 255]));
    assert_eq!(out["buffer"], serde_json::json!([7, 8]));
    assert_eq!(out["streamed"], "from a stream");
    assert_eq!(out["missing"], serde_json::Value::Null);
    assert_eq!(out["missingMeta"], serde_json::json!({"value": null, "metadata": null, "cacheStatus": null}));
    assert_eq!(out["other"], serde_json::Value::Null, "namespaces are separate");
    assert_eq!(out["globalIsFirst"], true);
}

#[test]
fn metadata_bulk_get_delete_and_expiration() {
    let (_dir, dev) = start();
    let out = json(&dev, "/metadata");
    assert_eq!(out["value"], "v");
    assert_eq!(out["metadata"], serde_json::json!({"owner": "ann", "n": 1}));
    assert_eq!(out["listed"], serde_json::json!([{"name": "m", "metadata": {"owner": "ann", "n": 1}}]));

    let out = json(&dev, "/bulk");
    assert_eq!(out["texts"], serde_json::json!([["b1", "1"], ["b2", "2"], ["b3", null]]));
    assert_eq!(out["jsons"], serde_json::json!([["b1", 1], ["b2", 2]]));
    assert_eq!(out["withMeta"], serde_json::json!([["b1", {"value": 1, "metadata": null}]]));
    assert_eq!(out["isMap"], true);
    assert!(out["tooMany"].as_str().unwrap().contains("maximum of 100 keys"), "{out}");

    assert_eq!(json(&dev, "/delete")["after"], serde_json::Value::Null);

    let out = json(&dev, "/expire");
    let mut pairs: Vec<(String, i64)> =
        out.as_array().unwrap().iter().map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_i64().unwrap())).collect();
    pairs.sort();
    assert_eq!(pairs.len(), 2, "{out}");
    assert!((118..=121).contains(&pairs[0].1), "absolute expiration: {pairs:?}");
    assert!((58..=61).contains(&pairs[1].1), "expirationTtl: {pairs:?}");
}

#[test]
fn limits_give_workers_like_errors() {
    let (_dir, dev) = start();
    let out = json(&dev, "/error");
    let expect = [
        ("longKey", "KV PUT failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512."),
        ("emptyKey", "KV GET failed: 400 Key names must not be empty"),
        ("dot", "KV PUT failed: 400 Illegal key name \".\". Please use a different name."),
        ("bigValue", "KV PUT failed: 413 Value length of 26214401 exceeds limit of 26214400."),
        ("bigMetadata", "KV PUT failed: 413 Metadata length of 1102 exceeds limit of 1024."),
        ("shortTtl", "KV PUT failed: 400 Invalid expiration_ttl of 59. Expiration TTL must be at least 60."),
        ("bigLimit", "KV LIST failed: 400 Invalid key_count_limit of 1001. Please specify an integer less than 1000."),
        ("badType", "Unknown response type. Possible types are \"text\", \"arrayBuffer\", \"json\", and \"stream\"."),
        ("badValue", "KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values."),
    ];
    for (name, message) in expect {
        assert_eq!(out[name], message, "{name}: {out}");
    }
    assert!(out["pastExpiration"].as_str().unwrap().contains("must be at least 60 seconds in the future"), "{out}");
}

#[test]
fn pagination_across_2500_keys_in_byte_order() {
    let (_dir, dev) = start();
    assert_eq!(json(&dev, "/fill?n=2500"), 2500);
    let out = json(&dev, "/page");
    assert_eq!(out, serde_json::json!({"count": 2500, "pages": 3, "sorted": true, "unique": 2500}));
    let out = json(&dev, "/page?limit=300");
    assert_eq!(out["pages"], 9);
    assert_eq!(out["count"], 2500);
}

#[test]
fn concurrent_puts_from_parallel_requests_are_all_kept() {
    let (_dir, dev) = start();
    for reply in get_concurrently(&dev.url, (0..40).map(|i| format!("/count?i={i}"))) {
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    assert_eq!(json(&dev, "/hits"), 40);
}

#[test]
fn an_acknowledged_put_survives_kill_9() {
    let dir = project(&[("worky.toml", CONFIG), ("src/index.ts", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(json(&dev, "/put?key=durable&value=yes"), "stored");
    dev.kill9();
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(json(&dev, "/get?key=durable"), "yes");
    assert!(dir.path().join(".worky/state/kv.sqlite3").is_file());
}

#[test]
fn persist_to_moves_the_state_and_a_corrupt_file_is_reported() {
    let dir = project(&[("worky.toml", CONFIG), ("src/index.ts", WORKER)]);
    let state = dir.path().join("elsewhere");
    let dev = Dev::start(dir.path(), &["--persist-to", state.to_str().unwrap()]);
    assert_eq!(json(&dev, "/put?key=a&value=1"), "stored");
    assert!(state.join("kv.sqlite3").is_file());
    drop(dev);

    // A clobbered file (with no write-ahead log left to recover page 1 from).
    for leftover in ["kv.sqlite3-wal", "kv.sqlite3-shm"] {
        let _ = std::fs::remove_file(state.join(leftover));
    }
    std::fs::write(state.join("kv.sqlite3"), b"garbage, not sqlite".repeat(200)).unwrap();
    let dev = Dev::start(dir.path(), &["--persist-to", state.to_str().unwrap()]);
    let reply = dev.get("/get?key=a");
    assert_eq!(reply.status, 500);
    assert!(reply.body.contains("corrupt or not a SQLite database"), "{}", reply.body);
    assert!(dev.wait_for_output("corrupt or not a SQLite database", Duration::from_secs(5)), "{}", dev.output());
}

#[test]
fn a_locked_state_file_is_reported_not_a_crash() {
    let dir = project(&[("worky.toml", CONFIG), ("src/index.ts", WORKER)]);
    let state = dir.path().join(".worky/state");
    std::fs::create_dir_all(&state).unwrap();
    // Another process (here: this test) holds SQLite's exclusive lock on the file.
    let holder = rusqlite::Connection::open(state.join("kv.sqlite3")).unwrap();
    holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; CREATE TABLE held (x); BEGIN EXCLUSIVE;").unwrap();
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get("/get?key=a");
    assert_eq!(reply.status, 500, "{}", reply.body);
    assert!(reply.body.contains("is locked by another process"), "{}", reply.body);
    drop(holder);
    // Once the other process lets go, a save (any reload) brings the worker back.
    std::fs::write(dir.path().join("src/index.ts"), format!("{WORKER}\n// touched\n")).unwrap();
    let reply = dev.wait_until("/get?key=a", Duration::from_secs(30), |r| r.status == 200);
    assert_eq!(reply.body, "null");
}
