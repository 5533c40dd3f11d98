//! `[host] worker_processes`: deployments spread over worker processes behind
//! the serve front, so a crash takes down only its process's share, which is
//! started again; the other tenants never notice.

mod common;

use std::time::{Duration, Instant};

use common::*;

/// The worker processes of serve `pid`, as (pid, worker index).
fn worker_processes(pid: u32) -> Vec<(u32, usize)> {
    // Each thread lists the children it started.
    let tasks =
        std::fs::read_dir(format!("/proc/{pid}/task")).map(|dir| dir.flatten().collect::<Vec<_>>()).unwrap_or_default();
    let children: String =
        tasks.iter().map(|task| std::fs::read_to_string(task.path().join("children")).unwrap_or_default()).collect();
    children
        .split_whitespace()
        .filter_map(|child| {
            let child: u32 = child.parse().ok()?;
            let cmdline = std::fs::read_to_string(format!("/proc/{child}/cmdline")).ok()?;
            let args: Vec<&str> = cmdline.split('\0').collect();
            let at = args.iter().position(|arg| *arg == "--worker-index")?;
            Some((child, args.get(at + 1)?.parse().ok()?))
        })
        .collect()
}

fn worker(text: &str) -> String {
    format!("export default {{ fetch: () => new Response('{text}') }};\n")
}

#[test]
fn a_crashed_worker_process_takes_down_only_its_share_and_comes_back() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    for (name, version, text) in [("a", "1.0.0", "a one"), ("b", "1.0.0", "b one"), ("b", "1.0.1", "b two")] {
        pack_worker(&publisher, packages.path(), name, version, "", &worker(text));
    }
    let host = tempfile::tempdir().unwrap();
    let deployments = [deployment("a", "1.0.0", "a.test"), deployment("b", "1.0.0", "b.test")].concat();
    let config =
        serve_toml(host.path(), packages.path(), &publisher, &format!("[host]\nworker_processes = 2\n{deployments}"));
    let serve = Serve::start(&config);
    assert_eq!(serve.get("/", Some("a.test")).body, "a one");
    assert_eq!(serve.get("/", Some("b.test")).body, "b one");
    assert_eq!(serve.get("/", Some("nobody.test")).status, 404);
    let workers = worker_processes(serve.pid());
    assert_eq!(workers.len(), 2, "{workers:?}");
    let a_process = workers.iter().find(|(_, index)| *index == 0).unwrap().0;

    // kill -9 the process running a: b answers all along, a comes back.
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let bystander = scope.spawn(|| {
            let mut answered = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                assert_eq!(serve.get("/", Some("b.test")).body, "b one", "the other process's tenant answers");
                answered += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
            answered
        });
        std::process::Command::new("kill").args(["-9", &a_process.to_string()]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut saw_unavailable = false;
        loop {
            let reply = serve.get("/", Some("a.test"));
            if reply.status == 503 {
                saw_unavailable = true;
            } else if reply.body == "a one" && saw_unavailable {
                break;
            }
            assert!(Instant::now() < deadline, "a did not come back: {} {}", reply.status, reply.body);
            std::thread::sleep(Duration::from_millis(50));
        }
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        assert!(bystander.join().unwrap() > 0);
    });
    let log = serve.log_with(&["worker process 1 ended"]);
    assert!(log.contains("worker process 1 ended (signal: 9"), "{log}");
    assert_ne!(worker_processes(serve.pid()).iter().find(|(_, index)| *index == 0).unwrap().0, a_process);

    // The admin API reaches the process that runs the deployment.
    let deploy = worky().args(["deploy", "b@1.0.1", "--server", &serve.url, "--token", "admin"]).output().unwrap();
    assert!(deploy.status.success(), "{}", stderr(&deploy));
    assert_eq!(serve.get("/", Some("b.test")).body, "b two");
    let listing = send(client().get(format!("{}/__worky/deployments", serve.url)).bearer_auth("admin"));
    let listing: serde_json::Value = serde_json::from_str(&listing.body).unwrap();
    let versions: Vec<String> = listing
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}@{}", d["name"].as_str().unwrap(), d["version"].as_str().unwrap()))
        .collect();
    assert_eq!(versions, ["a@1.0.0", "b@1.0.1"]);
    // A switched deployment keeps its version when its process is started again.
    let b_process = worker_processes(serve.pid()).iter().find(|(_, index)| *index == 1).unwrap().0;
    std::process::Command::new("kill").args(["-9", &b_process.to_string()]).status().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let reply = serve.get("/", Some("b.test"));
        if reply.status == 200 {
            assert_eq!(reply.body, "b two", "the switched version, not serve.toml's");
            break;
        }
        assert!(Instant::now() < deadline, "b did not come back: {} {}", reply.status, reply.body);
        std::thread::sleep(Duration::from_millis(50));
    }

    // SIGTERM to the front stops the worker processes too.
    let pid = serve.pid();
    let workers: Vec<u32> = worker_processes(pid).into_iter().map(|(pid, _)| pid).collect();
    assert_eq!(serve.terminate(), Some(0));
    for worker in workers {
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::path::Path::new(&format!("/proc/{worker}")).exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let state = std::fs::read_to_string(format!("/proc/{worker}/stat")).unwrap_or_default();
        assert!(state.is_empty() || state.contains(") Z"), "worker process {worker} still runs: {state}");
    }
}

