//! Worker Loaders (Dynamic Workers): `env.LOADER.get(id, getCode)` runs code a
//! worker was given at run time in an isolate of its own. What workerd answers
//! for the API itself is tests/workerd/worker_loader.js; these are the edges a
//! host has to hold: how many Dynamic Workers an isolate keeps, what their
//! limits and their way out are, how a first call shared by many loads once,
//! and what they reach in `worky serve`.

mod common;

use common::*;

/// A worker whose routes load Dynamic Workers in the ways the tests need.
const LOADER: &str = r#"
import { RpcTarget, WorkerEntrypoint } from "cloudflare:workers";

const COUNTER = `
  import { WorkerEntrypoint } from "cloudflare:workers";
  let i = 0;
  export default class extends WorkerEntrypoint { increment() { return i++; } }
`;
let calls = 0;
const counter = () => {
  calls++;
  return { compatibilityDate: "2025-06-01", mainModule: "c.js", modules: { "c.js": COUNTER } };
};
const once = (source, more = {}) => ({
  compatibilityDate: "2025-06-01",
  mainModule: "m.js",
  modules: { "m.js": source },
  ...more,
});
const attempt = async (f) => {
  try {
    return String(await f());
  } catch (error) {
    return `${error.name}: ${error.message}`;
  }
};

export class Echo extends WorkerEntrypoint {
  async fetch(request) {
    return new Response(`echo ${new URL(request.url).pathname}`);
  }
}

