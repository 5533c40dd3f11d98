//! Queues end to end: a wrangler project that sends to a queue and consumes
//! it under `worky dev` (batches by size and by time, retry delays, messages
//! that outlive a kill -9, a delivery cut off by one counted as a failed
//! attempt), and `worky serve` with one deployment sending and another
//! consuming. What the API answers is compared with miniflare's in
//! tests/workerd/queues.js.

mod common;

use std::time::Duration;

use common::*;

const WRANGLER_TOML: &str = r#"
name = "jobs"
main = "src/index.js"
compatibility_date = "2025-11-01"

[[kv_namespaces]]
binding = "SEEN"

[[queues.producers]]
binding = "JOBS"
queue = "jobs"

[[queues.producers]]
binding = "SLOW"
queue = "slow"

[[queues.consumers]]
queue = "jobs"
max_batch_size = 3
max_batch_timeout = 1

[[queues.consumers]]
queue = "slow"
max_batch_size = 1
max_batch_timeout = 0
"#;

/// `POST /send?n=N[&delay=S]` sends N messages `m0`..; `POST /slow` one the
/// consumer never finishes on its first delivery; `GET /seen` lists what the
/// consumer saw: `body attempts batch-size` each, and the times of the retries.
const WORKER: &str = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/send") {
      const n = Number(url.searchParams.get("n"));
      const delaySeconds = Number(url.searchParams.get("delay") ?? 0);
      const prefix = url.searchParams.get("prefix") ?? "m";
      const messages = Array.from({ length: n }, (_, i) => ({ body: `${prefix}${i}` }));
      await env.JOBS.sendBatch(messages, { delaySeconds });
      return new Response("sent");
    }
    if (url.pathname === "/slow") {
      await env.SLOW.send("hang", { contentType: "text" });
      return new Response("sent");
    }
    if (url.pathname === "/big") {
      const size = Number(url.searchParams.get("size"));
      try {
        await env.JOBS.send("x".repeat(size), { contentType: "text" });
        return new Response("sent");
      } catch (error) {
        return new Response(`${error.name}: ${error.message}`, { status: 400 });
      }
    }
    const listed = await env.SEEN.list();
    const lines = await Promise.all(listed.keys.map(async (key) => `${key.name} ${await env.SEEN.get(key.name)}`));
    return new Response(lines.sort().join("\n"));
  },
  async queue(batch, env) {
    for (const message of batch.messages) {
      const body = message.body.length > 20 ? `big${message.body.length}` : message.body;
      if (batch.queue === "slow" && message.attempts === 1) {
        await env.SEEN.put(`slow/${message.attempts}`, "started");
        await new Promise(() => {});
      }
      if (body === "retry" && message.attempts === 1) {
        await env.SEEN.put(`retry/1`, String(Date.now()));
        message.retry({ delaySeconds: 2 });
        continue;
      }
      const value = body === "retry" ? String(Date.now()) : `${message.attempts} ${batch.messages.length}`;
      await env.SEEN.put(`${batch.queue}/${body}/${message.attempts}`, value);
    }
  },
};
"#;

fn lines(reply: &Reply) -> Vec<String> {
    reply.body.lines().map(str::to_string).filter(|line| !line.is_empty()).collect()
}

