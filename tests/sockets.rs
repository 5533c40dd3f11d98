//! `cloudflare:sockets` end to end: a worker talks TCP to a real server in the
//! test (bytes on both sides of a read's 64 KiB, several sockets at once), a
//! refused port rejects `opened` with the reason, serve's egress policy holds
//! for sockets, and a PostgreSQL driver from npm (`pg`, which uses
//! `cloudflare:sockets` on Workers) queries a real PostgreSQL when the machine
//! has one. The API next to workerd's is in tests/workerd/sockets.js.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;

/// A TCP server that answers each connection with what it read, upper-cased,
/// once the client has finished sending.
fn shouting_server() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut heard = Vec::new();
                if stream.read_to_end(&mut heard).is_ok() {
                    let _ = stream.write_all(&heard.to_ascii_uppercase());
                }
            });
        }
    });
    address
}

const WORKER: &str = r#"
import { connect } from "cloudflare:sockets";

async function shout(address, size, secureTransport = "off") {
  const socket = connect(address, { allowHalfOpen: true, secureTransport });
  return shoutOver(socket, size);
}

async function shoutOver(socket, size) {
  const writer = socket.writable.getWriter();
  await writer.write(new TextEncoder().encode("a".repeat(size)));
  await writer.close();
  const answer = await new Response(socket.readable).text();
  await socket.close();
  return answer.length === size && /^A*$/.test(answer) ? size : `wrong: ${answer.length} bytes`;
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const address = url.searchParams.get("to");
    if (url.pathname === "/shout") {
      const sizes = url.searchParams.get("sizes").split(",").map(Number);
      return Response.json(await Promise.all(sizes.map((size) => shout(address, size))));
    }
    if (url.pathname === "/tls") {
      try {
        return Response.json(await shout(address, Number(url.searchParams.get("size")), "on"));
      } catch (err) {
        return Response.json({ error: `${err.name}: ${err.message}` });
      }
    }
    if (url.pathname === "/starttls") {
      const socket = connect(address, { secureTransport: "starttls", allowHalfOpen: true });
      const writer = socket.writable.getWriter();
      await writer.write(new TextEncoder().encode("STARTTLS\n"));
      const reader = socket.readable.getReader();
      const { value } = await reader.read();
      reader.releaseLock();
      writer.releaseLock();
      const go = new TextDecoder().decode(value);
      const secure = socket.startTls();
      return Response.json([go, await shoutOver(secure, Number(url.searchParams.get("size")))]);
    }
    if (url.pathname === "/fetch") {
      const reply = await fetch(url.searchParams.get("url"));
      return new Response(`${reply.status} ${await reply.text()}`);
    }
    if (url.pathname === "/open") {
      const socket = connect(address);
      try {
        const info = await socket.opened;
        return Response.json({ opened: info });
      } catch (err) {
        return Response.json({ error: `${err.name}: ${err.message}` });
      }
    }
    return new Response("?", { status: 404 });
  },
};
"#;

fn sockets_project() -> tempfile::TempDir {
    project(&[("worky.toml", "name = \"talker\"\nmain = \"src/index.js\"\n"), ("src/index.js", WORKER)])
}

/// Bytes go both ways intact, for sizes on both sides of a read's 64 KiB and
/// for several sockets at once.
#[test]
fn a_worker_talks_tcp_to_a_real_server() {
    let server = shouting_server();
    let dir = sockets_project();
    let dev = Dev::start(dir.path(), &[]);
    let sizes = [1, 65_535, 65_536, 65_537, 1_000_000];
    let list = sizes.map(|size| size.to_string()).join(",");
    let reply = dev.get(&format!("/shout?to={server}&sizes={list}"));
    assert_eq!(reply.body, format!("[{list}]"));
    let opened = dev.get(&format!("/open?to={server}"));
    assert_eq!(opened.body, format!(r#"{{"opened":{{"remoteAddress":"{server}"}}}}"#));
}

/// A port nobody listens on: `opened` rejects, with the reason after workerd's words.
#[test]
fn a_refused_connection_says_why() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let dir = sockets_project();
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get(&format!("/open?to={free}"));
    assert_eq!(
        reply.body,
        r#"{"error":"Error: proxy request failed, cannot connect to the specified address (Connection refused (os error 111))"}"#
    );
}

/// In serve, internal addresses are refused by the default egress policy,
/// for sockets as for fetch; `allow_internal` lets one in.
#[test]
fn serve_holds_sockets_to_the_egress_policy() {
    let server = shouting_server();
    let publisher = keygen();
    let (packages, host) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    pack_worker(&publisher, packages.path(), "closed", "1.0.0", "", WORKER);
    pack_worker(&publisher, packages.path(), "open", "1.0.0", "", WORKER);
    let deployments = format!(
        "{}{}[deployments.egress]\nallow_internal = [\"127.0.0.1\"]\n",
        deployment("closed", "1.0.0", "closed.test"),
        deployment("open", "1.0.0", "open.test")
    );
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &deployments));
    let refused = serve.get(&format!("/open?to={server}"), Some("closed.test"));
    assert_eq!(
        refused.body,
        format!(
            r#"{{"error":"Error: proxy request failed, cannot connect to the specified address ({server} is not allowed by this host's egress policy)"}}"#
        )
    );
    let allowed = serve.get(&format!("/shout?to={server}&sizes=10"), Some("open.test"));
    assert_eq!(allowed.body, "[10]");
}

