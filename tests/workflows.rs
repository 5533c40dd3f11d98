//! Workflows end to end: a wrangler project with a `[[workflows]]` binding
//! under `worky dev` (an instance sleeps through a kill -9 and goes on with its
//! steps done not run again; a run cut off mid-step by one runs that step
//! again), and `worky serve`, where an instance that started on one version
//! finishes on the next. What the API answers is compared with miniflare's in
//! tests/workerd/workflows.js.

mod common;

use std::time::Duration;

use common::*;

const WRANGLER_TOML: &str = r#"
name = "shop"
main = "src/index.js"
compatibility_date = "2025-11-01"

[vars]
VERSION = "one"

[[kv_namespaces]]
binding = "LOG"

[[workflows]]
binding = "ORDERS"
name = "orders"
class_name = "Order"
"#;

/// `/create?id=&item=&sleep=` starts an order; `/status?id=` answers its
/// status; `/count?key=` how often a step's side effect ran. The step "charge"
/// counts its runs in KV; "pack" hangs on its first attempt when the item is
/// "hang" (until the process is killed).
const WORKER: &str = r#"
import { WorkflowEntrypoint } from "cloudflare:workers";

export class Order extends WorkflowEntrypoint {
  async run(event, step) {
    const { item, sleep } = event.payload;
    const charged = await step.do("charge", async () => {
      const key = `charge:${event.instanceId}`;
      await this.env.LOG.put(key, String(Number((await this.env.LOG.get(key)) ?? 0) + 1));
      return { item, by: this.env.VERSION };
    });
    const packed = await step.do("pack", async (ctx) => {
      if (item === "hang" && ctx.attempt === 1) {
        await this.env.LOG.put(`hung:${event.instanceId}`, "1");
        await new Promise(() => {});
      }
      return `packed on attempt ${ctx.attempt}`;
    });
    await step.sleep("wait for the van", sleep);
    const shipped = await step.do("ship", async () => `shipped by ${this.env.VERSION}`);
    return { charged, packed, shipped };
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const id = url.searchParams.get("id");
    if (url.pathname === "/create") {
      const params = { item: url.searchParams.get("item"), sleep: Number(url.searchParams.get("sleep")) };
      return new Response((await env.ORDERS.create({ id, params })).id);
    }
    if (url.pathname === "/status") return Response.json(await (await env.ORDERS.get(id)).status());
    return new Response((await env.LOG.get(url.searchParams.get("key"))) ?? "0");
  },
};
"#;

fn status(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("not a status: {}", reply.body))
}

fn is(reply: &Reply, wanted: &str) -> bool {
    reply.status == 200 && status(reply)["status"] == wanted
}

