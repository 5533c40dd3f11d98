//! A worker that means harm cannot take the host, or another tenant, down:
//! hostile values through every boundary (tests/fixtures/hostile/worker.js, with
//! seeded random combinations), handlers that throw what cannot be described,
//! promise chains that outrun the CPU limit, blocking Atomics waits, and timers
//! of a version that was replaced.

mod common;

use std::time::{Duration, Instant};

use common::*;

const HOSTILE: &str = include_str!("fixtures/hostile/worker.js");

fn hostile_project(config: &str) -> tempfile::TempDir {
    project(&[("worky.toml", config), ("src/index.js", HOSTILE)])
}

/// Two tenants on one `worky serve`: one throws every hostile value it can make
/// at the runtime, the other must answer all along, and so must the process.
#[test]
fn hostile_values_never_take_the_process_or_the_other_tenant_down() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let hostile = hostile_project("name = \"hostile\"\nmain = \"src/index.js\"\n");
    pack_into(hostile.path(), &publisher, "1.0.0", packages.path());
    let fine = "export default { fetch: () => new Response('fine') };\n";
    pack_worker(&publisher, packages.path(), "bystander", "1.0.0", "", fine);
    let host = tempfile::tempdir().unwrap();
    let deployments =
        [deployment("hostile", "1.0.0", "hostile.test"), deployment("bystander", "1.0.0", "bystander.test")];
    let config = serve_toml(host.path(), packages.path(), &publisher, &deployments.concat());
    let serve = Serve::start(&config);

    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let bystander = scope.spawn(|| {
            let mut answered = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let reply = serve.get("/", Some("bystander.test"));
                assert_eq!((reply.status, reply.body.as_str()), (200, "fine"), "the other tenant answers");
                answered += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            answered
        });
        let all = serve.get("/all", Some("hostile.test"));
        assert_eq!(all.status, 200, "every value through every sink: {}", all.body);
        for seed in 0..25 {
            let reply = serve.get(&format!("/fuzz?seed={seed}&count=40"), Some("hostile.test"));
            assert_eq!(reply.status, 200, "seed {seed}: {}", reply.body);
        }
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        assert!(bystander.join().unwrap() > 0);
    });
    assert_eq!(serve.get("/", Some("hostile.test")).body, "ok", "the hostile tenant still serves too");
    let log = serve.log();
    assert!(!log.contains("panicked"), "{log}");
}

/// Every hostile value thrown, returned or rejected by a handler is a 500, and
/// leaves no request slot behind: with one isolate taking one request at a time,
/// a leaked slot would make every later request wait until wall_ms (504).
#[test]
fn undescribable_failures_are_answered_and_leak_nothing() {
    let dir = hostile_project(
        "name = \"hostile\"\nmain = \"src/index.js\"\n[limits]\nwall_ms = 5000\n\
         [pool]\nmax_isolates = 1\nmax_concurrent_requests = 1\n",
    );
    let dev = Dev::start(dir.path(), &[]);
    let kinds: usize = dev.get("/count").body.parse().unwrap();
    for i in 0..kinds {
        for path in ["throw", "return", "reject"] {
            let reply = dev.get(&format!("/{path}?i={i}"));
            assert_eq!(reply.status, 500, "/{path}?i={i}: {}", reply.body);
        }
    }
    assert_eq!(dev.get("/").body, "ok");
}

const SPIN: &str = r#"
const noop = () => {};
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/loop-after-await") {
      // Runs in a microtask, where a termination is swallowed by the engine's job loop.
      await new Promise((resolve) => setTimeout(resolve, 10));
      while (true) {}
    }
    if (path === "/chain") {
      // A chain of promise reactions: QuickJS looks at its interrupt flag once
      // every 10,000 calls, and for some starting points (`pad` shifts them) the
      // interrupt always lands in a job that turns it into a rejection.
      await new Promise((resolve) => setTimeout(resolve, 10));
      const pad = Number(new URL(request.url).searchParams.get("pad"));
      for (let i = 0; i < pad; i++) noop();
      const spin = () => Promise.resolve().then(spin);
      spin();
      await new Promise(() => {});
    }
    if (path === "/sort") {
      // One engine call that never looks at the interrupt flag: sorting `n`
      // strings that differ only after 30 KB (2M: ~12 s; 1M: ~6 s).
      const n = Number(new URL(request.url).searchParams.get("n") ?? 2000000);
      const prefix = "x".repeat(30000);
      const all = new Array(n);
      for (let i = 0; i < 500; i++) {
        all.fill(prefix + String((i * 7919) % 500).padStart(6, "0"), i * (n / 500), (i + 1) * (n / 500));
      }
      all.sort();
      return new Response("sorted");
    }
    if (path === "/never") {
      return new Promise(() => {});
    }
    if (path === "/sleep") {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      return new Response("slept");
    }
    if (path === "/atomics-wait") {
      return new Response(String(Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)));
    }
    if (path === "/wait-async") {
      const array = new Int32Array(new SharedArrayBuffer(8));
      const woken = Atomics.waitAsync(array, 1, 0);
      const notified = Atomics.notify(array, 1);
      const timedOut = await Atomics.waitAsync(array, 0, 0, 30).value;
      const several = [0, 1, 2].map(() => Atomics.waitAsync(array, 0, 0));
      const two = Atomics.notify(array, 0, 2);
      const rest = Atomics.notify(array, 0);
      return Response.json([notified, await woken.value, timedOut, two, rest,
        await Promise.all(several.map((w) => w.value))]);
    }
    return new Response("ok");
  },
};
"#;

