//! Service bindings: `[[services]]` gives `env.NAME` a Fetcher to another
//! worker of the host, without a network hop: in `worky serve`, the deployment
//! of that name (the version it runs now); in `worky dev`, the worker itself.
//! A call carries the body both ways, counts as a subrequest, and a worker that
//! calls itself forever is stopped at the loop limit.

mod common;

use std::time::Duration;

use common::*;

const APP: &str = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/loop") return env.SELF.fetch(request);
    const answer = await env.AUTH.fetch("https://auth.internal/check?user=ada", { method: "POST", body: "token-1" });
    return new Response(`${answer.status} ${answer.headers.get("x-auth")} ${await answer.text()}`);
  },
};
"#;

const AUTH: &str = r#"
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const seen = [...request.headers.keys()].filter((name) => name.startsWith("x-worky")).join(",");
    return new Response(`${url.searchParams.get("user")} sent ${await request.text()} [${seen}]`, {
      status: 201,
      headers: { "x-auth": "ok" },
    });
  },
};
"#;

#[test]
fn serve_reaches_other_deployments_by_name() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let services =
        "[[services]]\nbinding = \"AUTH\"\nservice = \"auth\"\n[[services]]\nbinding = \"SELF\"\nservice = \"app\"\n";
    pack_worker(&publisher, packages.path(), "app", "1.0.0", services, APP);
    pack_worker(&publisher, packages.path(), "auth", "1.0.0", "", AUTH);
    let host = tempfile::tempdir().unwrap();
    let deployments = format!("{}{}", deployment("app", "1.0.0", "app.test"), deployment("auth", "1.0.0", "auth.test"));
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployments));
    // The call's body arrives, the answer's status, headers and body come back; the loop count stays hidden.
    assert_eq!(serve.get("/", Some("app.test")).body, "201 ok ada sent token-1 []");
    let looped = serve.get("/loop", Some("app.test"));
    assert_eq!(looped.status, 500, "{}", looped.body);
    assert!(serve.log_with(&["Subrequest depth limit exceeded"]).contains("passed through workers 16 times"));
}

#[test]
fn dev_reaches_the_worker_itself_and_names_what_it_cannot() {
    let toml = "name = \"app\"\nmain = \"src/index.js\"\n[[services]]\nbinding = \"SELF\"\nservice = \"app\"\n\
                [[services]]\nbinding = \"AUTH\"\nservice = \"auth\"\n";
    let worker = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/inner") return new Response("inner " + request.method + " " + await request.text());
    if (url.pathname === "/auth") {
      try { await env.AUTH.fetch("http://auth/"); } catch (error) { return new Response(String(error.message)); }
    }
    const answer = await env.SELF.fetch(new URL("/inner", request.url), { method: "PUT", body: "x".repeat(70000) });
    return new Response((await answer.text()).length + " " + String(env.SELF));
  },
};
"#;
    let dir = project(&[("worky.toml", toml), ("src/index.js", worker)]);
    let dev = Dev::start(dir.path(), &[]);
    // Over the 64 KiB inline limit both ways.
    assert_eq!(dev.get("/").body, format!("{} [object Fetcher]", "inner PUT ".len() + 70000));
    let said = dev.get("/auth").body;
    assert!(said.contains("no worker named \"auth\" runs here: worky dev runs one worker, \"app\""), "{said}");
    assert!(dev.output().contains("env.AUTH") && dev.output().contains("worker auth"), "{}", dev.output());
}

#[test]
fn service_config_errors_say_what_worky_lacks() {
    let service = "name = \"app\"\nmain = \"src/index.js\"\n[[services]]\nbinding = \"AUTH\"\nservice = \"auth\"\n";
    let worker = "export default { fetch() { return new Response('') } }";
    let dir =
        project(&[("wrangler.toml", &format!("{service}entrypoint = \"Admin-API\"\n")), ("src/index.js", worker)]);
    let said = stderr(&run(dir.path(), &["build"]));
    assert!(said.contains("wrangler.toml:6:14") && said.contains("is not the name of an export"), "{said}");
    let dir = project(&[("wrangler.toml", &format!("{service}environment = \"staging\"\n")), ("src/index.js", worker)]);
    let said = stderr(&run(dir.path(), &["build"]));
    assert!(said.contains("wrangler.toml:6:15") && said.contains("worky has no service environments"), "{said}");
}