/// Worker processes end with the front, however it ends (kill -9 included).
#[test]
fn worker_processes_end_with_the_front() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    pack_worker(&publisher, packages.path(), "a", "1.0.0", "", &worker("a"));
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(
        host.path(),
        packages.path(),
        &publisher,
        &format!("[host]\nworker_processes = 1\n{}", deployment("a", "1.0.0", "a.test")),
    );
    let mut serve = Serve::start(&config);
    assert_eq!(serve.get("/", Some("a.test")).body, "a");
    let workers = worker_processes(serve.pid());
    assert_eq!(workers.len(), 1);
    serve.kill9();
    let (worker, _) = workers[0];
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let state = std::fs::read_to_string(format!("/proc/{worker}/stat")).unwrap_or_default();
        if state.is_empty() || state.contains(") Z") {
            break;
        }
        assert!(Instant::now() < deadline, "the worker process outlived its front: {state}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

const SPINNER: &str = r#"
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/sort") {
      // One native call that never looks at the engine's interrupt flag: sorting
      // 2M strings that differ only after 30 KB takes seconds after the stop.
      const prefix = "x".repeat(30000);
      const all = new Array(2000000);
      for (let i = 0; i < 500; i++) {
        all.fill(prefix + String((i * 7919) % 500).padStart(6, "0"), i * 4000, (i + 1) * 4000);
      }
      all.sort();
      return new Response("sorted");
    }
    if (url.pathname === "/sleep") {
      await new Promise((resolve) => setTimeout(resolve, 5000));
      return new Response("slept");
    }
    return new Response("ok");
  },
};
"#;

/// A request whose isolate keeps running well past its stop: no answer within 3 s
/// of a 200 ms CPU limit (the sort takes ~12 s).
fn make_a_stuck_isolate(serve: &Serve) {
    let quick = reqwest::blocking::Client::builder().timeout(Duration::from_secs(3)).build().unwrap();
    let sort = quick.get(format!("{}/sort", serve.url)).header("host", "spinner.test").send();
    assert!(sort.is_err(), "the sort was stopped at once: {:?}", sort.map(|reply| reply.status()));
}

/// Waits until `host` answers `body` again, asking `bystander` (which must
/// answer "b" every time) in between.
fn wait_until_back(serve: &Serve, host: &str, body: &str, bystander: Option<&str>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(bystander) = bystander {
            assert_eq!(serve.get("/", Some(bystander)).body, "b", "the other process's tenant answers");
        }
        let reply = serve.get("/", Some(host));
        if reply.body == body {
            return;
        }
        assert!(Instant::now() < deadline, "{host} did not come back: {} {}", reply.status, reply.body);
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// An isolate the engine cannot stop holds its thread until its process ends: a
/// worker process holding one ends and is started again, and the deployment it
/// names moves to a process of its own, so the next time only it goes down.
#[test]
fn an_isolate_that_cannot_be_stopped_ends_its_process_and_its_deployment_moves_out() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    pack_worker(&publisher, packages.path(), "spinner", "1.0.0", "[limits]\ncpu_ms = 200\n", SPINNER);
    pack_worker(&publisher, packages.path(), "b", "1.0.0", "", &worker("b"));
    let host = tempfile::tempdir().unwrap();
    let deployments = [deployment("spinner", "1.0.0", "spinner.test"), deployment("b", "1.0.0", "b.test")].concat();
    let config = serve_toml(
        host.path(),
        packages.path(),
        &publisher,
        &format!("[host]\nworker_processes = 1\n[pool]\nmax_isolates = 1\n{deployments}"),
    );
    let serve = Serve::start(&config);
    assert_eq!(worker_processes(serve.pid()).len(), 1, "both share one process");

    // First time: the shared process ends, and the spinner is moved out.
    make_a_stuck_isolate(&serve);
    let log = serve.log_with(&["spinner moves to a worker process of its own"]);
    assert!(log.contains("worker spinner@1.0.0: its isolate still runs JavaScript"), "{log}");
    assert!(log.contains("worker process 1 ended (exit status: 70)"), "{log}");
    assert!(log.contains("spinner moves to a worker process of its own: its isolate could not be stopped"), "{log}");
    wait_until_back(&serve, "b.test", "b", None);
    wait_until_back(&serve, "spinner.test", "ok", None);
    assert_eq!(worker_processes(serve.pid()).len(), 2);

    // Next time only the spinner's own process ends; b answers all along.
    make_a_stuck_isolate(&serve);
    wait_until_back(&serve, "spinner.test", "ok", Some("b.test"));
    let log = serve.log_with(&["worker process 2 ended (exit status: 70)"]);
    assert!(log.contains("worker process 2 ended (exit status: 70)"), "{log}");
    assert_eq!(log.matches("worker process 1 ended").count(), 1, "b's process ended only the first time: {log}");
}