export class Helper extends WorkerEntrypoint {
  async twice(n) {
    return n * 2;
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const n = Number(url.searchParams.get("n") ?? 0);
    switch (url.pathname) {
      // A Dynamic Worker whose fetch throws (the caller catches it), and one
      // whose RPC method throws.
      case "/throws": {
        const worker = env.LOADER.get("thrower", () => once(
          "export default { async fetch() { throw new Error('boom in the fetch handler'); } };"));
        return new Response(await attempt(() => worker.getEntrypoint().fetch(request)));
      }
      case "/rpc-throws": {
        const worker = env.LOADER.get("rpc-thrower", () => once(`
          import { WorkerEntrypoint } from "cloudflare:workers";
          export default class extends WorkerEntrypoint { fail() { throw new RangeError("an answer, not a crash"); } }`));
        return new Response(await attempt(() => worker.getEntrypoint().fail()));
      }
      // Loads ids 0..n-1 once each, then calls id 0 again: its count, and the loads so far.
      case "/many": {
        calls = 0;
        const prefix = `many-${Math.random()}-`;
        for (let i = 0; i < n; i++) await env.LOADER.get(prefix + i, counter).getEntrypoint().increment();
        const again = await env.LOADER.get(prefix + 0, counter).getEntrypoint().increment();
        return new Response(`${again} ${calls}`);
      }
      // n calls at once to a Dynamic Worker not loaded yet.
      case "/together": {
        calls = 0;
        const id = `together-${Math.random()}`;
        const answers = await Promise.all(
          Array.from({ length: n }, () => env.LOADER.get(id, counter).getEntrypoint().increment()),
        );
        return new Response(`${answers.sort((a, b) => a - b).join(",")} ${calls}`);
      }
      case "/spin":
        return new Response(await attempt(() =>
          env.LOADER.load(once("export default { spin(_) { for (;;) {} } };")).getEntrypoint().spin(null)));
      // The code's own limits, lower than the loader's.
      case "/limited-cpu":
        return new Response(await attempt(() =>
          env.LOADER.load(once("export default { spin(_) { for (;;) {} } };", { limits: { cpuMs: n } }))
            .getEntrypoint().spin(null)));
      case "/limited-calls":
        return new Response(await attempt(() =>
          env.LOADER.load(once(`export default { async call(_, env) {
              const answers = [];
              for (let i = 0; i < 3; i++) {
                try { answers.push(await env.helper.twice(i)); } catch (e) { answers.push(e.message); }
              }
              return answers.join(" | ");
            } };`, { env: { helper: ctx.exports.Helper }, limits: { subRequests: n } }))
            .getEntrypoint().call(null)));
      // fetch() through an outbound Fetcher counts once against the code's subrequests.
      case "/limited-fetches":
        return new Response(await attempt(() =>
          env.LOADER.load(once(`export default { async call(_) {
              const answers = [];
              for (let i = 0; i < 3; i++) {
                try { answers.push(await (await fetch("http://anywhere/" + i)).text()); } catch (e) { answers.push(e.message); }
              }
              return answers.join(" | ");
            } };`, { globalOutbound: ctx.exports.Echo, limits: { subRequests: n } }))
            .getEntrypoint().call(null)));
      // A Dynamic Worker whose code holds `parts` texts of n KiB each, as id
      // `id` (a new one each time without).
      case "/big": {
        calls = 0;
        const id = url.searchParams.get("id");
        const parts = Number(url.searchParams.get("parts") ?? 1);
        const big = () => {
          calls++;
          const modules = { "m.js": "" };
          for (let i = 0; i < parts; i++) {
            modules["m.js"] += `import t${i} from './big${i}.txt';\n`;
            modules[`big${i}.txt`] = { text: String.fromCharCode(97 + i).repeat(n * 1024) };
          }
          const sum = Array.from({ length: parts }, (_, i) => `t${i}.length`).join(" + ");
          modules["m.js"] += `export default { size(_) { return ${sum}; } };`;
          return once("", { modules });
        };
        return new Response(await attempt(async () => {
          const size = await (id === null ? env.LOADER.load(big()) : env.LOADER.get(id, big)).getEntrypoint().size(null);
          return `${size / 1024 / 1024} MiB, ${calls} loads`;
        }));
      }
      case "/alive":
        return new Response(await attempt(() =>
          env.LOADER.load(once("export default { hi(_) { return 'still here'; } };")).getEntrypoint().hi(null)));
      // An env of n characters.
      case "/env":
        return new Response(await attempt(() =>
          env.LOADER.load(once("export default { size(_, env) { return env.s.length; } };", { env: { s: "x".repeat(n) } }))
            .getEntrypoint().size(null)));
      // An env holding what is not passed.
      case "/target":
        return new Response(await attempt(() => env.LOADER.load(once("export default {};", { env: { t: new (class extends RpcTarget {})() } }))));
      case "/function":
        return new Response(await attempt(() => env.LOADER.load(once("export default {};", { env: { f: () => 1 } }))));
      // What a Dynamic Worker's fetch() of `to` answers, its way out as `outbound` says.
      case "/out": {
        const more = {};
        if (url.searchParams.get("outbound") === "null") more.globalOutbound = null;
        const to = url.searchParams.get("to");
        return new Response(await attempt(async () => {
          const stub = env.LOADER.load(once("export default { async get(to) { return (await fetch(to)).text(); } };", more));
          return stub.getEntrypoint().get(to);
        }));
      }
      // The loading worker's bindings, passed in env, reached from the Dynamic Worker.
      case "/bindings":
        return new Response(await attempt(() =>
          env.LOADER.load(once(`export default { async both(_, env) {
              const billed = await (await env.services.billing.fetch("http://billing/total")).text();
              return billed + " " + await env.helper.twice(21);
            } };`, { env: { services: { billing: env.BILLING }, helper: ctx.exports.Helper } }))
            .getEntrypoint().both(null)));
    }
    return new Response("not found", { status: 404 });
  },
};
"#;

fn dev_project(limits: &str) -> tempfile::TempDir {
    let config = format!(
        "name = \"loader\"\nmain = \"worker.js\"\ncompatibility_date = \"2025-12-01\"\n\
         [[worker_loaders]]\nbinding = \"LOADER\"\n{limits}"
    );
    project(&[("worky.toml", &config), ("worker.js", LOADER)])
}