const BILLING: &str = r#"
import { WorkerEntrypoint } from "cloudflare:workers";

export class Invoices extends WorkerEntrypoint {
  total(items) {
    return items.reduce((sum, item) => sum + item.price, 0) * this.env.RATE;
  }
  refuse() {
    throw new RangeError("no refunds");
  }
  async fetch(request) {
    return new Response(`invoices ${new URL(request.url).pathname}`);
  }
}

export default {
  fetch() {
    return new Response("billing");
  },
};
"#;

const SHOP: &str = r#"
export default {
  async fetch(request, env) {
    const total = await env.INVOICES.total([{ price: 2 }, { price: 3 }]);
    const refused = await env.INVOICES.refuse().catch((error) => `${error.name}: ${error.message}`);
    const fetched = await (await env.INVOICES.fetch("http://billing/list")).text();
    const missing = await env.GONE.total([]).catch((error) => error.message);
    return new Response([total, refused, fetched, missing].join(" | "));
  },
};
"#;

/// JS RPC between deployments: a WorkerEntrypoint's methods called with
/// structured-cloned arguments, with the callee's `env`, its errors thrown in
/// the caller, its `fetch` through the named entrypoint; an entrypoint the
/// callee does not export is an error naming it.
#[test]
fn serve_calls_another_deployments_entrypoint_methods() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let services = "compatibility_date = \"2025-05-01\"\n[[services]]\nbinding = \"INVOICES\"\nservice = \"billing\"\n\
                    entrypoint = \"Invoices\"\n[[services]]\nbinding = \"GONE\"\nservice = \"billing\"\n\
                    entrypoint = \"Receipts\"\n";
    pack_worker(&publisher, packages.path(), "shop", "1.0.0", services, SHOP);
    let billing = "compatibility_date = \"2025-05-01\"\n[vars]\nRATE = 10\n";
    pack_worker(&publisher, packages.path(), "billing", "1.0.0", billing, BILLING);
    let host = tempfile::tempdir().unwrap();
    let deployments =
        format!("{}{}", deployment("shop", "1.0.0", "shop.test"), deployment("billing", "1.0.0", "billing.test"));
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployments));
    let answer = serve.get("/", Some("shop.test"));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body, "50 | RangeError: no refunds | invoices /list | Worker has no such entrypoint: Receipts");
}

const LEDGER: &str = r#"
import { WorkerEntrypoint, RpcTarget } from "cloudflare:workers";

const accounts = [];

class Account extends RpcTarget {
  #balance;
  constructor(balance) {
    super();
    this.#balance = balance;
  }
  deposit(amount) {
    this.#balance += amount;
    return this.#balance;
  }
  spin() {
    for (;;) {}
  }
}

// Counts the Accounts still alive in this isolate: one lent out is kept
// until every stub to it is gone.
class Probe extends RpcTarget {
  live() {
    return accounts.filter((ref) => ref.deref() !== undefined).length;
  }
}

export class Ledger extends WorkerEntrypoint {
  open(balance) {
    const account = new Account(balance);
    accounts.push(new WeakRef(account));
    return [account, new Probe()];
  }
  async each(items, visit) {
    const out = [];
    for (const item of items) out.push(await visit(item));
    return out;
  }
  adder(base) {
    return (x) => base + x;
  }
  // A service binding of the caller's, passed in: called through the caller.
  async via(service) {
    return `${Object.prototype.toString.call(service)} ${await (await service.adder(1))(2)}`;
  }
}

export default { fetch: () => new Response("ledger") };
"#;

