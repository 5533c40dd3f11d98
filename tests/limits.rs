//! The isolate pool and its limits, end to end.

mod common;

use std::time::{Duration, Instant};

use common::*;

const WORKER: &str = r#"
const isolateId = crypto.randomUUID();
let served = 0;
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    served++;
    switch (url.pathname) {
      case "/loop": { while (true) {} }
      case "/alloc": {
        const hoard: number[][] = [];
        while (true) hoard.push(new Array(100_000).fill(Math.random()));
      }
      case "/spin": {
        const until = Date.now() + Number(url.searchParams.get("ms"));
        while (Date.now() < until) {}
        return new Response(isolateId);
      }
      case "/sleep":
        await new Promise((resolve) => setTimeout(resolve, 200));
        return new Response("slept");
      case "/hang":
        return new Promise<Response>(() => {});
      case "/body":
        return new Response(String((await request.text()).length));
      default:
        return Response.json({ isolateId, served });
    }
  },
};
"#;

fn start(args: &[&str]) -> (tempfile::TempDir, Dev) {
    let dir = project(&[("worky.toml", "name = \"limits\"\nmain = \"src/index.ts\"\n"), ("src/index.ts", WORKER)]);
    let dev = Dev::start(dir.path(), args);
    (dir, dev)
}

#[test]
fn cpu_limit_stops_a_runaway_request_and_spares_the_others() {
    let (_dir, dev) = start(&["--cpu-ms", "50", "--max-isolates", "2"]);
    assert_eq!(dev.get("/").status, 200);
    let url = dev.url.clone();
    let runaway = std::thread::spawn(move || send(client().get(format!("{url}/loop"))));
    std::thread::sleep(Duration::from_millis(20));
    // While one isolate spins, another answers.
    let normal = dev.get("/");
    assert_eq!(normal.status, 200, "{}", normal.body);
    let stopped = runaway.join().unwrap();
    assert_eq!(stopped.status, 503, "{}", stopped.body);
    assert!(stopped.body.contains("exceeded CPU time limit of 50 ms"), "{}", stopped.body);
    assert!(dev.wait_for_output("exceeded CPU time limit of 50 ms", Duration::from_secs(5)), "{}", dev.output());
    // The next requests work: the stopped isolate was replaced.
    for _ in 0..3 {
        assert_eq!(dev.get("/").status, 200);
    }
    let again = dev.get("/loop");
    assert_eq!(again.status, 503, "the replacement is guarded too: {}", again.body);
    assert_eq!(dev.get("/").status, 200);
}

/// How often the process's watchdog thread has been switched in so far.
#[cfg(target_os = "linux")]
fn watchdog_wakeups(pid: u32) -> u64 {
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap().flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim() == "worky-watchdog" {
            let status = std::fs::read_to_string(task.path().join("status")).unwrap();
            return status
                .lines()
                .filter(|line| line.contains("ctxt_switches"))
                .filter_map(|line| line.split_whitespace().last()?.parse::<u64>().ok())
                .sum();
        }
    }
    panic!("no watchdog thread in process {pid}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_watchdog_sleeps_while_idle_and_wakes_for_a_runaway() {
    let (_dir, dev) = start(&["--cpu-ms", "50"]);
    assert_eq!(dev.get("/").status, 200);
    // Ticking every 2 ms is ~500 wake-ups a second; parked, a quiet second has a few.
    // A spare isolate starting in a window (a slow CI machine) keeps it awake for a
    // while, so look at up to five windows for a quiet one.
    let mut quietest = u64::MAX;
    for _ in 0..5 {
        let before = watchdog_wakeups(dev.pid());
        std::thread::sleep(Duration::from_secs(1));
        quietest = quietest.min(watchdog_wakeups(dev.pid()) - before);
        if quietest < 100 {
            break;
        }
    }
    assert!(quietest < 100, "the watchdog woke {quietest} times in its quietest idle second");
    let stopped = dev.get("/loop");
    assert_eq!(stopped.status, 503, "{}", stopped.body);
    assert!(stopped.body.contains("exceeded CPU time limit of 50 ms"), "{}", stopped.body);
}

