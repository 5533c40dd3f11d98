//! Durable Objects through the real binary: one live instance per id that runs
//! one event at a time, storage that survives `kill -9`, JS RPC, the
//! `cloudflare:workers` module, and the errors a user sees for a bad setup.
//! (The API's surface is compared with workerd in tests/workerd/durable_objects.js.)

mod common;

use std::time::Duration;

use common::*;

const CONFIG: &str = r#"name = "rooms"
main = "src/index.js"

[[durable_objects.bindings]]
name = "COUNTERS"
class_name = "Counter"

[[durable_objects.bindings]]
name = "LEGACY"
class_name = "Legacy"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Counter"]
new_classes = ["Legacy"]
"#;

const WORKER: &str = r#"
import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.constructed = Date.now();
    // Nothing else reaches the object until this settles.
    ctx.blockConcurrencyWhile(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      this.ready = true;
    });
  }

  async fetch(request) {
    if (!this.ready) return new Response("not ready", { status: 500 });
    // A read-modify-write with no lock: storage calls let no other event in.
    const n = ((await this.ctx.storage.get("n")) ?? 0) + 1;
    // Awaits of settled promises do not let another event in either.
    await Promise.resolve();
    await null;
    await this.ctx.storage.put("n", n);
    return new Response(String(n));
  }

  constructedAt() {
    return this.constructed;
  }

  async armIn(ms, failFirst) {
    await this.ctx.storage.put("failFirst", failFirst);
    await this.ctx.storage.setAlarm(Date.now() + ms);
    return await this.ctx.storage.getAlarm();
  }

  async alarm(info) {
    const runs = (await this.ctx.storage.get("alarms")) ?? [];
    runs.push([info.retryCount, info.isRetry]);
    await this.ctx.storage.put("alarms", runs);
    if ((await this.ctx.storage.get("failFirst")) && info.retryCount === 0) throw new Error("not this time");
  }

  spin() {
    while (true) {}
  }

  // Writes, answers, and stays busy for 3 s in the same turn of the event loop
  // (a chain of settled promises that outlasts the response's way out).
  async writeThenBusy() {
    await this.ctx.storage.put("gate", "written");
    let chain = Promise.resolve();
    for (let i = 0; i < 20; i++) chain = chain.then(() => {});
    chain.then(() => {
      const until = Date.now() + 3000;
      while (Date.now() < until) {}
    });
    return "answered";
  }

  async gate() {
    return (await this.ctx.storage.get("gate")) ?? "nothing";
  }

  async alarms() {
    return [(await this.ctx.storage.get("alarms")) ?? [], await this.ctx.storage.getAlarm()];
  }

  async atomically(fail) {
    try {
      await this.ctx.storage.transaction(async (txn) => {
        await txn.put("a", 1);
        await txn.put("b", 2);
        if (fail) throw new Error("changed my mind");
      });
    } catch (error) {
      // Rolled back: neither key is there.
    }
    const got = await this.ctx.storage.get(["a", "b"]);
    return [...got.entries()];
  }
}

export class Legacy extends DurableObject {
  noSql() {
    try {
      this.ctx.storage.sql.exec("SELECT 1");
      return "ran";
    } catch (error) {
      return error.message;
    }
  }

  async tooLong() {
    try {
      await this.ctx.storage.put("k".repeat(2049), 1);
      return "stored";
    } catch (error) {
      return `${error.name}: ${error.message}`;
    }
  }

  noKv() {
    try {
      this.ctx.storage.kv.put("k", 1);
      return "stored";
    } catch (error) {
      return `${error.name}: ${error.message}`;
    }
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const name = url.searchParams.get("name") ?? "a";
    if (url.pathname === "/count") return env.COUNTERS.getByName(name).fetch(request);
    if (url.pathname === "/constructed") {
      return Response.json(await env.COUNTERS.getByName(name).constructedAt());
    }
    if (url.pathname === "/arm") {
      const ms = Number(url.searchParams.get("ms"));
      return Response.json(await env.COUNTERS.getByName(name).armIn(ms, url.searchParams.has("fail")));
    }
    if (url.pathname === "/spin") {
      try {
        await env.COUNTERS.getByName(name).spin();
        return new Response("returned");
      } catch (error) {
        return new Response(`${error.name}: ${error.message}`);
      }
    }
    if (url.pathname === "/write-then-busy") return new Response(await env.COUNTERS.getByName(name).writeThenBusy());
    if (url.pathname === "/gate") return new Response(await env.COUNTERS.getByName(name).gate());
    if (url.pathname === "/alarms") return Response.json(await env.COUNTERS.getByName(name).alarms());
    if (url.pathname === "/transaction") {
      const stub = env.COUNTERS.getByName(name);
      return Response.json([await stub.atomically(true), await stub.atomically(false)]);
    }
    if (url.pathname === "/legacy") return new Response(await env.LEGACY.getByName(name).tooLong());
    if (url.pathname === "/legacy-sql") return new Response(await env.LEGACY.getByName(name).noSql());
    if (url.pathname === "/legacy-kv") return new Response(await env.LEGACY.getByName(name).noKv());
    return new Response("ok");
  },
};
"#;