const TILL: &str = r#"
export default {
  async fetch(request, env) {
    const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const [account, probe] = await env.LEDGER.open(5);
    const deposited = [await account.deposit(10), await env.LEDGER.open(1)[0].deposit(1)];
    const visited = await env.LEDGER.each([1, 2, 3], async (x) => `${x * 2}@till`);
    const add = await env.LEDGER.adder(100);
    const added = `${await add(1)} ${await env.LEDGER.via(env.LEDGER)}`;
    // Also counts the Account of the pipelined call, collected (or not yet) here.
    const before = (await probe.live()) >= 1;
    account[Symbol.dispose]();
    let after = before;
    for (let i = 0; i < 100 && after > 0; i++) {
      await wait(10);
      after = await probe.live();
    }
    const disposed = await account.deposit(1).catch((error) => error.message);
    const [doomed] = await env.LEDGER.open(0);
    const spun = await doomed.spin().catch((error) => error.message);
    const gone = await probe.live().catch((error) => error.message);
    return new Response([deposited, visited, added, `${before} -> ${after}`, disposed, spun, gone].join(" | "));
  },
};
"#;

/// JS RPC passes what workerd passes by reference between deployments: an
/// RpcTarget returned (its methods run where it lives, and it is let go once
/// the caller disposes its stub), a callback the callee calls back across,
/// a function returned, a pipelined call, the caller's own service binding;
/// a stub whose isolate was stopped (a CPU limit) says so.
#[test]
fn serve_passes_rpc_targets_and_callbacks_between_deployments() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let till = "compatibility_date = \"2025-05-01\"\n[[services]]\nbinding = \"LEDGER\"\nservice = \"ledger\"\n\
                entrypoint = \"Ledger\"\n";
    pack_worker(&publisher, packages.path(), "till", "1.0.0", till, TILL);
    let ledger = "compatibility_date = \"2025-05-01\"\n[limits]\ncpu_ms = 200\n";
    pack_worker(&publisher, packages.path(), "ledger", "1.0.0", ledger, LEDGER);
    // In one process, and with the two deployments in two worker processes.
    for processes in [0, 2] {
        let deployments = [("till", "till.test"), ("ledger", "ledger.test")];
        let (_host, serve) = serve_in_processes(&publisher, packages.path(), processes, &deployments);
        let answer = serve.get("/", Some("till.test"));
        assert_eq!(answer.status, 200, "{processes} processes: {}", answer.body);
        let parts: Vec<&str> = answer.body.split(" | ").collect();
        assert_eq!(
            parts[..5],
            [
                "15,2",
                "2@till,4@till,6@till",
                "101 [object Fetcher] 3",
                "true -> 0",
                "RPC stub used after being disposed."
            ],
            "{processes} processes"
        );
        assert!(parts[5].contains("CPU"), "{processes} processes: {}", answer.body);
        assert!(parts[6].contains("The RPC stub's object is gone"), "{processes} processes: {}", answer.body);
    }
}

/// An isolate holds at most 100,000 stubs (each keeps an object alive in the
/// isolate that lent it): the 100,000th works, the one past the bound throws
/// an error that says what to do, and a disposed stub makes room again.
#[test]
fn an_isolate_holds_at_most_100000_stubs() {
    let toml = "name = \"app\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-05-01\"\n\
                [[services]]\nbinding = \"API\"\nservice = \"app\"\nentrypoint = \"Api\"\n";
    let worker = r#"
import { WorkerEntrypoint } from "cloudflare:workers";
export class Api extends WorkerEntrypoint {
  many(n) {
    return Array.from({ length: n }, (_, i) => () => i);
  }
}
export default {
  async fetch(request, env) {
    const fns = await env.API.many(100001);
    const last = await fns[99999]();
    const over = await fns[100000]().catch((error) => error.message);
    fns[0][Symbol.dispose]();
    const dup = await fns[1].dup()();
    return new Response([fns.length, last, over, dup].join(" | "));
  },
};
"#;
    let dir = project(&[("worky.toml", toml), ("src/index.js", worker)]);
    let dev = Dev::start(dir.path(), &[]);
    let answer = dev.get("/");
    assert_eq!(answer.status, 200, "{}", answer.body);
    let parts: Vec<&str> = answer.body.split(" | ").collect();
    assert_eq!(parts[..2], ["100001", "99999"], "{}", answer.body);
    assert!(parts[2].starts_with("This isolate holds too many RPC stubs (100000)"), "{}", answer.body);
    assert_eq!(parts[3], "1");
}

