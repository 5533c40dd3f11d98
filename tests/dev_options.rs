//! `worky dev` options a wrangler user reaches for: `--local-protocol https`,
//! `--log-level`, `--minify`, the bindings table, and the keys on a terminal.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;

const CONFIG: &str = "name = \"opts\"\nmain = \"src/index.ts\"\n";

const WORKER: &str = r#"
function fail(): never {
  throw new Error("failed on purpose");
}
export default {
  fetch(request: Request): Response {
    const url = new URL(request.url);
    if (url.pathname === "/fail") fail();
    if (url.pathname === "/source") return new Response(String(function describeTheHandler(longParameterName: string) { return longParameterName; }));
    return new Response(`url=${request.url}`);
  },
};
"#;

fn app() -> tempfile::TempDir {
    project(&[("worky.toml", CONFIG), ("src/index.ts", WORKER)])
}

/// GET `path` over TLS, trusting only `ca` (a PEM file), with `name` as the server name.
fn https_get(port: u16, name: &str, ca: &std::path::Path, path: &str) -> Result<String, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let server_name = rustls::pki_types::ServerName::try_from(name.to_string()).unwrap();
    let connection = rustls::ClientConnection::new(Arc::new(config), server_name).unwrap();
    let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut tls = rustls::StreamOwned::new(connection, tcp);
    let request = format!("GET {path} HTTP/1.1\r\nHost: {name}:{port}\r\nConnection: close\r\n\r\n");
    tls.write_all(request.as_bytes()).map_err(|err| err.to_string())?;
    let mut response = String::new();
    tls.read_to_string(&mut response).map_err(|err| err.to_string())?;
    Ok(response)
}

fn port_of(url: &str) -> u16 {
    url.rsplit(':').next().unwrap().trim_end_matches('/').parse().unwrap()
}

#[test]
fn https_with_a_certificate_made_for_localhost() {
    let dir = app();
    let dev = Dev::start(dir.path(), &["--local-protocol", "https"]);
    assert!(dev.url.starts_with("https://127.0.0.1:"), "{}", dev.url);
    let port = port_of(&dev.url);
    let cert = dir.path().join(".worky/local-cert/cert.pem");
    // The certificate verifies for localhost and 127.0.0.1, and the worker sees https URLs.
    let reply = https_get(port, "localhost", &cert, "/a?b=1").unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.ends_with(&format!("url=https://localhost:{port}/a?b=1")), "{reply}");
    let reply = https_get(port, "127.0.0.1", &cert, "/").unwrap();
    assert!(reply.ends_with(&format!("url=https://127.0.0.1:{port}/")), "{reply}");
    // Plain HTTP on the HTTPS port gets no answer from the worker.
    assert!(client().get(format!("http://127.0.0.1:{port}/")).send().is_err());
    drop(dev);

    // The next start reuses the certificate (a browser's exception for it still holds).
    let made = std::fs::read(&cert).unwrap();
    let dev = Dev::start(dir.path(), &["--local-protocol", "https"]);
    assert_eq!(std::fs::read(&cert).unwrap(), made);
    assert!(https_get(port_of(&dev.url), "localhost", &cert, "/").unwrap().starts_with("HTTP/1.1 200"));
}

#[test]
fn https_with_the_users_certificate_files() {
    let dir = app();
    // Made by a first run; handed over as the user's own files.
    drop(Dev::start(dir.path(), &["--local-protocol", "https"]));
    let (cert, key) = (dir.path().join("mine.pem"), dir.path().join("mine.key"));
    std::fs::rename(dir.path().join(".worky/local-cert/cert.pem"), &cert).unwrap();
    std::fs::rename(dir.path().join(".worky/local-cert/key.pem"), &key).unwrap();
    let (cert_arg, key_arg) = (cert.to_str().unwrap(), key.to_str().unwrap());
    let dev = Dev::start(
        dir.path(),
        &["--local-protocol", "https", "--https-cert-path", cert_arg, "--https-key-path", key_arg],
    );
    assert!(https_get(port_of(&dev.url), "localhost", &cert, "/").unwrap().starts_with("HTTP/1.1 200"));
    assert!(!dir.path().join(".worky/local-cert/cert.pem").exists(), "no certificate made");

    // Files that are not PEM, and paths without https, are clear errors.
    let out = run(
        dir.path(),
        &[
            "dev",
            "--port",
            "0",
            "--local-protocol",
            "https",
            "--https-cert-path",
            "worky.toml",
            "--https-key-path",
            key_arg,
        ],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("worky.toml holds no PEM CERTIFICATE"), "{}", stderr(&out));
    let out = run(dir.path(), &["dev", "--https-cert-path", cert_arg, "--https-key-path", key_arg]);
    assert!(stderr(&out).contains("need --local-protocol https"), "{}", stderr(&out));
}

/// A port nobody listens on now (for runs that print no URL).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `worky dev` on a free port with `args`, once it answers; quiet levels print no URL to wait for.
fn quiet_dev(dir: &std::path::Path, args: &[&str]) -> (std::process::Child, String) {
    let port = free_port().to_string();
    let child = worky()
        .args(["dev", "--port", &port])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while client().get(format!("{url}/")).send().is_err() {
        assert!(Instant::now() < deadline, "dev did not answer");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, url)
}

fn stop(child: std::process::Child) -> String {
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout)
}