#[test]
fn memory_limit_stops_runaway_allocation() {
    let (_dir, dev) = start(&["--memory-mb", "32"]);
    let reply = dev.get("/alloc");
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(reply.body.contains("exceeded memory limit of 32 MB"), "{}", reply.body);
    let next = dev.get("/");
    assert_eq!(next.status, 200, "{}", next.body);
}

/// A memory stop inside a synchronous handler leaves the out-of-memory error's
/// stack to be formatted while the isolate is being stopped: the log says what
/// happened, without deno_core's warning about call sites it cannot read
/// ("Failed to create JsStackFrame ... This is a bug in deno").
#[test]
fn a_memory_stop_logs_no_stack_formatter_warning() {
    let worker = "export default { fetch() { const a = []; for (;;) a.push(new Array(100000).fill(1)); } };\n";
    let dir = project(&[("worky.toml", "name = \"hog\"\nmain = \"worker.js\"\n"), ("worker.js", worker)]);
    let dev = Dev::start(dir.path(), &["--memory-mb", "32"]);
    for _ in 0..3 {
        assert_eq!(dev.get("/").status, 503);
    }
    let said = dev.output();
    assert!(said.contains("exceeded memory limit of 32 MB; isolate discarded"), "{said}");
    assert!(!said.contains("JsStackFrame") && !said.contains("bug in deno"), "{said}");
}

/// The heap limit holds within a small margin: a runaway allocation under
/// `memory_mb = 64` raises the process's peak memory by well under 1.5 times
/// that (the limit was once doubled again and again until the stop landed:
/// 2.4 GB under 128 MB).
#[test]
fn memory_limit_holds_within_a_margin() {
    let (_dir, dev) = start(&["--memory-mb", "64", "--max-isolates", "1"]);
    assert_eq!(dev.get("/").status, 200);
    let status = |key: &str| -> u64 {
        let text = std::fs::read_to_string(format!("/proc/{}/status", dev.pid())).unwrap();
        let line = text.lines().find(|line| line.starts_with(key)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    // Forget the peak so far (the process may have made its startup snapshot).
    std::fs::write(format!("/proc/{}/clear_refs", dev.pid()), "5").unwrap();
    let before = status("VmRSS:");
    let reply = dev.get("/alloc");
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(reply.body.contains("exceeded memory limit of 64 MB"), "{}", reply.body);
    let grown_mb = status("VmHWM:").saturating_sub(before) / 1024;
    assert!(grown_mb < 96, "peak memory grew by {grown_mb} MB under a 64 MB limit");
}

#[test]
fn one_isolate_serves_concurrent_requests_by_interleaving() {
    let (_dir, dev) = start(&["--max-isolates", "1"]);
    assert_eq!(dev.get("/").status, 200);
    let started = Instant::now();
    for reply in get_concurrently(&dev.url, (0..10).map(|_| "/sleep".to_string())) {
        assert_eq!(reply.body, "slept");
    }
    // Ten 200 ms waits one after another would take 2 s.
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(1500), "took {elapsed:?}");
}

#[test]
fn concurrency_per_isolate_is_bounded() {
    let dir = project(&[
        (
            "worky.toml",
            "name = \"limits\"\nmain = \"src/index.ts\"\n[pool]\nmax_isolates = 1\nmax_concurrent_requests = 2\n",
        ),
        ("src/index.ts", WORKER),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").status, 200);
    let started = Instant::now();
    for reply in get_concurrently(&dev.url, (0..4).map(|_| "/sleep".to_string())) {
        assert_eq!(reply.body, "slept");
    }
    // Two at a time: the second pair waits for the first.
    assert!(started.elapsed() >= Duration::from_millis(400), "took {:?}", started.elapsed());
}

#[test]
fn cpu_bound_requests_spread_over_isolates_and_state_is_per_isolate() {
    let (_dir, dev) = start(&["--max-isolates", "2"]);
    assert_eq!(dev.get("/").status, 200);
    // The second request finds the first isolate deep in its computation: a
    // second isolate starts for it rather than make it wait 400 ms.
    let replies = get_concurrently(&dev.url, (0..2).map(|_| "/spin?ms=400".to_string()));
    let ids: Vec<&str> = replies.iter().map(|r| r.body.as_str()).collect();
    assert_ne!(ids[0], ids[1], "two busy requests ran on two isolates (two threads, two cores)");
}

#[test]
fn wall_clock_and_body_size_limits() {
    let (_dir, dev) = start(&["--wall-ms", "300", "--max-body-mb", "1"]);
    let reply = dev.get("/hang");
    assert_eq!(reply.status, 504, "{}", reply.body);
    assert!(reply.body.contains("exceeded wall-clock time limit of 300 ms"), "{}", reply.body);

    assert_eq!(dev.post("/body", vec![b'a'; 1000]).body, "1000");
    let reply = dev.post("/body", vec![b'a'; 2 << 20]);
    assert_eq!(reply.status, 413, "declared length over the limit: {}", reply.body);
    // A chunked upload has no declared length: it is cut off while streaming.
    let chunks = (0..40).map(|_| Ok::<_, std::io::Error>(vec![b'b'; 64 * 1024]));
    let body = reqwest::blocking::Body::new(ChunkedReader::new(chunks));
    let reply = send(client().post(format!("{}/body", dev.url)).body(body));
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert!(reply.body.contains("larger than the limit of 1 MB"), "{}", reply.body);
}

/// A reader of unknown length, so reqwest sends the body chunked.
struct ChunkedReader<I> {
    chunks: I,
    current: std::io::Cursor<Vec<u8>>,
}

impl<I> ChunkedReader<I> {
    fn new(chunks: I) -> Self {
        ChunkedReader { chunks, current: std::io::Cursor::new(Vec::new()) }
    }
}

impl<I: Iterator<Item = std::io::Result<Vec<u8>>>> std::io::Read for ChunkedReader<I> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.current.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            match self.chunks.next() {
                Some(chunk) => self.current = std::io::Cursor::new(chunk?),
                None => return Ok(0),
            }
        }
    }
}