const PRINTER: &str = r#"
import { WorkerEntrypoint, RpcTarget } from "cloudflare:workers";

class Watch extends RpcTarget {
  constructor(state) {
    super();
    this.state = state;
  }
  cancelled() {
    return this.state.cancelled;
  }
}

export class Printer extends WorkerEntrypoint {
  // A body of `size` bytes made 16 KiB at a time, chunk i all of letter i % 26.
  report(size) {
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent >= size) return controller.close();
        const n = Math.min(16384, size - sent);
        controller.enqueue(new Uint8Array(n).fill(97 + ((sent / 16384) % 26)));
        sent += n;
      },
    });
    return new Response(body, { status: 202, headers: { "x-size": String(size) } });
  }
  endless() {
    const state = { cancelled: false };
    const stream = new ReadableStream({
      pull(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]));
      },
      cancel() {
        state.cancelled = true;
      },
    });
    return [stream, new Watch(state)];
  }
  async digest(request) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    let sum = 0;
    for (const byte of bytes) sum = (sum + byte) % 65521;
    return `${request.method} ${request.headers.get("x-from")} ${bytes.length} ${sum}`;
  }
}

export default { fetch: () => new Response("printer") };
"#;

const DESK: &str = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/report") return await env.PRINTER.report(Number(url.searchParams.get("size")));
    if (url.pathname === "/upload") {
      return new Response(await env.PRINTER.digest(new Request("http://printer/", { method: "PUT", headers: { "x-from": "desk" }, body: request.body })));
    }
    const [stream, watch] = await env.PRINTER.endless();
    const reader = stream.getReader();
    const read = [(await reader.read()).value.length, (await reader.read()).value.length];
    await reader.cancel("enough");
    let cancelled = false;
    for (let i = 0; i < 100 && !cancelled; i++) {
      cancelled = await watch.cancelled();
      if (!cancelled) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return new Response(`${read} ${cancelled}`);
  },
};
"#;

/// Bodies and streams cross JS RPC as on workerd, pulled chunk by chunk: a
/// Response another deployment made, returned straight to the client (empty,
/// and one byte over 1 MiB); a client's upload passed on inside a Request; a
/// stream the reader cancels, which cancels it where it was made.
#[test]
fn serve_streams_bodies_over_rpc_between_deployments() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let desk = "compatibility_date = \"2025-05-01\"\n[[services]]\nbinding = \"PRINTER\"\nservice = \"printer\"\n\
                entrypoint = \"Printer\"\n";
    pack_worker(&publisher, packages.path(), "desk", "1.0.0", desk, DESK);
    pack_worker(&publisher, packages.path(), "printer", "1.0.0", "compatibility_date = \"2025-05-01\"\n", PRINTER);
    // In one process, and with the two deployments in two worker processes.
    for processes in [0, 2] {
        let deployments = [("desk", "desk.test"), ("printer", "printer.test")];
        let (_host, serve) = serve_in_processes(&publisher, packages.path(), processes, &deployments);
        for size in [0, (1 << 20) + 1] {
            let answer = serve.get(&format!("/report?size={size}"), Some("desk.test"));
            assert_eq!((answer.status, answer.body.len()), (202, size), "{processes} processes, size {size}");
            assert_eq!(answer.headers["x-size"], size.to_string().as_str());
            let expected: String = (0..size).map(|i| char::from(b'a' + ((i / 16384) % 26) as u8)).collect();
            assert!(answer.body == expected, "{processes} processes: the body of {size} bytes differs");
        }
        let upload: Vec<u8> = (0..200_001u32).map(|i| (i % 251) as u8).collect();
        let sum = upload.iter().fold(0u32, |sum, &byte| (sum + u32::from(byte)) % 65521);
        let answer = send(client().post(format!("{}/upload", serve.url)).header("host", "desk.test").body(upload));
        assert_eq!(answer.body, format!("PUT desk 200001 {sum}"), "{processes} processes");
        assert_eq!(serve.get("/cancel", Some("desk.test")).body, "3,3 true", "{processes} processes");
    }
}