/// A process that keeps dying while one deployment's requests are in flight:
/// that deployment moves to a process of its own.
#[test]
fn a_deployment_in_flight_at_repeated_deaths_moves_out() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    pack_worker(&publisher, packages.path(), "spinner", "1.0.0", "", SPINNER);
    pack_worker(&publisher, packages.path(), "b", "1.0.0", "", &worker("b"));
    let host = tempfile::tempdir().unwrap();
    let deployments = [deployment("spinner", "1.0.0", "spinner.test"), deployment("b", "1.0.0", "b.test")].concat();
    let config =
        serve_toml(host.path(), packages.path(), &publisher, &format!("[host]\nworker_processes = 1\n{deployments}"));
    let serve = Serve::start(&config);
    for death in 1..=3 {
        let url = serve.url.clone();
        let sleeper = std::thread::spawn(move || {
            let _ = client().get(format!("{url}/sleep")).header("host", "spinner.test").send();
        });
        // Well inside its 5 s sleep, also on a busy machine.
        std::thread::sleep(Duration::from_millis(1000));
        let (pid, _) = worker_processes(serve.pid())[0];
        std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().unwrap();
        sleeper.join().unwrap();
        wait_until_back(&serve, "b.test", "b", None);
        if death < 3 {
            assert!(!serve.log().contains("moves to a worker process of its own"), "after {death} deaths");
        }
    }
    let log = serve.log_with(&["spinner moves to a worker process of its own"]);
    assert!(
        log.contains("spinner moves to a worker process of its own: its requests were in flight at 3 deaths"),
        "{log}"
    );
    assert!(!log.contains("b moves to"), "{log}");
    wait_until_back(&serve, "spinner.test", "ok", None);
    assert_eq!(worker_processes(serve.pid()).len(), 2);
}

/// Calls out of "caller" to deployments its process does not run.
const CALLER: &str = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const attempt = async (work) => {
      try { return await work(); } catch (error) { return `${error.name}: ${error.message}`; }
    };
    switch (url.pathname) {
      case "/fetch": {
        const body = "\u00e9".repeat(40000);
        const answer = await env.LEDGER.fetch("https://ledger.internal/echo?x=1", {
          method: "POST", body, headers: { "x-raw": "caf\u00e9" },
        });
        const text = await answer.text();
        return new Response(`${answer.status} ${answer.headers.get("x-seen")} ${answer.headers.getSetCookie().join("|")} ${text.length} ${text === body}`);
      }
      case "/rpc": return new Response(await attempt(async () => {
        const result = await env.BOOKS.add({ a: 2, big: 1n }, 3);
        return `${result.sum} ${typeof result.big} ${result.date.toISOString()} ${result.bytes.join(",")}`;
      }));
      case "/throws": return new Response(await attempt(() => env.BOOKS.refuse()));
      case "/callback": return new Response(await attempt(() => env.BOOKS.call(async (x) => `${x + 1} from the caller`)));
      case "/target": return new Response(await attempt(async () => {
        const [account, probe] = await env.BOOKS.open(5);
        const balances = [await account.deposit(10), await account.deposit(1)];
        const before = await probe.live();
        account[Symbol.dispose]();
        let after = before;
        for (let i = 0; i < 200 && after > 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          after = await probe.live();
        }
        const disposed = await account.deposit(1).catch((error) => error.message);
        return `${balances} ${before} -> ${after} | ${disposed}`;
      }));
      case "/keep": {
        const [account] = await env.BOOKS.open(1);
        await account.deposit(1);
        await new Promise((resolve) => setTimeout(resolve, 20000));
        return new Response("kept");
      }
      case "/outlive": return new Response(await attempt(async () => {
        const [account] = await env.BOOKS.open(1);
        const before = await account.deposit(1);
        await new Promise((resolve) => setTimeout(resolve, 3000));
        return `${before} ${await account.deposit(1)}`;
      }));
      case "/dispatch": return new Response(`${await (await env.USERS.get("tenant").fetch(request)).text()} ${await attempt(() => env.USERS.get("ledger").fetch(request))}`);
      case "/create": return new Response((await env.ORDERS.create({ id: url.searchParams.get("id"), params: { n: 21 } })).id);
      case "/status": return Response.json(await (await env.ORDERS.get(url.searchParams.get("id"))).status());
      case "/objects": {
        const counter = env.COUNTERS.get(env.COUNTERS.idFromName("a"));
        const fetched = await (await counter.fetch("https://counter/add?n=2")).text();
        return new Response(`${fetched} ${await counter.add(3)}`);
      }
    }
    return new Response("no such path", { status: 404 });
  },
};
"#;