#[test]
fn dev_delivers_batches_by_size_and_by_time() {
    let dir = project(&[("wrangler.toml", WRANGLER_TOML), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.output().contains("env.JOBS") && dev.output().contains("sends to jobs"), "{}", dev.output());
    assert!(dev.output().contains("Consumes queue jobs: batches of up to 3 within 1 s"), "{}", dev.output());
    assert_eq!(dev.post("/send?n=7", "").body, "sent");
    let seen = dev.wait_until("/seen", Duration::from_secs(10), |reply| lines(reply).len() == 7);
    // Two full batches at once, then the last message alone once it waited 1 s.
    let sizes: Vec<String> = lines(&seen).iter().map(|line| line.rsplit(' ').next().unwrap().to_string()).collect();
    assert_eq!(sizes.iter().filter(|size| *size == "3").count(), 6, "{seen:?}");
    assert_eq!(sizes.iter().filter(|size| *size == "1").count(), 1, "{seen:?}");
    assert!(lines(&seen).iter().all(|line| line.contains("/1 1 ")), "first attempts: {seen:?}");
    assert!(dev.wait_for_output("QUEUE   jobs 3/3", Duration::from_secs(5)), "{}", dev.output());
    assert!(dev.output().contains("QUEUE   jobs 1/1"), "{}", dev.output());

    // A message of 128,000 bytes is taken, one byte more is refused with Cloudflare's words.
    assert_eq!(dev.post("/big?size=128000", "").body, "sent");
    let refused = dev.post("/big?size=128001", "");
    assert_eq!(refused.status, 400);
    assert_eq!(refused.body, "Error: Queue send failed: message length of 128001 bytes exceeds limit of 128000");
    dev.wait_until("/seen", Duration::from_secs(10), |reply| reply.body.contains("jobs/big128000/1"));
    assert!(!dev.get("/seen").body.contains("big128001"));
    let sent = send(client().post(format!("{}/send?n=0", dev.url)));
    assert_eq!(sent.status, 500, "sendBatch of nothing is refused: {}", sent.body);
}

#[test]
fn a_retry_waits_its_delay() {
    let worker = WORKER.replace("prefix}${i}`", "prefix}`");
    let dir = project(&[("wrangler.toml", WRANGLER_TOML), ("src/index.js", &worker)]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.post("/send?n=1&prefix=retry", "").body, "sent");
    let seen = dev.wait_until("/seen", Duration::from_secs(15), |reply| reply.body.contains("jobs/retry/2"));
    let time = |prefix: &str| -> u64 {
        let line = lines(&seen).into_iter().find(|line| line.starts_with(prefix)).unwrap();
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    let waited = time("jobs/retry/2") - time("retry/1");
    assert!(waited >= 1900, "retry({{ delaySeconds: 2 }}) came back after {waited} ms");
}

#[test]
fn messages_outlive_a_kill_and_a_cut_off_delivery_counts_as_an_attempt() {
    let dir = project(&[("wrangler.toml", WRANGLER_TOML), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    // Not due for 3 s: still waiting when the process is killed.
    assert_eq!(dev.post("/send?n=2&delay=3&prefix=late", "").body, "sent");
    // Leased to a delivery that never finishes when the process is killed.
    assert_eq!(dev.post("/slow", "").body, "sent");
    dev.wait_until("/seen", Duration::from_secs(10), |reply| reply.body.contains("slow/1 started"));
    assert!(!dev.get("/seen").body.contains("late"), "the delayed messages wait");
    dev.kill9();

    let dev = Dev::start(dir.path(), &[]);
    let seen = dev.wait_until("/seen", Duration::from_secs(15), |reply| {
        reply.body.contains("jobs/late0/1") && reply.body.contains("jobs/late1/1") && reply.body.contains("slow/hang/2")
    });
    assert!(seen.body.contains("slow/hang/2 2 1"), "delivered again as its second attempt: {}", seen.body);
    assert!(dev.output().contains("were being delivered when worky last stopped"), "{}", dev.output());
}

const PRODUCER: &str = "export default { async fetch(request, env) {\n  \
                        await env.ORDERS.send({ item: new URL(request.url).pathname.slice(1) });\n  \
                        return new Response('queued');\n} };\n";

const CONSUMER: &str = "export default {\n  \
                        async fetch(request, env) { return new Response((await env.DONE.list()).keys.map((k) => k.name).join(',')); },\n  \
                        async queue(batch, env) {\n    \
                        for (const message of batch.messages) await env.DONE.put(`${batch.queue}:${message.body.item}`, '1');\n  \
                        },\n};\n";

/// Packs `shop`, which sends to the queue `orders`, and each of `consumers`,
/// which consume it into their KV namespace `DONE`.
fn pack_shop_and_consumers(publisher: &Publisher, packages: &std::path::Path, consumers: &[&str]) {
    let producer =
        "compatibility_date = \"2025-11-01\"\n[[queues.producers]]\nbinding = \"ORDERS\"\nqueue = \"orders\"\n";
    pack_worker(publisher, packages, "shop", "1.0.0", producer, PRODUCER);
    let consumer = "compatibility_date = \"2025-11-01\"\n[[kv_namespaces]]\nbinding = \"DONE\"\n\
                    [[queues.consumers]]\nqueue = \"orders\"\nmax_batch_timeout = 0\n";
    for name in consumers {
        pack_worker(publisher, packages, name, "1.0.0", consumer, CONSUMER);
    }
}

#[test]
fn serve_delivers_one_deployments_messages_to_another() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    pack_shop_and_consumers(&publisher, packages.path(), &["fulfil", "rival"]);
    let host = tempfile::tempdir().unwrap();
    let deployments = [
        deployment("shop", "1.0.0", "shop.test"),
        deployment("fulfil", "1.0.0", "fulfil.test"),
        deployment("rival", "1.0.0", "rival.test"),
    ]
    .concat();
    let extra = format!("metrics_listen = \"127.0.0.1:0\"\n{deployments}");
    let config = serve_toml(host.path(), packages.path(), &publisher, &extra);
    let serve = Serve::start(&config);
    assert_eq!(serve.get("/book", Some("shop.test")).body, "queued");
    assert_eq!(serve.get("/pen", Some("shop.test")).body, "queued");
    // Whichever of the two consumers started first has the queue; the other none of it.
    let done = |host: &str| serve.get("/", Some(host)).body;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while done("fulfil.test").split(',').count() + done("rival.test").split(',').count() < 3 {
        assert!(std::time::Instant::now() < deadline, "not delivered: {}", serve.log());
        std::thread::sleep(Duration::from_millis(100));
    }
    let (winner, loser) = if done("fulfil.test").is_empty() { ("rival", "fulfil") } else { ("fulfil", "rival") };
    assert_eq!(done(&format!("{winner}.test")), "orders:book,orders:pen");
    assert_eq!(done(&format!("{loser}.test")), "", "a queue has one consumer");
    let log = serve.log().replace("\\\"", "\"");
    assert!(log.contains(&format!("{loser}: queue \"orders\" is consumed by {winner} already")), "{log}");
    assert!(host.path().join(".worky/serve-state/queues/orders.sqlite").is_file());
    let metrics = send(client().get(metrics_url(&serve.log()))).body;
    assert!(
        metrics.contains(&format!(
            "worky_queue_messages_total{{deployment=\"{winner}\",queue=\"orders\",outcome=\"acked\"}} 2"
        )),
        "{}",
        metrics.lines().filter(|line| line.contains("queue")).collect::<Vec<_>>().join("\n")
    );
}

/// With `[host] worker_processes`, a deployment in one process sends and one in
/// another consumes: the queue's file is the host's, and the consumer finds
/// what another process sent without being woken.
#[test]
fn serve_delivers_across_worker_processes() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    pack_shop_and_consumers(&publisher, packages.path(), &["fulfil"]);
    let host = tempfile::tempdir().unwrap();
    // Every other deployment to each process: shop to the first, fulfil to the second.
    let deployments = [deployment("shop", "1.0.0", "shop.test"), deployment("fulfil", "1.0.0", "fulfil.test")].concat();
    let extra = format!("[host]\nworker_processes = 2\n{deployments}");
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    assert_eq!(serve.get("/lamp", Some("shop.test")).body, "queued");
    let done = serve.wait_until("/", Some("fulfil.test"), Duration::from_secs(10), |reply| !reply.body.is_empty());
    assert_eq!(done.body, "orders:lamp");
}

/// The service-worker syntax: `addEventListener("queue", ...)` gets the batch
/// as the event (`event.messages`, `event.ackAll()`), and the bindings and vars
/// are globals, as on workerd.
#[test]
fn a_queue_event_listener_gets_the_batch() {
    let worker = r#"
addEventListener("fetch", (event) => {
  event.respondWith((async () => {
    if (new URL(event.request.url).pathname === "/send") {
      await JOBS.send("hello");
      return new Response("sent");
    }
    return new Response(((await SEEN.get("seen")) ?? "") + (GREETING === "hi" ? "" : " (no GREETING)"));
  })());
});
addEventListener("queue", (event) => {
  event.waitUntil(SEEN.put("seen", `${event.queue} ${event.messages.map((m) => m.body).join(",")}`));
  event.ackAll();
});
"#;
    let toml = "name = \"sw\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-11-01\"\n\
                [[kv_namespaces]]\nbinding = \"SEEN\"\n[[queues.producers]]\nbinding = \"JOBS\"\nqueue = \"jobs\"\n\
                [[queues.consumers]]\nqueue = \"jobs\"\nmax_batch_timeout = 0\n[vars]\nGREETING = \"hi\"\n";
    let dir = project(&[("worky.toml", toml), ("src/index.js", worker)]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/send").body, "sent");
    let seen = dev.wait_until("/", Duration::from_secs(10), |reply| !reply.body.is_empty());
    assert_eq!(seen.body, "jobs hello");
    assert!(dev.wait_for_output("QUEUE   jobs 1/1", Duration::from_secs(5)), "{}", dev.output());
}