#[test]
fn an_instance_goes_on_after_a_kill_without_running_its_done_steps_again() {
    let dir = project(&[("wrangler.toml", WRANGLER_TOML), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.output().contains("env.ORDERS") && dev.output().contains("workflow orders, class Order"));
    // One sleeps through the kill; the other is cut off in the middle of "pack".
    assert_eq!(dev.get("/create?id=sleeper&item=book&sleep=3000").body, "sleeper");
    assert_eq!(dev.get("/create?id=hanger&item=hang&sleep=0").body, "hanger");
    dev.wait_until("/count?key=hung:hanger", Duration::from_secs(10), |reply| reply.body == "1");
    dev.wait_until("/count?key=charge:sleeper", Duration::from_secs(10), |reply| reply.body == "1");
    assert!(is(&dev.get("/status?id=sleeper"), "running"));
    assert!(dev.wait_for_output("FLOW    orders sleeper waiting", Duration::from_secs(5)), "{}", dev.output());
    dev.kill9();

    let dev = Dev::start(dir.path(), &[]);
    let done = dev.wait_until("/status?id=sleeper", Duration::from_secs(15), |reply| is(reply, "complete"));
    let output = &status(&done)["output"];
    assert_eq!(output["charged"], serde_json::json!({ "item": "book", "by": "one" }));
    assert_eq!(output["packed"], "packed on attempt 1");
    assert_eq!(output["shipped"], "shipped by one");
    assert_eq!(dev.get("/count?key=charge:sleeper").body, "1", "a step done is not run again");

    let done = dev.wait_until("/status?id=hanger", Duration::from_secs(15), |reply| is(reply, "complete"));
    assert_eq!(status(&done)["output"]["packed"], "packed on attempt 2", "the cut-off attempt counts");
    assert_eq!(dev.get("/count?key=charge:hanger").body, "1");
    assert!(dev.output().contains("were running when worky last stopped"), "{}", dev.output());
    assert!(dev.output().contains("FLOW    orders hanger complete"), "{}", dev.output());
    assert!(dir.path().join(".worky/state/workflows/orders.sqlite").is_file());
}

#[test]
fn an_instance_started_on_one_version_finishes_on_the_next() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let toml = |version: &str| {
        WRANGLER_TOML.replace("name = \"shop\"\nmain = \"src/index.js\"\n", "").replace("\"one\"", version)
    };
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", &toml("\"one\""), WORKER);
    pack_worker(&publisher, packages.path(), "shop", "1.0.1", &toml("\"two\""), WORKER);
    let host = tempfile::tempdir().unwrap();
    let extra = format!("metrics_listen = \"127.0.0.1:0\"\n{}", deployment("shop", "1.0.0", "shop.test"));
    let config = serve_toml(host.path(), packages.path(), &publisher, &extra);
    let serve = Serve::start(&config);
    assert_eq!(serve.get("/create?id=o1&item=pen&sleep=2000", Some("shop.test")).body, "o1");
    serve.wait_until("/count?key=charge:o1", Some("shop.test"), Duration::from_secs(10), |reply| reply.body == "1");
    assert_eq!(switch_version(&serve, "shop", "1.0.1"), 200);
    let done = serve.wait_until("/status?id=o1", Some("shop.test"), Duration::from_secs(15), |r| is(r, "complete"));
    let output = &status(&done)["output"];
    assert_eq!(output["charged"]["by"], "one", "the step done on 1.0.0 keeps its result");
    assert_eq!(output["shipped"], "shipped by two", "the steps after the sleep ran on 1.0.1");
    assert_eq!(serve.get("/count?key=charge:o1", Some("shop.test")).body, "1");
    let log = serve.log().replace("\\\"", "\"");
    assert!(log.contains("shop: workflow \"orders\" instance o1 complete"), "{log}");
    assert!(host.path().join(".worky/serve-state/shop/workflows/orders.sqlite").is_file());
    let metrics = send(client().get(metrics_url(&serve.log()))).body;
    let runs = |outcome: &str| {
        format!("worky_workflow_runs_total{{deployment=\"shop\",workflow=\"orders\",outcome=\"{outcome}\"}}")
    };
    assert!(metrics.contains(&format!("{} 1", runs("waiting"))), "{metrics}");
    assert!(metrics.contains(&format!("{} 1", runs("complete"))), "{metrics}");
}

/// A deployment that starts and reads instances of another deployment's
/// workflow (`script_name`): that deployment runs them and keeps them.
#[test]
fn a_worker_starts_the_instances_of_another_workers_workflow() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let owner = WRANGLER_TOML.replace("name = \"shop\"\nmain = \"src/index.js\"\n", "");
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", &owner, WORKER);
    let front = "compatibility_date = \"2025-11-01\"\n[[kv_namespaces]]\nbinding = \"LOG\"\n[[workflows]]\n\
                 binding = \"ORDERS\"\nname = \"orders\"\nclass_name = \"Order\"\nscript_name = \"shop\"\n\
                 [[workflows]]\nbinding = \"GONE\"\nname = \"gone\"\nclass_name = \"Gone\"\nscript_name = \"nowhere\"\n";
    let front_worker =
        WORKER.replace("env.ORDERS.create", "(url.searchParams.has(\"gone\") ? env.GONE : env.ORDERS).create");
    pack_worker(&publisher, packages.path(), "front", "1.0.0", front, &front_worker);
    let host = tempfile::tempdir().unwrap();
    let deployments = [deployment("shop", "1.0.0", "shop.test"), deployment("front", "1.0.0", "front.test")].concat();
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployments));
    assert_eq!(serve.get("/create?id=via-front&item=lamp&sleep=0", Some("front.test")).body, "via-front");
    let done =
        serve.wait_until("/status?id=via-front", Some("front.test"), Duration::from_secs(15), |r| is(r, "complete"));
    assert_eq!(status(&done)["output"]["charged"], serde_json::json!({ "item": "lamp", "by": "one" }), "run by shop");
    assert!(is(&serve.get("/status?id=via-front", Some("shop.test")), "complete"), "the instance is shop's");
    assert!(host.path().join(".worky/serve-state/shop/workflows/orders.sqlite").is_file());
    assert!(!host.path().join(".worky/serve-state/front/workflows").exists());
    let gone = serve.get("/create?id=x&gone", Some("front.test"));
    assert_eq!(gone.status, 500);
    // The log comes through a pipe, shortly after the answer.
    let log = serve.log_with(&["cannot be reached"]).replace("\\\"", "\"");
    assert!(log.contains("the workflow \"gone\" of worker \"nowhere\" cannot be reached"), "{log}");
}

const LIMITS_TOML: &str = r#"
name = "limits"
main = "src/index.js"
compatibility_date = "2025-11-01"

