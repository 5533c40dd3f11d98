//! Hot reload in `worky dev`: what triggers it, what it swaps.

mod common;

use std::time::Duration;

use common::*;

const CONFIG: &str = "name = \"reload\"\nmain = \"src/index.ts\"\n[vars]\nCOLOR = \"red\"\n";

#[test]
fn edits_in_the_module_graph_and_config_reload_without_restarting() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        ("src/text.ts", "export const text = \"one\";\n"),
        (
            "src/index.ts",
            "import { text } from './text';\nexport default { fetch: (_r: Request, env: any) => new Response(`${text} ${env.COLOR}`) };\n",
        ),
        ("src/unused.ts", "export const nothing = 1;\n"),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "one red");

    // An imported module changes: the new code answers, same process.
    std::fs::write(dir.path().join("src/text.ts"), "export const text = \"two\";\n").unwrap();
    let reply = dev.wait_until("/", Duration::from_secs(20), |r| r.body == "two red");
    assert_eq!(reply.body, "two red");
    assert!(dev.wait_for_output("Reloaded", Duration::from_secs(5)), "one line per reload: {}", dev.output());

    // Files outside the module graph do not trigger a reload.
    let reloads = dev.output().matches("Reloaded").count();
    std::fs::write(dir.path().join("src/unused.ts"), "export const nothing = 2;\n").unwrap();
    std::fs::write(dir.path().join("notes.md"), "scratch\n").unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(dev.output().matches("Reloaded").count(), reloads, "{}", dev.output());

    // worky.toml and .dev.vars changes reload the config.
    std::fs::write(dir.path().join("worky.toml"), CONFIG.replace("red", "blue")).unwrap();
    let reply = dev.wait_until("/", Duration::from_secs(20), |r| r.body == "two blue");
    assert_eq!(reply.body, "two blue");
    std::fs::write(dir.path().join(".dev.vars"), "COLOR=green\n").unwrap();
    let reply = dev.wait_until("/", Duration::from_secs(20), |r| r.body == "two green");
    assert_eq!(reply.body, "two green");

    // A broken worky.toml is reported, and the last good version keeps serving.
    std::fs::write(dir.path().join("worky.toml"), "name = \"reload\"\nmain = \"src/index.ts\"\nbogus = 1\n").unwrap();
    assert!(dev.wait_for_output("unknown field `bogus`", Duration::from_secs(20)), "{}", dev.output());
    assert_eq!(dev.get("/").body, "two green", "the last good version");
    std::fs::write(dir.path().join("worky.toml"), CONFIG.replace("red", "cyan")).unwrap();
    let reply = dev.wait_until("/", Duration::from_secs(20), |r| r.body == "two green");
    assert_eq!(reply.body, "two green", ".dev.vars still applies");
}

#[test]
fn in_flight_requests_finish_on_the_old_version() {
    let dir = project(&[
        ("worky.toml", CONFIG),
        (
            "src/index.ts",
            "export default { async fetch(r: Request) { if (new URL(r.url).pathname === '/slow') await new Promise((ok) => setTimeout(ok, 1500)); return new Response('old'); } };\n",
        ),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    let url = dev.url.clone();
    let slow = std::thread::spawn(move || send(client().get(format!("{url}/slow"))));
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(dir.path().join("src/index.ts"), "export default { fetch: () => new Response('new') };\n").unwrap();
    let reply = dev.wait_until("/", Duration::from_secs(20), |r| r.body == "new");
    assert_eq!(reply.body, "new");
    let slow = slow.join().unwrap();
    assert_eq!((slow.status, slow.body.as_str()), (200, "old"));
}

/// "Ready" only when the worker started: a project whose first build fails says
/// it is listening (its error page is served) and that the worker did not start.
#[test]
fn ready_is_said_only_when_the_worker_started() {
    let dir = project(&[
        ("worky.toml", "name = \"app\"\nmain = \"src/index.js\"\n"),
        ("src/index.js", "export default { fetch() { return new Response(\"ok\") } \n"),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    let said = dev.output();
    assert!(said.contains("Listening on http://") && said.contains("the worker did not start"), "{said}");
    assert!(!said.contains("Ready on"), "{said}");
    assert_eq!(dev.get("/").status, 500);
    std::fs::write(dir.path().join("src/index.js"), "export default { fetch() { return new Response(\"ok\") } };\n")
        .unwrap();
    let reply = dev.wait_until("/", Duration::from_secs(20), |reply| reply.status == 200);
    assert_eq!(reply.body, "ok");
}

/// A config made invalid while `worky dev` runs is reported, and the last good
/// version keeps serving, as it does for a code error.
#[test]
fn an_invalid_config_keeps_the_last_good_version_serving() {
    let dir = project(&[
        ("worky.toml", "name = \"app\"\nmain = \"src/index.js\"\n"),
        ("src/index.js", "export default { fetch: () => new Response(\"good\") };\n"),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "good");
    std::fs::write(dir.path().join("worky.toml"), "name = \"app\"\nmain = \"src/index.js\"\n[limits]\ncpu_ms = 0\n")
        .unwrap();
    assert!(dev.wait_for_output("the last good version keeps serving", Duration::from_secs(20)), "{}", dev.output());
    assert!(dev.output().contains("limits.cpu_ms must be at least 1"), "{}", dev.output());
    let reply = dev.get("/");
    assert_eq!((reply.status, reply.body.as_str()), (200, "good"));
}

/// A build that deletes its output and writes it again (Nuxt empties
/// `.output/`; the Cloudflare vite plugin's config comes with it, through
/// `.wrangler/deploy/config.json`) is followed: the last good version serves
/// while the files are gone, and the new one once they are back, however many
/// times, with the folder made again or only the entry.
#[test]
fn a_rebuild_that_deletes_the_output_is_followed() {
    let generated = |n: u32| {
        (
            format!(
                "{{\"configPath\": \"/x\", \"name\": \"out\", \"main\": \"index.js\", \"vars\": {{\"N\": \"{n}\"}}}}"
            ),
            "export default { fetch: (r, env) => new Response(`v${env.N}`) };".to_string(),
        )
    };
    let (config, worker) = generated(1);
    let dir = project(&[
        ("wrangler.jsonc", "{ \"name\": \"app\", \"main\": \"src/missing.ts\" }"),
        (".wrangler/deploy/config.json", r#"{"configPath": "../../out/server/wrangler.json"}"#),
        ("out/server/wrangler.json", &config),
        ("out/server/index.js", &worker),
    ]);
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/").body, "v1");
    let server = dir.path().join("out/server");
    for n in 2..=3 {
        std::fs::remove_dir_all(dir.path().join("out")).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(dev.get("/").body, format!("v{}", n - 1), "the last good version serves meanwhile");
        std::fs::create_dir_all(&server).unwrap();
        let (config, worker) = generated(n);
        std::fs::write(server.join("index.js"), worker).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        std::fs::write(server.join("wrangler.json"), config).unwrap();
        let reply = dev.wait_until("/", Duration::from_secs(20), |r| r.body == format!("v{n}"));
        assert_eq!(reply.body, format!("v{n}"), "{}", dev.output());
    }
    // Only the entry deleted and written again.
    std::fs::remove_file(server.join("index.js")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(server.join("index.js"), "export default { fetch: () => new Response('entry again') };").unwrap();
    let reply = dev.wait_until("/", Duration::from_secs(20), |r| r.body == "entry again");
    assert_eq!(reply.body, "entry again", "{}", dev.output());
}