fn rooms() -> tempfile::TempDir {
    rooms_with("")
}

/// The rooms project with more worky.toml (a `[limits]` or `[pool]` table).
fn rooms_with(extra_config: &str) -> tempfile::TempDir {
    project(&[("worky.toml", &format!("{CONFIG}\n{extra_config}")), ("src/index.js", WORKER)])
}

/// 20 concurrent increments through `stub.fetch`, each a read-modify-write with
/// no lock: 20 distinct answers, the counter at 20, one instance throughout.
#[test]
fn concurrent_increments_of_one_object_never_interleave() {
    let dir = rooms();
    let dev = Dev::start(dir.path(), &[]);
    let counts = |from: u32| {
        let replies = get_concurrently(&dev.url, (0..20).map(|_| "/count?name=race".to_string()));
        let mut counts: Vec<u32> = replies
            .iter()
            .map(|reply| {
                assert_eq!(reply.status, 200, "{}", reply.body);
                reply.body.parse().unwrap()
            })
            .collect();
        counts.sort();
        assert_eq!(counts, (from..from + 20).collect::<Vec<_>>());
    };
    // The first 20 wait together for the constructor's blockConcurrencyWhile...
    counts(1);
    let constructed = dev.get("/constructed?name=race").body;
    // ...the next 20 reach a live object at once.
    counts(21);
    assert_eq!(dev.get("/constructed?name=race").body, constructed, "the constructor ran once");
    assert_eq!(dev.get("/count?name=race").body, "41");
    assert_eq!(dev.get("/count?name=other").body, "1", "another id is another object");
}

/// Storage is durable when its call returns: after `kill -9` the counter goes on.
#[test]
fn storage_survives_kill_9() {
    let dir = rooms();
    let dev = Dev::start(dir.path(), &[]);
    for expected in 1..=5 {
        assert_eq!(dev.get("/count?name=durable").body, expected.to_string());
    }
    dev.kill9();
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/count?name=durable").body, "6");
    assert!(dir.path().join(".worky/state/objects/Counter").is_dir());
}

/// `transaction()` commits a closure's writes together, or none of them when it throws.
#[test]
fn a_transaction_that_throws_leaves_nothing_behind() {
    let dir = rooms();
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/transaction?name=t").body, r#"[[],[["a",1],["b",2]]]"#);
}

/// Classes in `new_classes` keep Cloudflare's key-value storage limits, and have
/// no SQL and no synchronous `storage.kv` (workerd's error, with worky's files named).
#[test]
fn key_value_storage_has_cloudflares_limits() {
    let dir = rooms();
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/legacy").body, "RangeError: Keys cannot be larger than 2048 bytes.");
    assert!(dev.get("/legacy-sql").body.starts_with("SQL is not enabled for this Durable Object class"));
    let kv = dev.get("/legacy-kv").body;
    assert!(kv.starts_with("Error: The storage.kv (synchronous KV) API is only available for SQLite-backed"), "{kv}");
    assert!(kv.contains("`new_sqlite_classes` within the 'migrations' field in your worky.toml"), "{kv}");
}