/// Many requests at once, each calling through stubs both ways: the pool runs
/// them on several isolates, so callbacks and RpcTarget calls cross between
/// isolates while others are in flight; every answer is its own.
#[test]
fn stub_calls_under_concurrency_reach_their_own_objects() {
    let toml = "name = \"app\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-05-01\"\n\
                [[services]]\nbinding = \"API\"\nservice = \"app\"\nentrypoint = \"Api\"\n";
    let worker = r#"
import { WorkerEntrypoint, RpcTarget } from "cloudflare:workers";
class Tally extends RpcTarget {
  #sum;
  constructor(start) { super(); this.#sum = start; }
  async add(n) { await new Promise((resolve) => setTimeout(resolve, 1)); this.#sum += n; return this.#sum; }
}
export class Api extends WorkerEntrypoint {
  tally(start) { return new Tally(start); }
  async each(items, visit) {
    const out = [];
    for (const item of items) out.push(await visit(item));
    return out;
  }
}
export default {
  async fetch(request, env) {
    const i = Number(new URL(request.url).searchParams.get("i"));
    const tally = await env.API.tally(i * 1000);
    const seen = await env.API.each([1, 2, 3], async (n) => tally.add(n * i));
    return new Response(seen.join(","));
  },
};
"#;
    let dir = project(&[("worky.toml", toml), ("src/index.js", worker)]);
    let dev = Dev::start(dir.path(), &[]);
    let replies = get_concurrently(&dev.url, (1..=40).map(|i| format!("/?i={i}")));
    for (i, reply) in (1..=40u32).zip(replies) {
        let base = i * 1000;
        assert_eq!(reply.body, format!("{},{},{}", base + i, base + 3 * i, base + 6 * i), "request {i}");
    }
}

const VAULT: &str = r#"
import { WorkerEntrypoint, RpcTarget } from "cloudflare:workers";
class Box extends RpcTarget {
  #n = 0;
  bump() { return ++this.#n; }
}
export class Vault extends WorkerEntrypoint {
  open() { return new Box(); }
}
export default { fetch: () => new Response("vault") };
"#;

const HOLDER: &str = r#"
export default {
  async fetch(request, env) {
    const box = await env.VAULT.open();
    const first = await box.bump();
    // Longer than the vault's idle_unload_s without a request to it.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return new Response(`${first} ${await box.bump()}`);
  },
};
"#;

/// An object lent over JS RPC holds its isolate as a WebSocket does: a
/// deployment idle past `idle_unload_s` is not unloaded while a stub to one of
/// its objects is alive elsewhere, and unloads once the last one is gone.
#[test]
fn a_lent_object_keeps_its_deployment_loaded_until_its_stubs_are_gone() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let holder = "compatibility_date = \"2025-05-01\"\n[[services]]\nbinding = \"VAULT\"\nservice = \"vault\"\n\
                  entrypoint = \"Vault\"\n";
    pack_worker(&publisher, packages.path(), "holder", "1.0.0", holder, HOLDER);
    pack_worker(&publisher, packages.path(), "vault", "1.0.0", "compatibility_date = \"2025-05-01\"\n", VAULT);
    let host = tempfile::tempdir().unwrap();
    let deployments = format!(
        "[pool]\nidle_unload_s = 1\n{}{}",
        deployment("holder", "1.0.0", "holder.test"),
        deployment("vault", "1.0.0", "vault.test")
    );
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployments));
    let answer = serve.get("/", Some("holder.test"));
    assert_eq!(answer.body, "1 2", "the vault stayed loaded while the holder's stub lived");
    let vault_isolates = || serve.isolates("vault");
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while vault_isolates() != 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(vault_isolates(), 0, "unloaded once the stub was gone");
}

