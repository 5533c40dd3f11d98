//! Service bindings: `[[services]]` gives `env.NAME` a Fetcher to another
//! worker of the host, without a network hop: in `worky serve`, the deployment
//! of that name (the version it runs now); in `worky dev`, the worker itself.
//! A call carries the body both ways, counts as a subrequest, and a worker that
//! calls itself forever is stopped at the loop limit.

mod common;

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
    assert_eq!(
        answer.body,
        "50 | RangeError: no refunds | invoices /list | The worker has no export \"Receipts\" for a service binding to call"
    );
}