const LEDGER: &str = r#"
import { RpcTarget, WorkerEntrypoint, WorkflowEntrypoint, DurableObject } from "cloudflare:workers";

const accounts = [];

class Account extends RpcTarget {
  #balance;
  constructor(balance) { super(); this.#balance = balance; }
  deposit(amount) { this.#balance += amount; return this.#balance; }
}

// Counts the Accounts still alive here: one lent out is kept until every
// stub to it, in any process, is gone.
class Probe extends RpcTarget {
  live() {
    return accounts.filter((ref) => ref.deref() !== undefined).length;
  }
}

export class Books extends WorkerEntrypoint {
  add(object, n) {
    return { sum: object.a + n, big: object.big, date: new Date(0), bytes: new Uint8Array([1, 2, 255]) };
  }
  refuse() { throw new RangeError("no refunds"); }
  call(f) { return f(1); }
  open(balance) {
    const account = new Account(balance);
    accounts.push(new WeakRef(account));
    return [account, new Probe()];
  }
}

export class Order extends WorkflowEntrypoint {
  async run(event, step) {
    return await step.do("double", async () => event.payload.n * 2);
  }
}

export class Counter extends DurableObject {
  async add(n) {
    const total = ((await this.ctx.storage.get("total")) ?? 0) + n;
    await this.ctx.storage.put("total", total);
    return total;
  }
  async fetch(request) {
    return new Response(`${this.ctx.id.name}: ${await this.add(Number(new URL(request.url).searchParams.get("n")))}`);
  }
}

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/live") {
      return new Response(String(accounts.filter((ref) => ref.deref() !== undefined).length));
    }
    const body = await request.text();
    const seen = `${request.method} ${new URL(request.url).pathname} ${request.headers.get("x-raw")}`;
    return new Response(body, { status: 201, headers: [["x-seen", seen], ["set-cookie", "a=1"], ["set-cookie", "b=2"]] });
  },
};
"#;

const TENANT: &str =
    "export default { fetch: (request) => new Response(`tenant saw ${new URL(request.url).pathname}`) };\n";