/// A CA of the test's own and a server certificate for `localhost` it signed.
struct Pki {
    ca_pem: String,
    server: Arc<rustls::ServerConfig>,
}

fn pki() -> Pki {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, rcgen::KeyPair::generate().unwrap()).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap().signed_by(&key, &ca).unwrap();
    let chain = vec![leaf.der().clone(), ca.der().clone()];
    let key = rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    Pki { ca_pem: ca.pem(), server: Arc::new(server) }
}

#[derive(Clone, Copy)]
enum TlsMode {
    /// TLS from the first byte; answers what it read, upper-cased.
    Shout,
    /// "STARTTLS\n" in the clear, answered "GO\n", then TLS and as Shout.
    StartTls,
    /// TLS from the first byte; answers one HTTP request with "ok".
    Http,
}

/// A TLS server on 127.0.0.1 with `pki`'s certificate, for `localhost`.
fn tls_server(pki: &Pki, mode: TlsMode) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = pki.server.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || {
                let mut stream = stream;
                if let TlsMode::StartTls = mode {
                    let mut line = [0u8; 9];
                    if stream.read_exact(&mut line).is_err()
                        || &line != b"STARTTLS\n"
                        || stream.write_all(b"GO\n").is_err()
                    {
                        return;
                    }
                }
                let mut tls = rustls::StreamOwned::new(rustls::ServerConnection::new(config).unwrap(), stream);
                let answer = match mode {
                    TlsMode::Http => {
                        let mut heard = Vec::new();
                        let mut byte = [0u8; 1];
                        while !heard.ends_with(b"\r\n\r\n") && tls.read(&mut byte).is_ok_and(|n| n == 1) {
                            heard.push(byte[0]);
                        }
                        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".to_vec()
                    }
                    TlsMode::Shout | TlsMode::StartTls => {
                        let mut heard = Vec::new();
                        let _ = tls.read_to_end(&mut heard);
                        heard.to_ascii_uppercase()
                    }
                };
                let _ = tls.write_all(&answer);
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    port
}

/// Outbound TLS trusts the Web PKI, plus the CAs in `WORKY_EXTRA_CA_CERTS`:
/// with the test's CA there, `secureTransport: "on"`, `startTls()` and
/// `fetch()` all reach servers whose certificates it signed; without it, the
/// handshake fails and says why.
#[test]
fn tls_sockets_and_fetch_trust_the_extra_certificates() {
    let pki = pki();
    let ca_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(ca_file.path(), &pki.ca_pem).unwrap();
    let (shout, starttls, https) =
        (tls_server(&pki, TlsMode::Shout), tls_server(&pki, TlsMode::StartTls), tls_server(&pki, TlsMode::Http));
    let dir = sockets_project();

    let untrusting = Dev::start(dir.path(), &[]);
    let refused = untrusting.get(&format!("/tls?to=localhost:{shout}&size=5"));
    assert!(refused.body.contains("TLS handshake failed: invalid peer certificate: UnknownIssuer"), "{}", refused.body);
    untrusting.stop();

    let dev = Dev::start_with_env(dir.path(), &[], &[("WORKY_EXTRA_CA_CERTS", ca_file.path().to_str().unwrap())]);
    for size in [1, 70_000] {
        assert_eq!(dev.get(&format!("/tls?to=localhost:{shout}&size={size}")).body, size.to_string());
        assert_eq!(
            dev.get(&format!("/starttls?to=localhost:{starttls}&size={size}")).body,
            format!("[\"GO\\n\",{size}]")
        );
    }
    assert_eq!(dev.get(&format!("/fetch?url=https://localhost:{https}/")).body, "200 ok");
}

/// A file that holds no certificate stops `worky dev` at start, naming it.
#[test]
fn a_bad_extra_certificates_file_is_an_error_at_start() {
    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), "not a certificate\n").unwrap();
    let dir = sockets_project();
    let out = worky()
        .env("WORKY_EXTRA_CA_CERTS", bad.path())
        .args(["dev", "--port", "0"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("WORKY_EXTRA_CA_CERTS={}: holds no certificate", bad.path().display())), "{err}");
}

