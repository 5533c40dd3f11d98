//! Every template, end to end: init, dev, requests, expected answers.

mod common;

use common::*;

fn init(template: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["init", "app", "--template", template]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = tmp.path().join("app");
    let types = std::fs::read_to_string(dir.join("worker-configuration.d.ts")).unwrap();
    assert!(types.contains("interface Env {"), "{types}");
    (tmp, dir)
}

#[test]
fn hello_template() {
    let (_tmp, dir) = init("hello");
    let dev = Dev::start(&dir, &[]);
    assert_eq!(dev.get("/").body, "Hello from app!\n");
    // It carries a version, so the first publish needs no edit.
    let publisher = keygen();
    let out = run(&dir, &["publish", "--dry-run", "--key", &publisher.key]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.join("dist/app-0.1.0.worky").is_file());
}

/// The site template: its files served before the worker, the worker for the
/// rest (with the site's 404 page, through env.ASSETS), typed and publishable.
#[test]
fn site_template_serves_files_and_the_worker() {
    let (_tmp, dir) = init("site");
    let types = std::fs::read_to_string(dir.join("worker-configuration.d.ts")).unwrap();
    assert!(types.contains("ASSETS: Fetcher;"), "{types}");
    let dev = Dev::start(&dir, &[]);
    let home = dev.get("/");
    assert!(home.body.contains("<h1>app</h1>"), "{}", home.body);
    assert_eq!(home.headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(dev.get("/style.css").headers["content-type"], "text/css; charset=utf-8");
    assert!(dev.get("/api/time").body.starts_with("{\"now\":\""), "{}", dev.get("/api/time").body);
    let missing = dev.get("/nope");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<h1>Not found</h1>"), "{}", missing.body);
    let publisher = keygen();
    let out = run(&dir, &["publish", "--dry-run", "--key", &publisher.key]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn router_template_installs_hono_and_routes() {
    let (_tmp, dir) = init("router");
    assert!(dir.join("node_modules/hono/package.json").is_file(), "init ran npm install");
    let dev = Dev::start(&dir, &[]);
    assert_eq!(dev.get("/").body, "Hello from app (API v1)\n");
    assert_eq!(dev.get("/api/items/2").body, r#"{"id":2,"name":"second"}"#);
    assert_eq!(dev.get("/api/items/9").status, 404);
    let created = send(client().post(format!("{}/api/items", dev.url)).body(r#"{"name":"third"}"#));
    assert_eq!((created.status, created.body.as_str()), (201, r#"{"id":3,"name":"third"}"#));
    assert_eq!(dev.post("/api/items", "{}").status, 400);
}

#[test]
fn kv_counter_template_counts_and_worky_kv_sees_the_data() {
    let (_tmp, dir) = init("kv-counter");
    let types = std::fs::read_to_string(dir.join("worker-configuration.d.ts")).unwrap();
    assert!(types.contains("COUNTER: KVNamespace;"), "{types}");
    let dev = Dev::start(&dir, &[]);
    assert_eq!(dev.get("/a").body, r#"{"path":"/a","count":1}"#);
    assert_eq!(dev.get("/a").body, r#"{"path":"/a","count":2}"#);
    assert_eq!(dev.get("/b").body, r#"{"path":"/b","count":1}"#);
    assert_eq!(dev.get("/_counts").body, r#"{"/a":2,"/b":1}"#);
    drop(dev);

    // The same data through `worky kv`.
    let out = run(&dir, &["kv", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "count:/a\ncount:/b\n");
    let out = run(&dir, &["kv", "get", "count:/a"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2");
    assert!(
        run(&dir, &["kv", "put", "--binding", "COUNTER", "count:/c", "41", "--metadata", "{\"seeded\":true}"])
            .status
            .success()
    );
    let out = run(&dir, &["kv", "list", "--prefix", "count:/c", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed, serde_json::json!([{"name": "count:/c", "metadata": {"seeded": true}}]));
    let dev = Dev::start(&dir, &[]);
    assert_eq!(dev.get("/c").body, r#"{"path":"/c","count":42}"#);
    drop(dev);
    assert!(run(&dir, &["kv", "delete", "count:/c"]).status.success());
    let out = run(&dir, &["kv", "get", "count:/c"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no value for `count:/c`"), "{}", stderr(&out));
    let out = run(&dir, &["kv", "list", "--binding", "NOPE"]);
    assert!(stderr(&out).contains("the project binds: COUNTER"), "{}", stderr(&out));
}

#[test]
fn scheduled_template_runs_its_cron_handler() {
    let (_tmp, dir) = init("scheduled");
    let dev = Dev::start(&dir, &[]);
    assert_eq!(dev.get("/").body, r#"{"lastRun":"never"}"#);
    let ran = dev.get("/__scheduled?cron=*/5+*+*+*+*");
    assert_eq!((ran.status, ran.body.as_str()), (200, "Ran scheduled event (cron \"*/5 * * * *\")\n"));
    let reply: serde_json::Value = serde_json::from_str(&dev.get("/").body).unwrap();
    assert_eq!(reply["lastRun"]["cron"], "*/5 * * * *");
}

/// The `chat` template: a Durable Object room over WebSockets, with its page and
/// the history it keeps in SQLite.
#[test]
fn chat_template_rooms_talk_over_websockets() {
    use tungstenite::Message;
    use tungstenite::client::IntoClientRequest;

    let (_tmp, dir) = init("chat");
    let types = std::fs::read_to_string(dir.join("worker-configuration.d.ts")).unwrap();
    assert!(types.contains(r#"ROOMS: DurableObjectNamespace<import("./src/index").ChatRoom>;"#), "{types}");
    let dev = Dev::start(&dir, &[]);
    assert!(dev.get("/").body.contains("new WebSocket("), "the page");
    let join = |name: &str| {
        let url = format!("{}/rooms/lobby/ws?name={name}", dev.url.replace("http://", "ws://"));
        let stream = std::net::TcpStream::connect(dev.url.trim_start_matches("http://")).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        tungstenite::client(url.into_client_request().unwrap(), stream).unwrap().0
    };
    let read = |socket: &mut tungstenite::WebSocket<std::net::TcpStream>| match socket.read().unwrap() {
        Message::Text(text) => text.as_str().to_string(),
        other => panic!("expected text, got {other:?}"),
    };
    let mut ada = join("ada");
    assert_eq!(read(&mut ada), r#"{"name":"*","text":"ada joined"}"#);
    let mut bob = join("bob");
    assert_eq!(read(&mut ada), r#"{"name":"*","text":"bob joined"}"#);
    assert_eq!(read(&mut bob), r#"{"name":"*","text":"bob joined"}"#);
    ada.send(Message::text("hello")).unwrap();
    assert_eq!(read(&mut ada), r#"{"name":"ada","text":"hello"}"#);
    assert_eq!(read(&mut bob), r#"{"name":"ada","text":"hello"}"#);
    assert_eq!(dev.get("/rooms/lobby").body, r#"[{"name":"ada","text":"hello"}]"#);
    // A late member gets the history first.
    let mut cy = join("cy");
    assert_eq!(read(&mut cy), r#"{"name":"ada","text":"hello"}"#);
    assert_eq!(dev.get("/rooms/lobby/ws").status, 426);
}

/// The versions the type check below was verified with.
const TYPESCRIPT: &str = "5.9.3";
const WORKERS_TYPES: &str = "5.20261117.1";

/// Runs `tsc --noEmit` over a project (with library checks on); panics with its
/// report (tsc writes errors to stdout) unless it passes.
fn tsc(tools: &std::path::Path, dir: &std::path::Path, what: &str) {
    let out = std::process::Command::new("node")
        .arg(tools.join("node_modules/typescript/bin/tsc"))
        .args(["--noEmit", "--skipLibCheck", "false", "-p"])
        .arg(dir.join("tsconfig.json"))
        .output()
        .expect("node is installed (the test setup, .ci/run, installs it)");
    assert!(
        out.status.success(),
        "tsc failed for {what}:\n{}{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(dir.join("worker-configuration.d.ts")).unwrap_or_default(),
    );
}

/// Every template type-checks as shipped (worky's own Workers types, lib WebWorker),
/// and with `@cloudflare/workers-types` in tsconfig.json instead: then `worky types`
/// writes the Env only, which must not clash with the package's declarations.
/// Both ways, `env` from "cloudflare:workers" is the project's Env.
#[test]
fn templates_type_check_alone_and_with_workers_types() {
    let tmp = tempfile::tempdir().unwrap();
    let package = serde_json::json!({
        "private": true,
        "devDependencies": {"typescript": TYPESCRIPT, "@cloudflare/workers-types": WORKERS_TYPES},
    });
    std::fs::write(tmp.path().join("package.json"), package.to_string()).unwrap();
    npm_install(tmp.path());
    let env_check = "import { env, RpcStub, RpcTarget, WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from \"cloudflare:workers\";\n\
                     import { NonRetryableError } from \"cloudflare:workflows\";\n\
                     import { EmailMessage } from \"cloudflare:email\";\n\
                     import { connect } from \"cloudflare:sockets\";\n\
                     // @ts-expect-error: env is the project's Env, not any\n\
                     env.NOT_A_BINDING;\n\
                     export const bindings: Env = env;\n\
                     export const rewrite = (r: Response) => new HTMLRewriter()\n\
                       .on(\"a\", { element(e) { e.setAttribute(\"rel\", e.getAttribute(\"rel\") ?? \"\"); } })\n\
                       .transform(r);\n\
                     export const cached = (r: Request) => caches.default.match(r);\n\
                     export const client = (r: Request) => r.cf?.clientIp;\n\
                     export const opened = () => connect({ hostname: \"db\", port: 5432 }).opened;\n\
                     export const node: boolean | undefined = Cloudflare.compatibilityFlags.nodejs_compat;\n\
                     export const cookies = (h: Headers): string[] => h.getAll(\"Set-Cookie\");\n\
                     export const consumer: ExportedHandler<Env, { n: number }> = {\n\
                       async queue(batch: MessageBatch<{ n: number }>) {\n\
                         for (const m of batch.messages) m.body.n > m.attempts ? m.ack() : m.retry({ delaySeconds: 1 });\n\
                         if (batch.queue === \"x\") batch.retryAll({ delaySeconds: 2 });\n\
                       },\n\
                     };\n\
                     export const upload = async (b: R2Bucket) => {\n\
                       const u = await b.createMultipartUpload(\"k\", { customMetadata: { a: \"b\" } });\n\
                       return u.complete([await u.uploadPart(1, \"x\")]).then((o) => o.etag);\n\
                     };\n\
                     export const track = (d: AnalyticsEngineDataset) => d.writeDataPoint({ blobs: [\"a\", null], doubles: [1], indexes: [\"i\"] });\n\
                     export const release = (m: WorkerVersionMetadata) => `${m.id}@${m.tag} ${m.timestamp}`;\n\
                     export const database = (h: Hyperdrive) => `${h.connectionString} ${h.port + 1}`;\n\
                     export class Flow extends WorkflowEntrypoint<Env, { n: number }> {\n\
                       async run(event: WorkflowEvent<{ n: number }>, step: WorkflowStep) {\n\
                         const retries = { limit: 1, delay: \"1 second\" as const, backoff: \"linear\" as const };\n\
                         const n = await step.do(\"a\", { retries, timeout: 1000 }, async () => event.payload.n + 1);\n\
                         await step.sleep(\"s\", \"1 minute\");\n\
                         const e = await step.waitForEvent<{ ok: boolean }>(\"e\", { type: \"t\", timeout: \"1 hour\" });\n\
                         if (!e.payload.ok) throw new NonRetryableError(\"no\");\n\
                         return n;\n\
                       }\n\
                     }\n\
                     class Counter extends RpcTarget { n = 0; up() { return ++this.n; } }\n\
                     export const counted = async () => new RpcStub(new Counter()).dup().up();\n\
                     export const allowed = async (l: RateLimit) => (await l.limit({ key: \"k\" })).success;\n\
                     export const dispatched = (d: DispatchNamespace, r: Request) => d.get(\"customer\").fetch(r);\n\
                     export const mailed = (m: SendEmail) => m.send(new EmailMessage(\"a@b.c\", \"d@e.f\", \"raw\"));\n\
                     export const inbox: ExportedHandler<Env> = {\n\
                       async email(message, _env, ctx) {\n\
                         if (message.rawSize > 1000) return message.setReject(message.headers.get(\"subject\") ?? message.from);\n\
                         ctx.waitUntil(new Response(message.raw).text());\n\
                         await message.forward(\"a@b.c\", new Headers({ \"X-Seen\": message.to }));\n\
                         await message.reply(new EmailMessage(message.to, message.from, \"raw\"));\n\
                       },\n\
                     };\n\
                     export const token = (s: SecretsStoreSecret): Promise<string> => s.get();\n\
                     export const thumb = async (i: ImagesBinding, body: ReadableStream) =>\n\
                       (await i.input(body).transform({ width: 10 }).draw(i.input(body), { top: 0, opacity: 0.5 })\n\
                         .output({ format: \"image/webp\", quality: 80 })).response();\n\
                     export const size = async (i: ImagesBinding, body: ReadableStream) => {\n\
                       const info = await i.info(body);\n\
                       return \"width\" in info ? info.width : 0;\n\
                     };\n\
                     export const start = async (w: Workflow<{ n: number }>) =>\n\
                       (await (await w.create({ params: { n: 1 } })).status()).status;\n\
                     export const dynamic = (l: WorkerLoader) =>\n\
                       l.get(\"id\", async () => ({ compatibilityDate: \"2025-06-01\", mainModule: \"m.js\",\n\
                         modules: { \"m.js\": \"export default {}\", \"t.txt\": { text: \"t\" } }, env: { a: 1 }, globalOutbound: null }))\n\
                         .getEntrypoint(\"Api\", { props: { n: 1 } }).fetch(\"http://x/\");\n\
                     export const produce = (q: Queue<string>) =>\n\
                       q.sendBatch([{ body: \"a\", contentType: \"text\" }], { delaySeconds: 1 }).then(() => q.send(\"b\"));\n";
    for template in ["hello", "router", "kv-counter", "scheduled", "chat", "site"] {
        let out = run(tmp.path(), &["init", template, "--template", template]);
        assert!(out.status.success(), "{}", stderr(&out));
        let dir = tmp.path().join(template);
        std::fs::write(dir.join("src/env-check.ts"), env_check).unwrap();
        tsc(tmp.path(), &dir, &format!("template {template} as shipped"));

        let tsconfig_path = dir.join("tsconfig.json");
        let mut tsconfig: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&tsconfig_path).unwrap()).unwrap();
        tsconfig["compilerOptions"]["lib"] = serde_json::json!(["ES2022"]);
        tsconfig["compilerOptions"]["types"] = serde_json::json!(["@cloudflare/workers-types"]);
        tsconfig["compilerOptions"]["skipLibCheck"] = false.into();
        std::fs::write(&tsconfig_path, tsconfig.to_string()).unwrap();
        let out = run(&dir, &["types"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).contains("@cloudflare/workers-types"), "{}", stderr(&out));
        let types = std::fs::read_to_string(dir.join("worker-configuration.d.ts")).unwrap();
        assert!(types.contains("interface Env extends Cloudflare.Env {}"), "{types}");
        assert!(!types.contains("interface KVNamespace<"), "{types}");
        tsc(tmp.path(), &dir, &format!("template {template} with @cloudflare/workers-types"));
    }
}