/// A Dynamic Worker's fetch handler that throws: the caller gets the error,
/// and dev's terminal shows it as the callee's uncaught exception, with its
/// stack in the Dynamic Worker's module (workerd logs it too). An RPC method
/// that throws answers its caller with the error and is not logged.
#[test]
fn a_dynamic_workers_uncaught_exception_is_logged_in_dev() {
    let dir = dev_project("");
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/throws").body, "Error: boom in the fetch handler");
    let logged = "uncaught exception in worker: (Dynamic Worker \"thrower\") Error: boom in the fetch handler";
    assert!(dev.wait_for_output(logged, std::time::Duration::from_secs(10)), "{}", dev.output());
    assert!(dev.output().contains("m.js:1:"), "the stack names the Dynamic Worker's module: {}", dev.output());
    assert!(dev.output().contains("frames inside worky hidden"), "{}", dev.output());
    assert_eq!(dev.get("/rpc-throws").body, "RangeError: an answer, not a crash");
    assert!(dev.wait_for_output("GET     /rpc-throws", std::time::Duration::from_secs(10)), "{}", dev.output());
    assert!(!dev.output().contains("an answer, not a crash"), "{}", dev.output());
}

/// An isolate keeps 32 Dynamic Workers: with 32 loaded, the first is still
/// there (its count goes on, no new load); a 33rd makes the least recently
/// used one go, and asking for it again loads it afresh from `getCode`.
#[test]
fn an_isolate_keeps_at_most_32_dynamic_workers() {
    let dir = dev_project("");
    let dev = Dev::start(dir.path(), &["--max-isolates", "1"]);
    let kept = dev.get("/many?n=32");
    assert_eq!(kept.body, "1 32", "{}", dev.output());
    let evicted = dev.get("/many?n=33");
    assert_eq!(evicted.body, "0 34", "{}", dev.output());
}

/// The Dynamic Workers' code an isolate keeps is bounded by its memory limit:
/// with 32 MB, two of 7 MiB (14 MiB each once built, with the source map) are
/// kept, a third makes the least recently used go (it loads again when asked). (Code over the whole budget is refused
/// before it starts: src/runtime/loaders.rs tests.)
#[test]
fn the_code_an_isolate_keeps_is_bounded_by_its_memory_limit() {
    let dir = dev_project("[limits]\nmemory_mb = 32\n");
    let dev = Dev::start(dir.path(), &["--max-isolates", "1"]);
    assert_eq!(dev.get("/big?n=7168&id=a").body, "7 MiB, 1 loads");
    assert_eq!(dev.get("/big?n=7168&id=b").body, "7 MiB, 1 loads");
    assert_eq!(dev.get("/big?n=7168&id=a").body, "7 MiB, 0 loads", "two fit in 32 MB");
    assert_eq!(dev.get("/big?n=7168&id=c").body, "7 MiB, 1 loads");
    assert_eq!(dev.get("/big?n=7168&id=a").body, "7 MiB, 0 loads", "b went, not a (used last)");
    assert_eq!(dev.get("/big?n=7168&id=b").body, "7 MiB, 1 loads", "b loads again");
}

/// Many first calls at once to one id load it once and all reach the same isolate.
#[test]
fn first_calls_at_once_load_the_worker_once() {
    let dir = dev_project("");
    let dev = Dev::start(dir.path(), &["--max-isolates", "1"]);
    let reply = dev.get("/together?n=20");
    let expected: Vec<String> = (0..20).map(|i| i.to_string()).collect();
    assert_eq!(reply.body, format!("{} 1", expected.join(",")), "{}", dev.output());
}

/// A Dynamic Worker runs under the loading worker's limits: one that never
/// stops is stopped at its CPU limit, the call says so, and the loading
/// worker goes on.
#[test]
fn a_dynamic_worker_has_the_loading_workers_limits() {
    let dir = dev_project("[limits]\ncpu_ms = 200\n");
    let dev = Dev::start(dir.path(), &[]);
    let spun = dev.get("/spin");
    assert_eq!(spun.status, 200, "{}", spun.body);
    assert!(spun.body.contains("exceeded CPU time limit of 200 ms"), "{}", spun.body);
    assert_eq!(dev.get("/alive").body, "still here");
    // Its code may ask for less: 50 ms of CPU, two calls out.
    let limited = dev.get("/limited-cpu?n=50");
    assert!(limited.body.contains("exceeded CPU time limit of 50 ms"), "{}", limited.body);
    let asked_more = dev.get("/limited-cpu?n=100000");
    assert!(
        asked_more.body.contains("exceeded CPU time limit of 200 ms"),
        "never more than the loader's: {}",
        asked_more.body
    );
    let calls = dev.get("/limited-calls?n=2").body;
    assert!(calls.starts_with("0 | 2 | Too many subrequests"), "{calls}");
    let fetches = dev.get("/limited-fetches?n=2").body;
    assert!(fetches.starts_with("echo /0 | echo /1 | Too many subrequests"), "{fetches}");
}