const GATEWAY: &str = r#"
const decoder = new TextDecoder();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const within = (promise) => Promise.race([promise, sleep(5000).then(() => "timed out")]);

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const flags = env.ROOM.getByName("flags");
    if (url.pathname === "/service/events") return env.EVENTS.fetch("http://events/events");
    if (url.pathname === "/object/events") return env.ROOM.getByName("room").fetch("http://room/events");
    if (url.pathname === "/cancelled") {
      return new Response(`${(await flags.get("service")) ?? false} ${(await flags.get("object")) ?? false}`);
    }
    if (url.pathname === "/big") return env.EVENTS.fetch(`http://events/big${url.search}`);
    if (url.pathname === "/upload") return env.EVENTS.fetch(new Request("http://events/sum", request));
    if (url.pathname === "/failing-passed") return env.EVENTS.fetch("http://events/failing");
    if (url.pathname === "/failing") {
      const reader = (await env.EVENTS.fetch("http://events/failing")).body.getReader();
      const first = decoder.decode((await reader.read()).value);
      try {
        await reader.read();
        return new Response(`${first} | no error`);
      } catch (error) {
        return new Response(`${first} | ${error.name}: ${error.message}`);
      }
    }
    if (url.pathname === "/echo") {
      // The callee answers once it has the first chunk; the rest is written after.
      const { readable, writable } = new TransformStream();
      const writer = writable.getWriter();
      writer.write(new TextEncoder().encode("hello"));
      const answer = await within(env.EVENTS.fetch("http://events/echo", { method: "POST", body: readable }));
      if (answer === "timed out") return new Response("timed out");
      const reader = answer.body.getReader();
      const head = decoder.decode((await within(reader.read())).value);
      await writer.write(new TextEncoder().encode(" world"));
      await writer.close();
      let rest = "";
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
      return new Response(head + rest);
    }
    return new Response("?", { status: 404 });
  },
};
"#;

const EVENTS: &str = r#"
import { DurableObject } from "cloudflare:workers";
const encoder = new TextEncoder();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An event every 20 ms, for ever; `cancelled` is told when the reader stops. */
function events(cancelled) {
  let n = 0;
  return new ReadableStream({
    async pull(controller) {
      if (n > 0) await sleep(20);
      controller.enqueue(encoder.encode(`data: ${n++}\n\n`));
    },
    cancel: () => cancelled(),
  });
}

export class Room extends DurableObject {
  fetch() {
    const flags = this.env.ROOM.getByName("flags");
    return new Response(events(() => flags.set("object")), { headers: { "content-type": "text/event-stream" } });
  }
  set(key) { return this.ctx.storage.put(key, true); }
  get(key) { return this.ctx.storage.get(key); }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const flags = env.ROOM.getByName("flags");
    if (url.pathname === "/events") {
      return new Response(events(() => flags.set("service")), { headers: { "content-type": "text/event-stream" } });
    }
    if (url.pathname === "/big") {
      const size = Number(url.searchParams.get("size"));
      let sent = 0;
      return new Response(new ReadableStream({
        pull(controller) {
          const n = Math.min(16384, size - sent);
          if (n === 0) return controller.close();
          controller.enqueue(new Uint8Array(n).fill(97 + (sent / 16384) % 26));
          sent += n;
        },
      }), { headers: { "x-size": String(size) } });
    }
    if (url.pathname === "/sum") {
      const bytes = new Uint8Array(await request.arrayBuffer());
      return new Response(`${request.method} ${bytes.length} ${bytes.reduce((sum, byte) => (sum + byte) % 65521, 0)}`);
    }
    if (url.pathname === "/failing") {
      let step = 0;
      return new Response(new ReadableStream({
        async pull(controller) {
          if (step++ === 0) return controller.enqueue(encoder.encode("before"));
          await sleep(10);
          controller.error(new Error("broke mid-way"));
        },
      }));
    }
    if (url.pathname === "/echo") {
      const reader = request.body.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      return new Response(new ReadableStream({
        async start(controller) {
          controller.enqueue(encoder.encode(`got ${first};`));
          let rest = "";
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
          controller.enqueue(encoder.encode(` then${rest}`));
          controller.close();
        },
      }));
    }
    return new Response("?", { status: 404 });
  },
};
"#;