/// A handler that never answers gets its 504 at wall_ms, and its isolate lets go
/// of it: with one isolate taking one request at a time, a request after two such
/// ones is still answered.
#[test]
fn a_handler_that_never_answers_holds_no_slot_after_its_504() {
    let dir = project(&[
        (
            "worky.toml",
            "name = \"never\"\nmain = \"src/index.js\"\n[limits]\nwall_ms = 2000\n\
             [pool]\nmax_isolates = 1\nmax_concurrent_requests = 1\n",
        ),
        ("src/index.js", SPIN),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    for _ in 0..2 {
        assert_eq!(dev.get("/never").status, 504);
    }
    let reply = dev.get("/");
    assert_eq!((reply.status, reply.body.as_str()), (200, "ok"));
}

/// CPU time the isolate threads have used so far, in clock ticks (not the whole
/// process: a new binary makes its startup snapshot in the background).
fn isolate_cpu_ticks(pid: u32) -> u64 {
    isolate_threads(pid)
        .iter()
        .filter_map(|task| std::fs::read_to_string(task.join("stat")).ok())
        .map(|stat| {
            let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
            fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
        })
        .sum()
}

/// A runaway that starts after an `await` (in a microtask, where the engine's job
/// loop swallows the termination) is stopped at the CPU limit like any other:
/// the requests in flight on that isolate get their 503 at once, not at
/// wall_ms, and the isolate's thread ends instead of spinning on.
#[test]
fn a_runaway_after_an_await_is_stopped_at_once() {
    let dir = project(&[("worker.js", SPIN)]);
    let dev = Dev::start(dir.path(), &["worker.js", "--cpu-ms", "100", "--wall-ms", "20000", "--max-isolates", "1"]);
    assert_eq!(dev.get("/").body, "ok");
    for round in 0..4 {
        let sleeping = std::thread::spawn({
            let url = dev.url.clone();
            move || send(client().get(format!("{url}/sleep")))
        });
        std::thread::sleep(Duration::from_millis(200));
        let started = Instant::now();
        let runaway = dev.get("/loop-after-await");
        assert_eq!(runaway.status, 503, "round {round}: {}", runaway.body);
        assert!(runaway.body.contains("exceeded CPU time limit of 100 ms"), "{}", runaway.body);
        let sleeping = sleeping.join().unwrap();
        assert_eq!(sleeping.status, 503, "round {round}: the request sharing the stopped isolate: {}", sleeping.body);
        assert!(started.elapsed() < Duration::from_secs(10), "answered at the stop, not at wall_ms");
        assert_eq!(dev.get("/").body, "ok", "a new isolate serves");
    }
    assert_nothing_spins(dev.pid());
}

/// A chain of promise reactions whose period divides QuickJS's interrupt interval
/// could take every interrupt in a job that swallows it; the engine's job loop
/// now stops between jobs once the isolate is stopped, whatever the chain's phase.
#[test]
fn a_promise_chain_that_swallows_every_interrupt_is_stopped_too() {
    let dir = project(&[("worker.js", SPIN)]);
    let dev = Dev::start(dir.path(), &["worker.js", "--cpu-ms", "50", "--wall-ms", "20000", "--max-isolates", "1"]);
    let quick = reqwest::blocking::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    // Before the fix, one of the first few starting points never came back.
    for pad in 0..48 {
        let reply = send(quick.get(format!("{}/chain?pad={pad}", dev.url)));
        assert_eq!(reply.status, 503, "pad {pad}: {}", reply.body);
        assert!(reply.body.contains("exceeded CPU time limit of 50 ms"), "pad {pad}: {}", reply.body);
    }
    assert_eq!(dev.get("/").body, "ok", "a new isolate serves");
    assert_nothing_spins(dev.pid());
}

/// An engine call that cannot be interrupted runs on after its isolate is
/// stopped; its thread is reported and from then on runs only on CPU nobody else
/// wants, while a new isolate serves.
#[test]
fn an_isolate_stuck_in_an_engine_call_runs_only_on_idle_cpu() {
    let dir = project(&[("worker.js", SPIN)]);
    let dev = Dev::start(dir.path(), &["worker.js", "--cpu-ms", "200"]);
    assert_eq!(dev.get("/").body, "ok");
    let quick = reqwest::blocking::Client::builder().timeout(Duration::from_secs(3)).build().unwrap();
    let sort = quick.get(format!("{}/sort", dev.url)).send();
    assert!(sort.is_err(), "the sort was stopped at once: {:?}", sort.map(|reply| reply.status()));
    assert!(dev.wait_for_output("its isolate still runs JavaScript", Duration::from_secs(20)), "{}", dev.output());
    const SCHED_IDLE: u32 = 5;
    let idle = isolate_threads(dev.pid()).iter().filter(|thread| scheduling_policy(thread) == SCHED_IDLE).count();
    assert_eq!(idle, 1, "the stuck isolate's thread runs only when the CPU is idle");
    assert_eq!(dev.get("/").body, "ok", "another isolate serves meanwhile");
}

/// A worker cannot pile up stuck isolates (each holds a thread and its memory
/// until its engine call ends): with two of them stuck, its requests get a 503
/// saying so instead of a new isolate, until they end.
#[test]
fn a_worker_cannot_pile_up_stuck_isolates() {
    let dir = project(&[("worker.js", SPIN)]);
    let dev = Dev::start(dir.path(), &["worker.js", "--cpu-ms", "200", "--max-isolates", "1"]);
    let quick = reqwest::blocking::Client::builder().timeout(Duration::from_secs(2)).build().unwrap();
    for _ in 0..2 {
        assert!(quick.get(format!("{}/sort?n=1000000", dev.url)).send().is_err());
    }
    let refused = dev.get("/sort?n=1000000");
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert!(refused.body.contains("2 of the worker's isolates are still stuck in engine calls"), "{}", refused.body);
    // Their sorts end (on idle CPU), and the worker serves again.
    let back = dev.wait_until("/", Duration::from_secs(120), |reply| reply.status == 200);
    assert_eq!(back.body, "ok");
}

/// A thread's scheduling policy, from `/proc/PID/task/TID/stat` (field 41).
fn scheduling_policy(task: &std::path::Path) -> u32 {
    let stat = std::fs::read_to_string(task.join("stat")).unwrap();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
    fields[38].parse().unwrap()
}

/// Stopped isolates neither spin nor keep their threads: the process is idle, and
/// only the pool's one isolate and the process's warm blank one are left.
fn assert_nothing_spins(pid: u32) {
    std::thread::sleep(Duration::from_millis(500));
    let before = isolate_cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(1));
    let used = isolate_cpu_ticks(pid).saturating_sub(before);
    assert!(used < 30, "{used} ticks of isolate CPU in an idle second (100 would be a core spinning)");
    // A stopped isolate's thread ends once its stack unwinds: on a loaded
    // machine that may take more than the idle second above.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let mut threads = isolate_threads(pid).len();
    while threads > 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        threads = isolate_threads(pid).len();
    }
    assert!(threads <= 3, "{threads} isolate threads");
}