/// The env may hold 1 MiB once cloned, as on workerd; more is refused, saying
/// so, as are functions (workerd's words) and objects worky does not pass.
#[test]
fn an_env_over_one_mib_or_holding_objects_is_refused() {
    let dir = dev_project("");
    let dev = Dev::start(dir.path(), &[]);
    // A string of n one-byte characters clones to n bytes and a few of framing.
    let fits = dev.get(&format!("/env?n={}", 1024 * 1024 - 64));
    assert_eq!(fits.body, (1024 * 1024 - 64).to_string());
    let over = dev.get(&format!("/env?n={}", 1024 * 1024));
    assert!(over.body.starts_with("Error: Dynamic Worker env size ("), "{}", over.body);
    assert!(over.body.ends_with("bytes) exceeds the maximum allowed size of 1048576 bytes."), "{}", over.body);
    assert_eq!(dev.get("/function").body, "DataCloneError: () => 1 could not be cloned.");
    let target = dev.get("/target").body;
    assert!(target.starts_with("DataCloneError: worky passes data") && target.contains("RpcTarget"), "{target}");
}

/// In `worky serve` a Dynamic Worker goes where the loading deployment may
/// (the host's internal network denied, as for the deployment itself), or
/// nowhere with `globalOutbound: null`; the loading deployment's service
/// bindings and its own entrypoints, passed in env, are the Dynamic Worker's.
/// The same with the deployments in a worker process (where service bindings
/// reach the deployments of that process).
#[test]
fn in_serve_a_dynamic_worker_reaches_what_it_was_given() {
    let internal = http_server("127.0.0.1", |_| http_response("200 OK", "", "internal secret"));
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let config = "compatibility_date = \"2025-12-01\"\n[[worker_loaders]]\nbinding = \"LOADER\"\n\
                  [[services]]\nbinding = \"BILLING\"\nservice = \"billing\"\n";
    pack_worker(&publisher, packages.path(), "loader", "1.0.0", config, LOADER);
    let billing = "export default { fetch() { return new Response('billed 7'); } };";
    pack_worker(&publisher, packages.path(), "billing", "1.0.0", "", billing);
    for processes in [0, 1] {
        let deployments = [("loader", "loader.test"), ("billing", "billing.test")];
        let (_host, serve) = serve_in_processes(&publisher, packages.path(), processes, &deployments);

        let bindings = serve.get("/bindings", Some("loader.test"));
        assert_eq!(bindings.body, "billed 7 42", "{processes} processes");

        let to = format!("http://{internal}/");
        let inherited = serve.get(&format!("/out?to={to}"), Some("loader.test"));
        assert!(
            inherited.body.contains("is not allowed by this host's egress policy")
                && !inherited.body.contains("secret"),
            "{processes} processes: {}",
            inherited.body
        );
        let blocked = serve.get(&format!("/out?to={to}&outbound=null"), Some("loader.test"));
        assert_eq!(
            blocked.body,
            "Error: This worker is not permitted to access the internet via global functions like fetch(). \
             It must use capabilities (such as bindings in 'env') to talk to the outside world.",
            "{processes} processes"
        );
    }
}

/// In `worky dev`, whose workers may reach the developer's machine, an
/// inherited way out goes there too; `null` still takes it away.
#[test]
fn in_dev_an_inherited_way_out_is_the_loading_workers() {
    let internal = http_server("127.0.0.1", |_| http_response("200 OK", "", "local service"));
    let dir = dev_project("");
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get(&format!("/out?to=http://{internal}/")).body, "local service");
    let blocked = dev.get(&format!("/out?to=http://{internal}/&outbound=null"));
    assert!(blocked.body.starts_with("Error: This worker is not permitted to access the internet"), "{}", blocked.body);
}