/// A class the config names but the module does not export: `worky build` and
/// `worky dev` say so with the config's file:line:col.
#[test]
fn a_binding_to_a_class_the_module_does_not_export_is_a_build_error() {
    let worker = "export default { fetch: () => new Response('ok') };\n";
    let dir = project(&[("worky.toml", CONFIG), ("src/index.js", worker)]);
    let out = run(dir.path(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("worky.toml:6:14"), "{err}");
    assert!(err.contains("durable_objects binding `COUNTERS` names class `Counter`"), "{err}");
    assert!(err.contains("export class Counter extends DurableObject"), "{err}");
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get("/");
    assert_eq!(reply.status, 500);
    assert!(reply.body.contains("names class `Counter`"), "{}", reply.body);
}

/// `export default class extends WorkerEntrypoint` with `this.env`, and the
/// `env` and `waitUntil` exports of `cloudflare:workers` (the module's `env`
/// has the same bindings in an object of its own, as on workerd).
#[test]
fn class_based_workers_and_the_env_export() {
    let worker = r#"
import { WorkerEntrypoint, env, waitUntil } from "cloudflare:workers";
let later = "not yet";
export default class extends WorkerEntrypoint {
  async fetch(request) {
    if (new URL(request.url).pathname === "/later") return new Response(later);
    // Outlives the response, as ctx.waitUntil work does.
    waitUntil(new Promise((resolve) => setTimeout(resolve, 50)).then(() => { later = "done"; }));
    return new Response(`${this.env.GREETING} ${env.GREETING} ${env === this.env}`);
  }
}
"#;
    let config = "name = \"entry\"\nmain = \"src/index.js\"\n[vars]\nGREETING = \"hi\"\n";
    let dir = project(&[("worky.toml", config), ("src/index.js", worker)]);
    let dev = Dev::start(dir.path(), &["--max-isolates", "1"]);
    assert_eq!(dev.get("/").body, "hi hi false");
    let later = dev.wait_until("/later", Duration::from_secs(5), |reply| reply.body == "done");
    assert_eq!(later.body, "done");
}

/// In `worky serve`, objects keep their state in the deployment's state directory.
#[test]
fn served_objects_keep_state_per_deployment() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let dir = rooms();
    pack_into(dir.path(), &publisher, "1.0.0", packages.path());
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(host.path(), packages.path(), &publisher, &deployment("rooms", "1.0.0", "rooms.test"));
    let serve = Serve::start(&config);
    for expected in 1..=3 {
        assert_eq!(serve.get("/count?name=s", Some("rooms.test")).body, expected.to_string());
    }
    let objects = host.path().join(".worky/serve-state/rooms/objects/Counter");
    assert!(objects.is_dir(), "object databases in the deployment's state directory");
}

