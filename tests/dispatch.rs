//! Dispatch namespaces (Workers for Platforms) end to end in `worky serve`: a
//! dispatcher deployment reaches the user workers of its namespace by name
//! (`fetch` and JS RPC), a name the namespace lacks throws Cloudflare's
//! "Worker not found.", a deployment of another namespace or of none is not
//! reachable through it, and a user worker is reachable through its namespace
//! only (no service binding reaches it). `worky dev` has no user workers.

mod common;

use common::*;

/// `/<script>` dispatches the request to that user worker; `/rpc/<script>`
/// calls its `whoami()`; a failure answers 502 with the error's message.
const DISPATCHER: &str = r#"
export default {
  async fetch(request, env) {
    const [, first, second] = new URL(request.url).pathname.split("/");
    try {
      if (first === "rpc") return new Response(await env.USERS.get(second).whoami());
      return await env.USERS.get(first).fetch(request);
    } catch (error) {
      return new Response(`${error.name}: ${error.message}`, { status: error.message.startsWith("Worker not found") ? 404 : 502 });
    }
  },
};
"#;

const USER: &str = r#"
import { WorkerEntrypoint } from "cloudflare:workers";
export default class extends WorkerEntrypoint {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path.endsWith("/self")) {
      return new Response(this.ctx.exports === undefined ? "no ctx.exports" : await this.ctx.exports.default.whoami());
    }
    return new Response(`${this.env.WHO} saw ${path}`);
  }
  whoami() { return `I am ${this.env.WHO}`; }
}
"#;

/// A deployment with a plain service binding to `alice`.
const NEIGHBOUR: &str = r#"
export default {
  async fetch(request, env) {
    try { return await env.ALICE.fetch(request); } catch (error) { return new Response(error.message, { status: 502 }); }
  },
};
"#;

#[test]
fn a_dispatcher_reaches_the_user_workers_of_its_namespace_only() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let dispatcher = "compatibility_date = \"2025-11-01\"\n[[dispatch_namespaces]]\nbinding = \"USERS\"\nnamespace = \"customers\"\n";
    pack_worker(&publisher, packages.path(), "platform", "1.0.0", dispatcher, DISPATCHER);
    for who in ["alice", "bob", "mallory", "internal"] {
        // ctx.exports: alice by flag, bob not (his date is before 2025-11-17).
        let flags = if who == "alice" { "compatibility_flags = [\"enable_ctx_exports\"]\n" } else { "" };
        let toml = format!("compatibility_date = \"2025-11-01\"\n{flags}[vars]\nWHO = \"{who}\"\n");
        pack_worker(&publisher, packages.path(), who, "1.0.0", &toml, USER);
    }
    let neighbour = "compatibility_date = \"2025-11-01\"\n[[services]]\nbinding = \"ALICE\"\nservice = \"alice\"\n";
    pack_worker(&publisher, packages.path(), "neighbour", "1.0.0", neighbour, NEIGHBOUR);
    let host = tempfile::tempdir().unwrap();
    let in_namespace = |name: &str, namespace: &str| {
        format!("[[deployments]]\nname = \"{name}\"\nversion = \"1.0.0\"\ndispatch_namespace = \"{namespace}\"\n")
    };
    let deployments = [
        deployment("platform", "1.0.0", "platform.test"),
        in_namespace("alice", "customers"),
        in_namespace("bob", "customers"),
        in_namespace("mallory", "others"),
        deployment("internal", "1.0.0", "internal.test"),
        deployment("neighbour", "1.0.0", "neighbour.test"),
    ]
    .concat();
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployments));
    let platform = |path: &str| serve.get(path, Some("platform.test"));
    assert_eq!(platform("/alice").body, "alice saw /alice");
    assert_eq!(platform("/bob").body, "bob saw /bob");
    assert_eq!(platform("/rpc/bob").body, "I am bob");
    // A user worker reaches itself through ctx.exports (a loopback, not its namespace).
    assert_eq!(platform("/alice/self").body, "I am alice");
    assert_eq!(platform("/bob/self").body, "no ctx.exports");
    for outside in ["nobody", "mallory", "internal", "platform"] {
        let reply = platform(&format!("/{outside}"));
        assert_eq!((reply.status, reply.body.as_str()), (404, "Error: Worker not found."), "{outside}");
    }
    assert_eq!(platform("/rpc/mallory").body, "Error: Worker not found.");
    // A user worker is reached through its namespace only.
    let reply = serve.get("/", Some("neighbour.test"));
    assert_eq!(reply.status, 502);
    assert!(reply.body.contains("no deployment named \"alice\""), "{}", reply.body);
}

#[test]
fn dev_has_no_user_workers_and_outbound_workers_are_refused() {
    let toml = "name = \"platform\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-11-01\"\n\
                [[dispatch_namespaces]]\nbinding = \"USERS\"\nnamespace = \"customers\"\n";
    let dir = project(&[("wrangler.toml", toml), ("src/index.js", DISPATCHER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.output().contains("env.USERS") && dev.output().contains("namespace customers"), "{}", dev.output());
    let reply = dev.get("/alice");
    assert_eq!((reply.status, reply.body.as_str()), (404, "Error: Worker not found."));
    drop(dev);
    let outbound = format!("{toml}outbound = {{ service = \"tap\" }}\n");
    let dir = project(&[("wrangler.toml", &outbound), ("src/index.js", DISPATCHER)]);
    let said = stderr(&run(dir.path(), &["build"]));
    assert!(said.contains("wrangler.toml:7:12") && said.contains("worky has no outbound workers"), "{said}");
}