#[test]
fn log_level_decides_what_worky_prints() {
    let dir = app();
    // error: the failure, nothing else of worky's.
    let (child, url) = quiet_dev(dir.path(), &["--log-level", "error"]);
    send(client().get(format!("{url}/ok")));
    send(client().get(format!("{url}/fail")));
    let output = stop(child);
    assert!(output.contains("failed on purpose"), "{output}");
    assert!(!output.contains("Ready on") && !output.contains("GET     /ok"), "{output}");
    // none: nothing at all.
    let (child, url) = quiet_dev(dir.path(), &["--log-level", "none"]);
    send(client().get(format!("{url}/fail")));
    assert_eq!(stop(child), "");
    // The environment says the same as the flag, as WRANGLER_LOG does for wrangler.
    let port = free_port().to_string();
    let child = worky()
        .args(["dev", "--port", &port])
        .env("WORKY_LOG_LEVEL", "none")
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(stop(child), "");

    // The default hides worky's own frames and says so; debug shows them.
    let dev = Dev::start(dir.path(), &[]);
    assert_eq!(dev.get("/fail").status, 500);
    assert!(dev.wait_for_output("inside worky hidden: --log-level debug shows them", Duration::from_secs(5)));
    assert!(!dev.output().contains("ext:worky_runtime"), "{}", dev.output());
    let dev = Dev::start(dir.path(), &["--log-level", "debug"]);
    dev.get("/fail");
    assert!(dev.wait_for_output("ext:worky_runtime/04_serve.js", Duration::from_secs(5)), "{}", dev.output());
    assert!(dev.output().contains("GET     /fail 500"), "{}", dev.output());
}

#[test]
fn minify_shrinks_the_code_and_keeps_errors_mapped() {
    let dir = app();
    let plain = Dev::start(dir.path(), &[]);
    assert!(plain.get("/source").body.contains("longParameterName"));
    drop(plain);
    let dev = Dev::start(dir.path(), &["--minify"]);
    let source = dev.get("/source").body;
    assert!(!source.contains("longParameterName"), "minified: {source}");
    let page = dev.get("/fail").body;
    assert!(page.contains("failed on purpose") && page.contains("src/index.ts:"), "{page}");
}

#[test]
fn the_bindings_table_lists_env_at_startup() {
    let dir = project(&[
        (
            "wrangler.toml",
            "name = \"tbl\"\nmain = \"src/index.ts\"\n\
             kv_namespaces = [{ binding = \"CACHE\", id = \"prod-id\", preview_id = \"preview-id\" }]\n\
             [vars]\nGREETING = \"hi\"\n[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"d\"\ndatabase_id = \"x\"\n",
        ),
        (".dev.vars", "API_TOKEN=very-secret\n"),
        ("src/index.ts", "export default { fetch: () => new Response(\"ok\") };\n"),
    ]);
    let dev = Dev::start(dir.path(), &["--var", "EXTRA:yes"]);
    let output = dev.output();
    let line = |name: &str| output.lines().find(|line| line.contains(name)).unwrap_or_default().to_string();
    assert!(line("env.CACHE").contains("KV namespace") && line("env.CACHE").contains("preview-id"), "{output}");
    assert!(line("env.GREETING").contains("\"hi\""), "{output}");
    assert!(line("env.EXTRA").contains("--var"), "{output}");
    assert!(line("env.API_TOKEN").contains("secret") && !output.contains("very-secret"), "{output}");
    assert!(line("env.DB").contains("D1 database") && line("env.DB").contains("local, stored as x"), "{output}");
    let (table, ready) = (output.find("Bindings").unwrap(), output.find("Ready on").unwrap());
    assert!(table < ready, "before Ready: {output}");

    // Printed again only when it changes.
    std::fs::write(dir.path().join(".dev.vars"), "API_TOKEN=very-secret\nOTHER=1\n").unwrap();
    assert!(dev.wait_for_output("env.OTHER", Duration::from_secs(10)), "{}", dev.output());
    std::fs::write(dir.path().join("src/index.ts"), "export default { fetch: () => new Response(\"new\") };\n")
        .unwrap();
    dev.wait_until("/", Duration::from_secs(10), |reply| reply.body == "new");
    assert_eq!(dev.output().matches("Bindings").count(), 2, "{}", dev.output());
}

/// A pseudo-terminal: (the side worky reads as its stdin, the side the test types on).
fn pty() -> (OwnedFd, std::fs::File) {
    let (mut master, mut slave) = (0, 0);
    let rc =
        unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), std::ptr::null()) };
    assert_eq!(rc, 0, "openpty");
    unsafe { (OwnedFd::from_raw_fd(slave), std::fs::File::from_raw_fd(master)) }
}

#[test]
fn keys_on_a_terminal_open_a_browser_clear_and_exit() {
    let dir = app();
    let opened = dir.path().join("opened.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(&browser, format!("#!/bin/sh\necho \"$1\" > {}\n", opened.display())).unwrap();
    std::fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let (terminal, mut keyboard) = pty();
    let mut command = worky();
    command.args(["dev", "--port", "0"]).env("BROWSER", &browser).current_dir(dir.path()).stdin(Stdio::from(terminal));
    let mut server = Server::spawn(command, &["Ready on"]);
    assert!(server.wait_for_output("[b] open a browser", Duration::from_secs(5)), "{}", server.output());

    keyboard.write_all(b"b").unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !opened.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(std::fs::read_to_string(&opened).unwrap().trim(), server.url);

    keyboard.write_all(b"c").unwrap();
    assert!(server.wait_for_output("\x1b[2J", Duration::from_secs(5)), "cleared: {:?}", server.output());

    keyboard.write_all(b"x").unwrap();
    assert_eq!(server.wait_exit(Duration::from_secs(10)), Some(0), "{}", server.output());
    assert!(server.output().contains("Stopped"), "{}", server.output());
}

#[test]
fn without_a_terminal_there_are_no_keys() {
    let dir = app();
    let dev = Dev::start(dir.path(), &[]);
    assert!(!dev.output().contains("[b] open a browser"), "{}", dev.output());
}