/// Limit and pool flags go through the same rules as worky.toml: a bad value is
/// an error naming the flag, never accepted or silently raised.
#[test]
fn limit_flags_are_checked_on_both_sides_of_their_minimum() {
    let dir = project(&[("worky.toml", "name = \"limits\"\nmain = \"src/index.ts\"\n"), ("src/index.ts", WORKER)]);
    let refused: &[(&[&str], &str)] = &[
        (&["--cpu-ms", "0"], "invalid --cpu-ms: limits.cpu_ms must be at least 1 (got 0)"),
        (&["--wall-ms", "0"], "invalid --wall-ms"),
        (&["--memory-mb", "1"], "invalid --memory-mb: limits.memory_mb must be at least 16 (got 1)"),
        (&["--memory-mb", "15"], "invalid --memory-mb"),
        (&["--max-body-mb", "0"], "invalid --max-body-mb"),
        (&["--max-isolates", "0"], "invalid --max-isolates: pool.max_isolates must be at least 1"),
        // Above the default maximum (the number of cores): the message says what to add.
        (&["--min-isolates", "1000"], "pass --max-isolates too"),
        (
            &["--min-isolates", "3", "--max-isolates", "2"],
            "invalid --max-isolates: pool.max_isolates must be at least min_isolates",
        ),
    ];
    for (flags, message) in refused {
        let mut args = vec!["dev", "--port", "0"];
        args.extend_from_slice(flags);
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(1), "{flags:?} is refused");
        assert!(stderr(&out).contains(message), "{flags:?}: {}", stderr(&out));
    }
    // The smallest values allowed are accepted: the server starts (`Dev::start` waits for "Ready").
    let dev =
        Dev::start(dir.path(), &["--cpu-ms", "1", "--memory-mb", "16", "--min-isolates", "2", "--max-isolates", "2"]);
    assert!(dev.output().contains("Ready on"), "{}", dev.output());
}
