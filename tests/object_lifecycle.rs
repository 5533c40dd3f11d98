//! The Durable Object class lifecycle through the real binary, as Cloudflare
//! keeps it: a renamed class (`renamed_classes`, or an `exports` tombstone)
//! keeps its objects (their ids, storage and alarms), a class deleted and made
//! again starts empty, and a lifecycle step that cannot apply is an error that
//! names its line.

mod common;

use std::time::Duration;

use common::*;

/// A counter class named `CLASS` that answers `LABEL:count`, its alarm
/// counting how often it rang.
const WORKER: &str = r#"
import { DurableObject } from "cloudflare:workers";

export class CLASS extends DurableObject {
  async fetch(request) {
    const n = ((await this.ctx.storage.get("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", n);
    return new Response(`LABEL:${n}`);
  }

  async armIn(ms) {
    await this.ctx.storage.setAlarm(Date.now() + ms);
  }

  async alarm() {
    await this.ctx.storage.put("rang", ((await this.ctx.storage.get("rang")) ?? 0) + 1);
  }

  async rang() {
    return (await this.ctx.storage.get("rang")) ?? 0;
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const id = env.ROOMS.idFromName(url.searchParams.get("name") ?? "a");
    if (url.pathname === "/id") return new Response(id.toString());
    if (url.pathname === "/arm") {
      await env.ROOMS.get(id).armIn(Number(url.searchParams.get("ms")));
      return new Response("armed");
    }
    if (url.pathname === "/rang") return new Response(String(await env.ROOMS.get(id).rang()));
    return env.ROOMS.get(id).fetch(request);
  },
};
"#;

fn worker(class: &str, label: &str) -> String {
    WORKER.replace("CLASS", class).replace("LABEL", label)
}

const HEAD: &str = "name = \"rooms\"\nmain = \"src/index.js\"\n";

/// The binding ROOMS to `class`, with the lifecycle `lifecycle`.
fn objects(class: &str, lifecycle: &str) -> String {
    format!("\n[[durable_objects.bindings]]\nname = \"ROOMS\"\nclass_name = \"{class}\"\n\n{lifecycle}")
}

fn config(class: &str, lifecycle: &str) -> String {
    format!("{HEAD}{}", objects(class, lifecycle))
}

const CREATED: &str = "[[migrations]]\ntag = \"v1\"\nnew_sqlite_classes = [\"ChatRoom\"]\n";
const RENAMED: &str = "[[migrations]]\ntag = \"v2\"\nrenamed_classes = [{ from = \"ChatRoom\", to = \"Room\" }]\n";

/// Edits the project and waits for `worky dev` to answer with the new code
/// (labelled `label`): (the last count the old code answered, the new code's first).
fn switch_to(dev: &Dev, dir: &std::path::Path, class: &str, label: &str, lifecycle: &str) -> (u32, u32) {
    write_files(dir, &[("worky.toml", &config(class, lifecycle)), ("src/index.js", &worker(class, label))]);
    let count = |body: &str| body.rsplit_once(':').and_then(|(_, n)| n.parse::<u32>().ok()).expect("a count");
    let prefix = format!("{label}:");
    let mut last_old = 0;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        // Every poll counts: the old code's answers go on until the reload.
        let body = dev.get("/count?name=r").body;
        if body.starts_with(&prefix) {
            return (last_old, count(&body));
        }
        last_old = count(&body);
        assert!(std::time::Instant::now() < deadline, "no reload: {body}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `renamed_classes` in `worky dev`: the renamed class answers with the old
/// class's storage, under the same ids, and an alarm set before the rename
/// rings on the renamed class. Deleting it and making it again starts afresh.
#[test]
fn a_renamed_class_keeps_its_objects_ids_and_alarms() {
    let dir = project(&[("worky.toml", &config("ChatRoom", CREATED)), ("src/index.js", &worker("ChatRoom", "v1"))]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/count?name=r").body, "v1:1");
    assert_eq!(dev.get("/count?name=r").body, "v1:2");
    let id = dev.get("/id?name=r").body;
    assert_eq!(dev.get("/arm?name=r&ms=2500").body, "armed");

    let (last_old, first_new) = switch_to(&dev, dir.path(), "Room", "v2", &format!("{CREATED}{RENAMED}"));
    assert!(last_old >= 2);
    let record = std::fs::read_to_string(dir.path().join(".worky/state/objects/namespaces.json")).unwrap_or_default();
    assert_eq!(first_new, last_old + 1, "the renamed class has the old class's storage: {record}");
    assert_eq!(dev.get("/id?name=r").body, id, "and its ids");
    let said = "ROOMS  Durable Object  local, class Room (the objects of ChatRoom)";
    assert!(dev.wait_for_output(said, Duration::from_secs(5)), "{}", dev.output());
    let rang = dev.wait_until("/rang?name=r", Duration::from_secs(15), |reply| reply.body == "1");
    assert_eq!(rang.body, "1", "the alarm set before the rename rang on the renamed class");
    let objects = dir.path().join(".worky/state/objects");
    assert!(objects.join("ChatRoom").is_dir() && !objects.join("Room").exists(), "one namespace, one folder");

    // Deleted, then made again: a new namespace, empty, with ids of its own.
    let again = "[[migrations]]\ntag = \"v3\"\ndeleted_classes = [\"Room\"]\n\
                 [[migrations]]\ntag = \"v4\"\nnew_sqlite_classes = [\"Room\"]\n";
    let (_, first_new) = switch_to(&dev, dir.path(), "Room", "v3", &format!("{CREATED}{RENAMED}{again}"));
    assert_eq!(first_new, 1, "a class made again starts empty");
    assert_ne!(dev.get("/id?name=r").body, id);
    assert!(objects.join("Room").is_dir(), "in a folder of its own");
}

/// `exports` instead of `migrations`: a `renamed` tombstone hands the class's
/// objects to the new name across a version switch in `worky serve`, another
/// worker binding the renamed class (`script_name`) makes the same ids, and
/// the objects stay with the class when a later version drops the tombstone.
#[test]
fn an_exports_rename_hands_the_objects_over_in_serve() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    pack_worker(
        &publisher,
        packages.path(),
        "rooms",
        "1.0.0",
        &objects("ChatRoom", CREATED),
        &worker("ChatRoom", "one"),
    );
    let exports = "[exports.ChatRoom]\ntype = \"durable-object\"\nstate = \"renamed\"\nrenamed_to = \"Room\"\n\n\
                   [exports.Room]\ntype = \"durable-object\"\nstorage = \"sqlite\"\n";
    pack_worker(&publisher, packages.path(), "rooms", "2.0.0", &objects("Room", exports), &worker("Room", "two"));
    // The tombstone may go once the rename is done: the host remembers it, as Cloudflare does.
    let exports = "[exports.Room]\ntype = \"durable-object\"\nstorage = \"sqlite\"\n";
    pack_worker(&publisher, packages.path(), "rooms", "3.0.0", &objects("Room", exports), &worker("Room", "three"));
    let lobby = "[[durable_objects.bindings]]\nname = \"ROOMS\"\nclass_name = \"Room\"\nscript_name = \"rooms\"\n";
    let code = "export default { fetch: (request, env) => new Response(env.ROOMS.idFromName('r').toString()) };";
    pack_worker(&publisher, packages.path(), "lobby", "1.0.0", lobby, code);
    let host = tempfile::tempdir().unwrap();
    let deployments = [deployment("rooms", "1.0.0", "rooms.test"), deployment("lobby", "1.0.0", "lobby.test")].concat();
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployments));
    assert_eq!(serve.get("/count?name=r", Some("rooms.test")).body, "one:1");
    let id = serve.get("/id?name=r", Some("rooms.test")).body;

    assert_eq!(switch_version(&serve, "rooms", "2.0.0"), 200);
    assert_eq!(serve.get("/count?name=r", Some("rooms.test")).body, "two:2");
    assert_eq!(serve.get("/id?name=r", Some("rooms.test")).body, id);
    assert_eq!(serve.get("/", Some("lobby.test")).body, id, "the binding worker makes the exporter's ids");

    assert_eq!(switch_version(&serve, "rooms", "3.0.0"), 200);
    assert_eq!(serve.get("/count?name=r", Some("rooms.test")).body, "three:3");
    assert_eq!(serve.get("/id?name=r", Some("rooms.test")).body, id);
    let record = std::fs::read_to_string(host.path().join(".worky/serve-state/rooms/objects/namespaces.json")).unwrap();
    assert!(record.contains("\"Room\": \"ChatRoom\""), "{record}");
}

/// Steps that cannot apply, and `migrations` with `exports`, stop `worky
/// build` with wrangler's words at the line that says them.
#[test]
fn a_lifecycle_step_that_cannot_apply_names_its_line() {
    let cases = [
        (
            config("Room", RENAMED),
            "worky.toml:10:29: Cannot apply renamed_classes migration to non-existent class ChatRoom",
        ),
        (
            config("ChatRoom", &format!("{CREATED}[[migrations]]\ntag = \"v2\"\nnew_classes = [\"ChatRoom\"]\n")),
            "worky.toml:13:16: Cannot apply new_classes migration to existing class ChatRoom",
        ),
        (
            config(
                "ChatRoom",
                &format!("{CREATED}\n[exports.ChatRoom]\ntype = \"durable-object\"\nstorage = \"sqlite\"\n"),
            ),
            "worky.toml:12:10: `migrations` and `exports` are mutually exclusive",
        ),
        (
            config("ChatRoom", "[exports.ChatRoom]\ntype = \"durable-object\"\n"),
            "worky.toml:8:10: \"exports.ChatRoom.storage\" is required for state \"created\" and must be one of sqlite \
             and legacy-kv, but got undefined",
        ),
    ];
    for (toml, expected) in cases {
        let dir = project(&[("worky.toml", &toml), ("src/index.js", &worker("ChatRoom", "v1"))]);
        let out = run(dir.path(), &["build"]);
        assert!(!out.status.success(), "{toml}");
        assert!(stderr(&out).contains(expected), "{}\nwanted: {expected}", stderr(&out));
    }
    // A wrangler.jsonc's `exports`, pointed at in its own lines.
    let jsonc = r#"{
  "name": "rooms",
  "main": "src/index.js",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
  "exports": {
    "ChatRoom": { "type": "durable-object", "state": "renamed", "renamed_to": "Nowhere" },
    "Room": { "type": "durable-object", "storage": "sqlite" }
  }
}"#;
    let dir = project(&[("wrangler.jsonc", jsonc), ("src/index.js", &worker("Room", "v1"))]);
    let said = stderr(&run(dir.path(), &["build"]));
    assert!(said.contains("wrangler.jsonc:6:79: \"exports.ChatRoom.renamed_to\" names \"Nowhere\""), "{said}");
}

/// A state directory whose namespace record is damaged: the worker does not
/// start (its objects could land in the wrong namespace), and the error page
/// names the file.
#[test]
fn a_damaged_namespace_record_stops_the_worker_and_is_named() {
    let dir = project(&[("worky.toml", &config("ChatRoom", CREATED)), ("src/index.js", &worker("ChatRoom", "v1"))]);
    write_files(dir.path(), &[(".worky/state/objects/namespaces.json", "{\"classes\": ")]);
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get("/count?name=r");
    assert_eq!(reply.status, 500);
    assert!(reply.body.contains("namespaces.json is not a namespace record"), "{}", reply.body);
}