/// With worker processes, a deployment's service bindings, dispatch namespace,
/// Durable Object and Workflow bindings reach deployments that another worker
/// process runs: a fetch (its body both ways, over 64 KiB, headers as bytes,
/// two Set-Cookies), JS RPC by value (what structured clone keeps), an
/// exception as its class, an object's storage, and what passes by reference
/// (a callback, an RpcTarget let go when disposed). A call while the
/// callee's process is down says so, and works again once it is back.
#[test]
fn worker_processes_call_each_others_deployments() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let caller = "compatibility_date = \"2025-05-01\"\n\
                  [[services]]\nbinding = \"LEDGER\"\nservice = \"ledger\"\n\
                  [[services]]\nbinding = \"BOOKS\"\nservice = \"ledger\"\nentrypoint = \"Books\"\n\
                  [[dispatch_namespaces]]\nbinding = \"USERS\"\nnamespace = \"customers\"\n\
                  [[workflows]]\nbinding = \"ORDERS\"\nname = \"orders\"\nclass_name = \"Order\"\nscript_name = \"ledger\"\n\
                  [[durable_objects.bindings]]\nname = \"COUNTERS\"\nclass_name = \"Counter\"\nscript_name = \"ledger\"\n";
    pack_worker(&publisher, packages.path(), "caller", "1.0.0", caller, CALLER);
    let ledger = "compatibility_date = \"2025-05-01\"\n\
                  [[workflows]]\nbinding = \"ORDERS\"\nname = \"orders\"\nclass_name = \"Order\"\n\
                  [[durable_objects.bindings]]\nname = \"COUNTERS\"\nclass_name = \"Counter\"\n\
                  [[migrations]]\ntag = \"v1\"\nnew_sqlite_classes = [\"Counter\"]\n";
    pack_worker(&publisher, packages.path(), "ledger", "1.0.0", ledger, LEDGER);
    pack_worker(&publisher, packages.path(), "tenant", "1.0.0", "", TENANT);
    let host = tempfile::tempdir().unwrap();
    // Three worker processes: one deployment each.
    let deployments = [
        deployment("caller", "1.0.0", "caller.test"),
        deployment("ledger", "1.0.0", "ledger.test"),
        "[[deployments]]\nname = \"tenant\"\nversion = \"1.0.0\"\ndispatch_namespace = \"customers\"\n".to_string(),
    ]
    .concat();
    // One isolate a deployment: ledger's /live counts the Accounts its RPC calls made.
    let config = serve_toml(
        host.path(),
        packages.path(),
        &publisher,
        &format!("[host]\nworker_processes = 3\n[pool]\nmax_isolates = 1\n{deployments}"),
    );
    let serve = Serve::start(&config);
    assert_eq!(worker_processes(serve.pid()).len(), 3);
    let call = |path: &str| serve.get(path, Some("caller.test"));

    assert_eq!(call("/fetch").body, "201 POST /echo caf\u{e9} a=1|b=2 40000 true");
    assert_eq!(call("/rpc").body, "5 bigint 1970-01-01T00:00:00.000Z 1,2,255");
    assert_eq!(call("/throws").body, "RangeError: no refunds");
    // By reference: a callback the callee calls back across, an RpcTarget it
    // returns (kept until the caller disposes its stub, then let go).
    assert_eq!(call("/callback").body, "2 from the caller");
    assert_eq!(call("/target").body, "15,16 1 -> 0 | RPC stub used after being disposed.");
    // A user worker through its namespace only; a deployment of no namespace is not one.
    assert_eq!(call("/dispatch").body, "tenant saw /dispatch Error: Worker not found.");
    // A Durable Object of another process's deployment: fetch, RPC and its storage.
    assert_eq!(call("/objects").body, "a: 2 5");
    assert_eq!(call("/objects").body, "a: 7 10");

    assert_eq!(call("/create?id=first").body, "first");
    let done = serve.wait_until("/status?id=first", Some("caller.test"), Duration::from_secs(15), |reply| {
        reply.body.contains("\"complete\"")
    });
    let status: serde_json::Value = serde_json::from_str(&done.body).unwrap();
    assert_eq!(status["output"], 42, "run by ledger's process: {status}");

    // The callee's process dies: calls say so until it is back, and a stub
    // a request holds says its object is gone.
    let ledger_process = worker_processes(serve.pid()).iter().find(|(_, index)| *index == 1).unwrap().0;
    let outlived = std::thread::scope(|scope| {
        let outliving = scope.spawn(|| call("/outlive").body);
        std::thread::sleep(Duration::from_secs(1));
        std::process::Command::new("kill").args(["-9", &ledger_process.to_string()]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut saw_restarting = false;
        loop {
            let reply = call("/rpc");
            if reply.body.contains("the worker process of deployment \"ledger\" is restarting") {
                saw_restarting = true;
            } else if reply.body == "5 bigint 1970-01-01T00:00:00.000Z 1,2,255" && saw_restarting {
                break;
            }
            assert!(Instant::now() < deadline, "ledger did not come back: {} {}", reply.status, reply.body);
            std::thread::sleep(Duration::from_millis(50));
        }
        outliving.join().unwrap()
    });
    assert!(outlived.contains("The RPC stub's object is gone"), "{outlived}");

    // The caller's process dies holding a stub: the lender lets the object go.
    assert_eq!(serve.get("/live", Some("ledger.test")).body, "0");
    let caller_process = worker_processes(serve.pid()).iter().find(|(_, index)| *index == 0).unwrap().0;
    std::thread::scope(|scope| {
        let keeping = scope.spawn(|| call("/keep").status);
        serve.wait_until("/live", Some("ledger.test"), Duration::from_secs(10), |reply| reply.body == "1");
        std::process::Command::new("kill").args(["-9", &caller_process.to_string()]).status().unwrap();
        assert_eq!(keeping.join().unwrap(), 503);
    });
    let live = serve.wait_until("/live", Some("ledger.test"), Duration::from_secs(10), |reply| reply.body == "0");
    assert_eq!(live.body, "0", "the account lent to the dead process is let go");
}