/// Reads a streamed answer until `events` events came (an event stream that
/// never ends), then hangs up.
fn read_events(url: &str, host: &str, events: usize) -> String {
    use std::io::Read;
    let mut response = client().get(url).header("host", host).send().expect("the stream's head comes");
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut seen = Vec::new();
    let mut buffer = [0u8; 1024];
    while String::from_utf8_lossy(&seen).matches("\n\n").count() < events {
        let read = response.read(&mut buffer).expect("events come as they are written");
        assert!(read > 0, "the stream ended: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buffer[..read]);
    }
    String::from_utf8_lossy(&seen).into_owned()
}

/// A service binding's and a Durable Object's `fetch` answer with a body
/// that streams: its chunks reach the client as they are written (an event
/// stream that never ends, which an answer read whole would never send), the
/// client hanging up cancels the callee's stream, an error mid-way reaches the
/// caller after the bytes before it, a request body reaches the callee as it
/// is written, a client's upload passed on arrives whole on both sides of the
/// front's 64 KiB read-ahead, and so does a large answer, in one process and
/// across two.
#[test]
fn serve_streams_fetch_bodies_between_deployments_as_they_come() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let gateway = "compatibility_date = \"2025-05-01\"\n[[services]]\nbinding = \"EVENTS\"\nservice = \"events\"\n\
                   [[durable_objects.bindings]]\nname = \"ROOM\"\nclass_name = \"Room\"\nscript_name = \"events\"\n";
    pack_worker(&publisher, packages.path(), "gateway", "1.0.0", gateway, GATEWAY);
    let events = "compatibility_date = \"2025-05-01\"\n[[durable_objects.bindings]]\nname = \"ROOM\"\n\
                  class_name = \"Room\"\n[[migrations]]\ntag = \"v1\"\nnew_sqlite_classes = [\"Room\"]\n";
    pack_worker(&publisher, packages.path(), "events", "1.0.0", events, EVENTS);
    for processes in [0, 2] {
        let deployments = [("gateway", "gateway.test"), ("events", "events.test")];
        let (_host, serve) = serve_in_processes(&publisher, packages.path(), processes, &deployments);
        for path in ["/service/events", "/object/events"] {
            let seen = read_events(&format!("{}{path}", serve.url), "gateway.test", 3);
            assert!(seen.starts_with("data: 0\n\ndata: 1\n\ndata: 2\n\n"), "{processes} processes, {path}: {seen}");
        }
        let cancelled = serve
            .wait_until("/cancelled", Some("gateway.test"), Duration::from_secs(10), |reply| reply.body == "true true");
        assert_eq!(cancelled.body, "true true", "{processes} processes: both streams were cancelled");
        let failing = serve.get("/failing", Some("gateway.test"));
        assert_eq!(failing.body, "before | Error: broke mid-way", "{processes} processes");
        // Passed on as it is, the failure breaks the client's response after the bytes before it.
        let passed = client().get(format!("{}/failing-passed", serve.url)).header("host", "gateway.test").send();
        let passed = passed.expect("the head comes");
        assert_eq!(passed.status(), 200);
        assert!(passed.text().is_err(), "{processes} processes: a broken body reads as an error");
        assert_eq!(serve.get("/echo", Some("gateway.test")).body, "got hello; then world", "{processes} processes");
        // The client's body passed on: read ahead (up to 64 KiB) or streamed.
        for size in [65_536, 65_537, 1_000_001] {
            let upload: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let sum = upload.iter().fold(0u32, |sum, &byte| (sum + u32::from(byte)) % 65521);
            let request = client().post(format!("{}/upload", serve.url)).header("host", "gateway.test").body(upload);
            assert_eq!(send(request).body, format!("POST {size} {sum}"), "{processes} processes");
        }
        for size in [0, 1, (1 << 20) + 1] {
            let answer = serve.get(&format!("/big?size={size}"), Some("gateway.test"));
            assert_eq!((answer.status, answer.body.len()), (200, size), "{processes} processes, size {size}");
            assert_eq!(answer.headers["x-size"], size.to_string().as_str());
            let expected: String = (0..size).map(|i| char::from(b'a' + ((i / 16384) % 26) as u8)).collect();
            assert!(answer.body == expected, "{processes} processes: the body of {size} bytes differs");
        }
    }
}