/// `Atomics.wait` throws, as in workerd: a blocked isolate burns no CPU, so no
/// limit would ever stop it. `waitAsync` and `notify` work within the isolate.
#[test]
fn atomics_wait_throws_and_wait_async_works() {
    let dir = project(&[("worker.js", SPIN)]);
    let dev = Dev::start(dir.path(), &["worker.js", "--max-isolates", "1"]);
    for _ in 0..3 {
        let reply = dev.get("/atomics-wait");
        assert_eq!(reply.status, 500);
        assert!(reply.body.contains("TypeError: Atomics.wait cannot be called in this context"), "{}", reply.body);
    }
    assert_eq!(dev.get("/").body, "ok", "the isolate was not blocked");
    let reply = dev.get("/wait-async");
    assert_eq!(reply.body, r#"[1,"ok","timed-out",2,1,["ok","ok","ok"]]"#);
}

/// When a version leaves (here a dev reload), its isolates get the grace period
/// for what is in flight, then stop: a `setInterval` of the old version does not
/// go on writing.
#[test]
fn a_replaced_version_stops_its_timers_after_the_grace_period() {
    let config = "name = \"timers\"\nmain = \"src/index.js\"\n[[kv_namespaces]]\nbinding = \"KV\"\n\
                  [pool]\nmax_isolates = 1\ngrace_s = 1\n";
    let old = "let ticks = 0;\nsetInterval(() => { ticks++; KV.put('old', String(ticks)); }, 50);\n\
               export default { async fetch() { return new Response('old ' + await KV.get('old')); } };\n";
    let dir = project(&[("worky.toml", config), ("src/index.js", old)]);
    let dev = Dev::start(dir.path(), &[]);
    assert!(
        dev.wait_until("/", Duration::from_secs(5), |r| r.body.starts_with("old ") && r.body != "old null").status
            == 200
    );
    std::fs::write(
        dir.path().join("src/index.js"),
        "export default { async fetch() { return new Response('new ' + await KV.get('old')); } };\n",
    )
    .unwrap();
    assert!(dev.wait_until("/", Duration::from_secs(10), |r| r.body.starts_with("new ")).body.starts_with("new "));
    // The grace period (1 s), then the old isolate stops with its interval.
    std::thread::sleep(Duration::from_millis(2000));
    let settled = dev.get("/").body;
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(dev.get("/").body, settled, "the old version's interval still writes");
}
