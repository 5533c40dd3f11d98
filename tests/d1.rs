//! D1 end to end: a wrangler project's `[[d1_databases]]`, its schema applied
//! with `worky d1 migrations apply`, a worker that writes and reads through
//! `env.DB` under `worky dev` (the data survives a restart, and `worky d1
//! execute` sees it), environments that keep separate data, and `worky serve`
//! keeping a deployment's databases in its state directory. The API itself is
//! compared with miniflare's in tests/workerd/d1.js.

mod common;

use common::*;

const WRANGLER_TOML: &str = r#"
name = "notes"
main = "src/index.js"
compatibility_date = "2025-11-01"

[[d1_databases]]
binding = "DB"
database_name = "notes-db"
database_id = "6f1a0e53-0000-4000-8000-000000000001"

[env.staging]
[[env.staging.d1_databases]]
binding = "DB"
database_name = "notes-staging"
database_id = "6f1a0e53-0000-4000-8000-000000000002"
"#;

const WORKER: &str = r#"
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method === "POST") {
      const text = await request.text();
      const { meta } = await env.DB.prepare("INSERT INTO notes (text) VALUES (?)").bind(text).run();
      return Response.json({ id: meta.last_row_id, changes: meta.changes });
    }
    if (url.pathname === "/count") {
      return Response.json(await env.DB.prepare("SELECT count(*) AS n FROM notes").first("n"));
    }
    const { results } = await env.DB.prepare("SELECT id, text FROM notes ORDER BY id").all();
    return Response.json(results);
  },
};
"#;

/// A table, then an index on it: each statement runs before the next is read.
const MIGRATION: &str = "-- the notes\nCREATE TABLE notes (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  text TEXT NOT NULL\n);\n\
                         CREATE INDEX notes_text ON notes (text);\n";