/// Runs `program` as the `postgres` user when this test runs as root
/// (PostgreSQL refuses to run as root).
fn postgres_command(program: &Path) -> Command {
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn postgres_bin(name: &str) -> Option<std::path::PathBuf> {
    let candidates = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(std::fs::read_dir("/usr/lib/postgresql").into_iter().flatten().flatten().map(|v| v.path().join("bin")));
    candidates.map(|dir| dir.join(name)).find(|path| path.is_file())
}

struct Postgres {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A throwaway PostgreSQL cluster on a free port (trust authentication, user
/// `worky`), or None when the machine has no PostgreSQL.
fn start_postgres() -> Option<Postgres> {
    let (initdb, postgres) = (postgres_bin("initdb")?, postgres_bin("postgres")?);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    if unsafe { libc::geteuid() } == 0 {
        let owner = Command::new("id").args(["-u", "postgres"]).output().ok()?;
        let uid: u32 = String::from_utf8_lossy(&owner.stdout).trim().parse().ok()?;
        std::os::unix::fs::chown(dir.path(), Some(uid), None).unwrap();
    }
    let init = postgres_command(&initdb)
        .args(["-D", data.to_str().unwrap(), "-A", "trust", "-U", "worky", "--no-sync"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(init.status.success(), "initdb failed: {}", String::from_utf8_lossy(&init.stderr));
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = postgres_command(&postgres)
        .args(["-D", data.to_str().unwrap(), "-p", &port.to_string(), "-k", dir.path().to_str().unwrap()])
        .args(["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "PostgreSQL did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(Postgres { child, port, _dir: dir })
}

/// `pg` from npm, which connects through `cloudflare:sockets` on Workers,
/// creates a table, writes and reads it back from a real PostgreSQL.
#[test]
fn the_pg_driver_queries_a_real_postgres_through_sockets() {
    let Some(postgres) = start_postgres() else {
        eprintln!("SKIPPED: no PostgreSQL on this machine (initdb and postgres not found)");
        return;
    };
    let dir = fixture("pg-sockets");
    npm_install(dir.path());
    let dev = Dev::start(dir.path(), &[]);
    let reply = dev.get(&format!("/?port={}", postgres.port));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body, r#"{"rows":[{"id":1,"name":"first"},{"id":2,"name":"second"}],"version":true}"#);
}

/// A Hyperdrive binding (`[[hyperdrive]]`) in dev: its details are the
/// database's own (from `localConnectionString`), so `pg` given
/// `env.HYPERDRIVE.connectionString` reaches a real PostgreSQL; the
/// environment variable wrangler reads wins over the file.
#[test]
fn a_hyperdrive_binding_reaches_a_real_postgres() {
    let Some(postgres) = start_postgres() else {
        eprintln!("SKIPPED: no PostgreSQL on this machine (initdb and postgres not found)");
        return;
    };
    let dir = fixture("pg-sockets");
    npm_install(dir.path());
    let worker = r#"
import pg from "pg";
export default {
  async fetch(request, env) {
    const { host, port, user, database } = env.HYPERDRIVE;
    const client = new pg.Client({ connectionString: env.HYPERDRIVE.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT current_user AS who, current_database() AS db");
      return Response.json({ ...rows[0], details: [host, typeof port, user, database] });
    } finally {
      await client.end();
    }
  },
};
"#;
    let toml = format!(
        "name = \"pg-hyperdrive\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-05-01\"\n\
         compatibility_flags = [\"nodejs_compat\"]\n[[hyperdrive]]\nbinding = \"HYPERDRIVE\"\nid = \"abc\"\n\
         localConnectionString = \"postgres://worky:secret@127.0.0.1:{}/postgres\"\n",
        postgres.port
    );
    std::fs::remove_file(dir.path().join("worky.toml")).unwrap();
    write_files(dir.path(), &[("wrangler.toml", &toml), ("src/index.js", worker)]);
    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.output().contains("env.HYPERDRIVE") && dev.output().contains("Hyperdrive"), "{}", dev.output());
    let reply = dev.get("/");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body, r#"{"who":"worky","db":"postgres","details":["127.0.0.1","number","worky","postgres"]}"#);
    drop(dev);

    // wrangler's variable wins: here it names a database that is not there.
    let variable = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE";
    let elsewhere = format!("postgres://worky:secret@127.0.0.1:{}/nowhere", postgres.port);
    let dev = Dev::start_with_env(dir.path(), &[], &[(variable, &elsewhere)]);
    let reply = dev.get("/");
    assert_eq!(reply.status, 500);
    assert!(reply.body.contains("database \"nowhere\" does not exist"), "{}", reply.body);
}

/// Without a connection string, dev says what to set, in wrangler's words; a
/// `localConnectionString` that is not one is refused at its line.
#[test]
fn a_hyperdrive_binding_without_a_connection_string_says_what_to_set() {
    let worker = "export default { fetch: (request, env) => new Response(env.HYPERDRIVE.host) };\n";
    let toml = "name = \"h\"\nmain = \"src/index.js\"\n[[hyperdrive]]\nbinding = \"HYPERDRIVE\"\nid = \"abc\"\n";
    let dir = project(&[("wrangler.toml", toml), ("src/index.js", worker)]);
    let dev = Dev::start(dir.path(), &[]);
    let said = dev.get("/").body;
    assert!(
        said.contains("set the value of the 'CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE' variable"),
        "{said}"
    );
    drop(dev);
    let bad = format!("{toml}localConnectionString = \"postgres://localhost:5432/db\"\n");
    let dir = project(&[("wrangler.toml", &bad), ("src/index.js", worker)]);
    let said = stderr(&run(dir.path(), &["build"]));
    assert!(said.contains("wrangler.toml:6:25") && said.contains("You must provide a username"), "{said}");
}