[[workflows]]
binding = "LIMITS"
name = "limits"
class_name = "Limits"
limits = { steps = 3 }
"#;

/// `/run?kind=steps&n=N` runs N steps; `/run?kind=size&n=N` one step whose
/// result is a string of N bytes. Answers the instance's id.
const LIMITS_WORKER: &str = r#"
import { WorkflowEntrypoint } from "cloudflare:workers";

export class Limits extends WorkflowEntrypoint {
  async run(event, step) {
    const { kind, n } = event.payload;
    if (kind === "steps") {
      for (let i = 0; i < n; i++) await step.do(`step ${i}`, async () => i);
      return `ran ${n}`;
    }
    const result = await step.do("big", { retries: { limit: 0, delay: 0 } }, async () => "x".repeat(n));
    return result.length;
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/run") {
      const params = { kind: url.searchParams.get("kind"), n: Number(url.searchParams.get("n")) };
      return new Response((await env.LIMITS.create({ params })).id);
    }
    return Response.json(await (await env.LIMITS.get(url.searchParams.get("id"))).status());
  },
};
"#;

/// The bytes a string result of this length serializes to are 1 MiB: the
/// engine's format adds 21 bytes (its header, the string's tag and length).
const LONGEST_RESULT: usize = 1024 * 1024 - 21;

#[test]
fn limits_on_steps_and_step_results_hold_at_their_edges() {
    let dir = project(&[("wrangler.toml", LIMITS_TOML), ("src/index.js", LIMITS_WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    let ended = |query: &str| {
        let id = dev.get(&format!("/run?{query}")).body;
        let done = |reply: &Reply| {
            reply.status == 200 && ["complete", "errored"].contains(&status(reply)["status"].as_str().unwrap())
        };
        status(&dev.wait_until(&format!("/status?id={id}"), Duration::from_secs(15), done))
    };
    assert_eq!(ended("kind=steps&n=3")["output"], "ran 3");
    let over = ended("kind=steps&n=4");
    assert_eq!(over["status"], "errored", "{over}");
    assert_eq!(
        over["error"]["message"],
        "WorkflowFatalError: The limit of 3 steps has been reached. This limit can be changed in your worker configuration."
    );
    assert_eq!(ended(&format!("kind=size&n={LONGEST_RESULT}"))["output"], LONGEST_RESULT);
    let over = ended(&format!("kind=size&n={}", LONGEST_RESULT + 1));
    assert_eq!(over["status"], "errored", "{over}");
    assert_eq!(
        over["error"]["message"],
        "WorkflowInternalError: Step big-1 output is too large. Maximum allowed size is 1MiB."
    );
}

/// `worky workflows instances`: what a running `worky dev` has, listed and
/// described from the project's state, and changed under it.
#[test]
fn the_cli_lists_describes_and_controls_local_instances() {
    let dir = project(&[("wrangler.toml", WRANGLER_TOML), ("src/index.js", WORKER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/create?id=napper&item=rug&sleep=600000").body, "napper");
    dev.wait_until("/count?key=charge:napper", Duration::from_secs(10), |reply| reply.body == "1");
    assert!(dev.wait_for_output("FLOW    orders napper waiting", Duration::from_secs(5)), "{}", dev.output());
    let cli = |args: &[&str]| {
        let mut all = vec!["workflows", "instances"];
        all.extend_from_slice(args);
        run(dir.path(), &all)
    };
    let listed = cli(&["list", "orders"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(listed.lines().any(|line| line.starts_with("napper") && line.contains("running")), "{listed}");
    let described = String::from_utf8_lossy(&cli(&["describe", "orders", "napper"]).stdout).to_string();
    assert!(described.contains("do:charge:1") && described.contains("done"), "{described}");
    assert!(described.contains("sleep:wait for the van:1") && described.contains("until"), "{described}");

    assert!(cli(&["pause", "orders", "napper"]).status.success());
    assert!(is(&dev.get("/status?id=napper"), "paused"));
    assert!(cli(&["resume", "orders", "napper"]).status.success());
    dev.wait_until("/status?id=napper", Duration::from_secs(5), |reply| is(reply, "running"));
    assert!(cli(&["terminate", "orders", "napper"]).status.success());
    assert!(is(&dev.get("/status?id=napper"), "terminated"));
    let again = cli(&["terminate", "orders", "napper"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("Cannot terminate instance since its on a finite state"), "{}", stderr(&again));
    let unknown = cli(&["list", "invoices"]);
    assert!(
        stderr(&unknown).contains("no workflow named \"invoices\" (its [[workflows]]: orders)"),
        "{}",
        stderr(&unknown)
    );
}