#[test]
fn migrations_dev_execute_and_environments() {
    let dir = project(&[
        ("wrangler.toml", WRANGLER_TOML),
        ("src/index.js", WORKER),
        ("migrations/0001_notes.sql", MIGRATION),
    ]);
    let out = run(dir.path(), &["d1", "migrations", "list", "notes-db"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0001_notes.sql", "{}", stderr(&out));
    let out = run(dir.path(), &["d1", "migrations", "apply", "notes-db"]);
    assert!(out.status.success() && stderr(&out).contains("Applied 0001_notes.sql to notes-db"), "{}", stderr(&out));
    // Applied once: again, nothing to do.
    let out = run(dir.path(), &["d1", "migrations", "apply", "DB"]);
    assert!(stderr(&out).contains("no migrations to apply"), "{}", stderr(&out));

    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.output().contains("env.DB") && dev.output().contains("D1 database"), "{}", dev.output());
    assert_eq!(dev.post("/", "first").body, r#"{"id":1,"changes":1}"#);
    assert_eq!(dev.post("/", "second").body, r#"{"id":2,"changes":1}"#);
    assert_eq!(dev.get("/").body, r#"[{"id":1,"text":"first"},{"id":2,"text":"second"}]"#);
    let (status, _) = dev.stop();
    assert_eq!(status, Some(0));

    // The data is the project's: a new dev sees it, and so does `worky d1 execute`.
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/count").body, "2");
    drop(dev);
    let out =
        run(dir.path(), &["d1", "execute", "notes-db", "--command", "SELECT text FROM notes ORDER BY id", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    assert_eq!(json[0]["results"], serde_json::json!([{"text": "first"}, {"text": "second"}]));

    // `worky d1 export` writes it as wrangler does; `execute --file` reads it into another database.
    let out = run(dir.path(), &["d1", "export", "notes-db", "--output", "notes.sql"]);
    assert!(out.status.success() && stderr(&out).contains("Exported"), "{}", stderr(&out));
    let dump = std::fs::read_to_string(dir.path().join("notes.sql")).unwrap();
    assert!(dump.starts_with("PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE d1_migrations"), "{dump}");
    assert!(dump.contains("INSERT INTO \"notes\" VALUES(2,'second');\n"), "{dump}");
    assert!(dump.ends_with("CREATE INDEX notes_text ON notes (text);"), "{dump}");
    let out = run(dir.path(), &["d1", "export", "notes-db", "--output", "rows.sql", "--no-schema", "--table", "notes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = std::fs::read_to_string(dir.path().join("rows.sql")).unwrap();
    assert_eq!(rows.lines().count(), 3, "the pragma and two rows: {rows}");
    let out = run(dir.path(), &["d1", "execute", "notes-staging", "--env", "staging", "--file", "notes.sql"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let command = [
        "d1",
        "execute",
        "notes-staging",
        "--env",
        "staging",
        "--command",
        "SELECT count(*) AS n FROM notes",
        "--json",
    ];
    let out = run(dir.path(), &command);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    assert_eq!(json[0]["results"], serde_json::json!([{"n": 2}]));
    let out = run(dir.path(), &["d1", "execute", "notes-staging", "--env", "staging", "--command", "DROP TABLE notes"]);
    assert!(out.status.success(), "{}", stderr(&out));

    // A failing migration applies nothing of itself, and says which.
    std::fs::write(dir.path().join("migrations/0002_broken.sql"), "ALTER TABLE notes ADD COLUMN tag TEXT;\nSELEC 1;\n")
        .unwrap();
    let out = run(dir.path(), &["d1", "migrations", "apply", "notes-db"]);
    let said = stderr(&out);
    assert!(!out.status.success() && said.contains("migration 0002_broken.sql failed"), "{said}");
    assert!(said.contains("near \"SELEC\": syntax error"), "{said}");
    let out = run(dir.path(), &["d1", "execute", "notes-db", "--command", "SELECT * FROM notes LIMIT 1", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json[0]["results"][0].get("tag").is_none(), "the ALTER was rolled back: {json}");

    // staging has its own database: no table until its migrations run.
    let dev = Dev::start(dir.path(), &["--env", "staging"]);
    let reply = dev.get("/count");
    assert_eq!(reply.status, 500);
    assert!(reply.body.contains("D1_ERROR: no such table: notes: SQLITE_ERROR"), "{}", reply.body);
    drop(dev);
    // --deployed: the data as worky serve names it (the database_id), not the preview id dev uses.
    std::fs::write(
        dir.path().join("wrangler.toml"),
        WRANGLER_TOML.replace(
            "database_id = \"6f1a0e53-0000-4000-8000-000000000001\"",
            "database_id = \"prod\"\npreview_database_id = \"dev\"",
        ),
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("migrations/0002_broken.sql")).unwrap();
    let out = run(dir.path(), &["d1", "migrations", "apply", "notes-db", "--deployed"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        dir.path().join(".worky/state/d1/prod.sqlite").is_file()
            && !dir.path().join(".worky/state/d1/dev.sqlite").exists()
    );
    let out = run(dir.path(), &["d1", "execute", "nope", "--command", "SELECT 1"]);
    assert!(stderr(&out).contains("no D1 database `nope`; the config has: notes-db"), "{}", stderr(&out));
}

#[test]
fn serve_keeps_each_deployments_databases_in_its_state_directory() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let worker = "export default { async fetch(request, env) {\n  \
                  await env.DB.exec('CREATE TABLE IF NOT EXISTS hits (n INTEGER)');\n  \
                  await env.DB.prepare('INSERT INTO hits VALUES (1)').run();\n  \
                  return new Response(String(await env.DB.prepare('SELECT count(*) AS n FROM hits').first('n')));\n} };\n";
    let toml = "[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"hits\"\ndatabase_id = \"hits-1\"\n";
    pack_worker(&publisher, packages.path(), "counter", "1.0.0", toml, worker);
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(host.path(), packages.path(), &publisher, &deployment("counter", "1.0.0", "counter.test"));
    let serve = Serve::start(&config);
    assert_eq!(serve.get("/", Some("counter.test")).body, "1");
    assert_eq!(serve.get("/", Some("counter.test")).body, "2");
    assert!(host.path().join(".worky/serve-state/counter/d1/hits-1.sqlite").is_file());
    drop(serve);
    let serve = Serve::start(&config);
    assert_eq!(serve.get("/", Some("counter.test")).body, "3", "the data outlives the process");
}