/// `setAlarm` runs the object's `alarm()` at its time and then clears it; a
/// throwing `alarm()` is retried (here after 2 s) with `retryCount`.
#[test]
fn alarms_run_at_their_time_and_retry_when_they_throw() {
    let dir = rooms();
    let dev = Dev::start(dir.path(), &[]);
    let armed: serde_json::Value = serde_json::from_str(&dev.get("/arm?name=once&ms=300").body).unwrap();
    assert!(armed.as_f64().unwrap() > 1e12, "getAlarm gives the time: {armed}");
    assert_eq!(wait_for_alarms(&dev, "once", r#"[[[0,false]],null]"#), r#"[[[0,false]],null]"#);

    dev.get("/arm?name=flaky&ms=0&fail");
    assert_eq!(wait_for_alarms(&dev, "flaky", r#"[[[0,false],[1,true]],null]"#), r#"[[[0,false],[1,true]],null]"#);
}

/// Alarms are stored: one set before a `kill -9` runs after the restart, with no
/// request to its object.
#[test]
fn an_alarm_set_before_kill_9_runs_after_the_restart() {
    let dir = rooms();
    let dev = Dev::start(dir.path(), &[]);
    dev.get("/arm?name=later&ms=1500");
    dev.kill9();
    let dev = Dev::start(dir.path(), &[]);
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(wait_for_alarms(&dev, "later", r#"[[[0,false]],null]"#), r#"[[[0,false]],null]"#);
}

fn wait_for_alarms(dev: &Dev, name: &str, expected: &str) -> String {
    dev.wait_until(&format!("/alarms?name={name}"), Duration::from_secs(15), |reply| reply.body == expected).body
}

/// An object with no event for `pool.object_idle_timeout_s` leaves memory; the
/// next event constructs it again, with its storage as it was.
#[test]
fn idle_objects_are_evicted_and_come_back_with_their_storage() {
    let dir = rooms_with("[pool]\nobject_idle_timeout_s = 1\n");
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/count?name=idle").body, "1");
    let first = dev.get("/constructed?name=idle").body;
    assert_eq!(dev.get("/constructed?name=idle").body, first, "still in memory");
    std::thread::sleep(Duration::from_millis(2500));
    let again = dev.get("/constructed?name=idle").body;
    assert_ne!(again, first, "constructed again after being evicted");
    assert_eq!(dev.get("/count?name=idle").body, "2", "its storage stayed");
}

/// An object that hits a limit is reset: the caller gets an error naming the
/// limit, the object's memory is gone and its storage is not.
#[test]
fn an_object_over_its_cpu_limit_is_reset_and_the_caller_told() {
    let dir = rooms_with("[limits]\ncpu_ms = 200\n");
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/count?name=spin").body, "1");
    let first = dev.get("/constructed?name=spin").body;
    let reply = dev.get("/spin?name=spin");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("exceeded CPU time limit of 200 ms"), "{}", reply.body);
    assert_ne!(dev.get("/constructed?name=spin").body, first, "a new instance");
    assert_eq!(dev.get("/count?name=spin").body, "2", "its storage stayed");
}

/// `worky types` declares each namespace with its class, as wrangler does, so a
/// stub's methods type-check.
#[test]
fn types_declare_the_namespaces_with_their_classes() {
    let dir = rooms();
    let out = run(dir.path(), &["types"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let types = std::fs::read_to_string(dir.path().join("worker-configuration.d.ts")).unwrap();
    assert!(types.contains(r#"COUNTERS: DurableObjectNamespace<import("./src/index").Counter>;"#), "{types}");
    assert!(types.contains(r#"declare module "cloudflare:workers""#), "{types}");
    // `--include-runtime=false` (wrangler's flag): the Env only, for @cloudflare/workers-types.
    let out = run(dir.path(), &["types", "--include-runtime=false"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let types = std::fs::read_to_string(dir.path().join("worker-configuration.d.ts")).unwrap();
    assert!(types.contains(r#"COUNTERS: DurableObjectNamespace<import("./src/index").Counter>;"#), "{types}");
    assert!(!types.contains(r#"declare module "cloudflare:workers""#), "{types}");
    let out = run(dir.path(), &["types", "--include-runtime"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let types = std::fs::read_to_string(dir.path().join("worker-configuration.d.ts")).unwrap();
    assert!(types.contains(r#"declare module "cloudflare:workers""#), "{types}");
}

/// The output gate: a write is durable before any answer that follows it leaves
/// the object, even while the object's turn goes on (its writes are otherwise
/// committed when the turn ends): kill -9 during that turn loses nothing answered.
#[test]
fn no_answer_leaves_before_the_write_it_follows_is_durable() {
    let dir = rooms_with("[limits]\ncpu_ms = 10000\n");
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/write-then-busy?name=g").body, "answered");
    dev.kill9();
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/gate?name=g").body, "written");
}

/// A version switch in `worky serve` hands the objects to the new version's code,
/// with their storage.
#[test]
fn a_version_switch_hands_objects_to_the_new_code() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    for (version, label) in [("1.0.0", "one"), ("2.0.0", "two")] {
        let code =
            WORKER.replace("return new Response(String(n));", &format!("return new Response(`{label}:${{n}}`);"));
        let dir = project(&[("worky.toml", CONFIG), ("src/index.js", &code)]);
        pack_into(dir.path(), &publisher, version, packages.path());
    }
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(host.path(), packages.path(), &publisher, &deployment("rooms", "1.0.0", "rooms.test"));
    let serve = Serve::start(&config);
    assert_eq!(serve.get("/count?name=v", Some("rooms.test")).body, "one:1");
    assert_eq!(serve.get("/count?name=v", Some("rooms.test")).body, "one:2");
    let out = worky().args(["deploy", "rooms@2.0.0", "--server", &serve.url, "--token", "admin"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(serve.get("/count?name=v", Some("rooms.test")).body, "two:3");
}

/// An object over its memory limit is reset the same way: the caller's call
/// rejects naming the limit.
#[test]
fn an_object_over_its_memory_limit_is_reset_and_the_caller_told() {
    let config = format!("{CONFIG}\n[limits]\nmemory_mb = 32\n");
    let worker = WORKER.replace(
        "  spin() {",
        "  hog() {\n    const kept = [];\n    while (true) kept.push(new Array(100000).fill(1));\n  }\n\n  spin() {",
    )
    .replace(
        "if (url.pathname === \"/spin\") {",
        "if (url.pathname === \"/hog\") {\n      try {\n        await env.COUNTERS.getByName(name).hog();\n        return new Response(\"returned\");\n      } catch (error) {\n        return new Response(`${error.name}: ${error.message}`);\n      }\n    }\n    if (url.pathname === \"/spin\") {",
    );
    let dir = project(&[("worky.toml", &config), ("src/index.js", &worker)]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/count?name=m").body, "1");
    let reply = dev.get("/hog?name=m");
    assert!(reply.body.contains("exceeded memory limit of 32 MB"), "{}", reply.body);
    assert_eq!(dev.get("/count?name=m").body, "2", "its storage stayed");
}

/// `worky dev` keeps object state across reloads, and a reload re-creates live
/// objects with the new code.
#[test]
fn a_dev_reload_recreates_objects_with_the_new_code_and_keeps_their_storage() {
    let dir = rooms();
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/count?name=r").body, "1");
    assert_eq!(dev.get("/count?name=r").body, "2");
    let edited = WORKER.replace("return new Response(String(n));", "return new Response(`v2:${n}`);");
    std::fs::write(dir.path().join("src/index.js"), edited).unwrap();
    // Every poll counts: the new code's first answer goes on from the old code's last.
    let mut last_old = 2;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let first_new = loop {
        let body = dev.get("/count?name=r").body;
        if let Some(n) = body.strip_prefix("v2:") {
            break n.parse::<u32>().unwrap();
        }
        last_old = body.parse().unwrap();
        assert!(std::time::Instant::now() < deadline, "no reload");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(first_new, last_old + 1);
}

/// `script_name`: a deployment binds the Durable Object class another one
/// exports. Both reach the same objects (the exporter's storage, one live
/// instance an id), by `fetch` and by JS RPC, across a version switch of the
/// exporter; a worker not running here is named in the error; `worky dev`
/// says it runs one worker.
#[test]
fn a_worker_binds_the_objects_another_worker_exports() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let dir = rooms();
    pack_into(dir.path(), &publisher, "1.0.0", packages.path());
    pack_into(dir.path(), &publisher, "1.0.1", packages.path());
    let lobby = "[[durable_objects.bindings]]\nname = \"COUNTERS\"\nclass_name = \"Counter\"\nscript_name = \"rooms\"\n\
                 [[durable_objects.bindings]]\nname = \"GONE\"\nclass_name = \"Ghost\"\nscript_name = \"nowhere\"\n";
    let worker = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const stub = env.COUNTERS.get(env.COUNTERS.idFromName(url.searchParams.get("name") ?? "none"));
    if (url.pathname === "/rpc") return new Response(typeof (await stub.constructedAt()));
    if (url.pathname === "/gone") {
      try { await env.GONE.get(env.GONE.idFromName("x")).fetch("http://x/"); } catch (e) { return new Response(e.message); }
    }
    return stub.fetch(request);
  },
};
"#;
    pack_worker(&publisher, packages.path(), "lobby", "1.0.0", lobby, worker);
    let host = tempfile::tempdir().unwrap();
    let deployments = [deployment("rooms", "1.0.0", "rooms.test"), deployment("lobby", "1.0.0", "lobby.test")].concat();
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployments));
    assert_eq!(serve.get("/count?name=shared", Some("lobby.test")).body, "1");
    assert_eq!(serve.get("/count?name=shared", Some("rooms.test")).body, "2", "the same object");
    assert_eq!(serve.get("/count?name=shared", Some("lobby.test")).body, "3");
    assert_eq!(serve.get("/rpc?name=shared", Some("lobby.test")).body, "number");
    assert_eq!(switch_version(&serve, "rooms", "1.0.1"), 200);
    assert_eq!(serve.get("/count?name=shared", Some("lobby.test")).body, "4", "the exporter's new version has them");
    let gone = serve.get("/gone", Some("lobby.test")).body;
    assert!(
        gone.contains("Ghost of worker \"nowhere\" cannot be reached") && gone.contains("no deployment named"),
        "{gone}"
    );
    assert!(!host.path().join(".worky/serve-state/lobby/objects").exists(), "the objects live with their exporter");

    let toml = format!("name = \"lobby\"\nmain = \"src/index.js\"\n{lobby}");
    let dev_dir = project(&[("worky.toml", &toml), ("src/index.js", worker)]);
    let dev = Dev::start(dev_dir.path(), &[]);
    let said = dev.get("/count?name=x").body;
    assert!(said.contains("worky dev runs one worker, \"lobby\""), "{said}");
    drop(dev);
    let clash = format!("{toml}[[durable_objects.bindings]]\nname = \"MINE\"\nclass_name = \"Counter\"\n");
    let dev_dir = project(&[("worky.toml", &clash), ("src/index.js", "export class Counter {}\nexport default {};")]);
    let said = stderr(&run(dev_dir.path(), &["build"]));
    assert!(said.contains("worky.toml:5:14") && said.contains("name classes `Counter` of different workers"), "{said}");
}
