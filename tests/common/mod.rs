//! Helpers for end-to-end tests: they run the real `worky` binary and talk HTTP to it.
#![allow(dead_code)]

pub mod browser;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub fn worky() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_worky"));
    // Not the terminal the tests may run in: `worky dev` would take its keys.
    command.env("NO_COLOR", "1").stdin(Stdio::null());
    command
}

/// Makes sure this worky binary's startup snapshot is cached before a test starts
/// a server. Until it is, each server makes it itself and isolates start without it
/// (seconds instead of a millisecond), which changes what tests that count isolates
/// or threads see on the first run after a build. `worky init` waits for it.
fn startup_snapshot_cached() {
    static CACHED: std::sync::Once = std::sync::Once::new();
    CACHED.call_once(|| {
        let dir = tempfile::tempdir().unwrap();
        let output = run(dir.path(), &["init", "app"]);
        assert!(output.status.success(), "worky init: {}", stderr(&output));
    });
}

/// The `/proc` directories of a process's isolate threads.
pub fn isolate_threads(pid: u32) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .filter_map(|task| Some(task.ok()?.path()))
        .filter(|task| std::fs::read_to_string(task.join("comm")).is_ok_and(|name| name.trim() == "isolate"))
        .collect()
}

/// Runs `worky args...` in `dir` to completion.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    worky().args(args).current_dir(dir).output().expect("worky runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A temporary project directory with the given files.
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write_files(dir.path(), files);
    dir
}

pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, contents) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
}

/// A running `worky` server process; killed on drop. Its stdout and stderr are
/// collected for assertions.
pub struct Server {
    child: Child,
    /// The address it says it listens on (servers take port 0 and print the port they got).
    pub url: String,
    output: Arc<Mutex<String>>,
}

impl Server {
    /// Spawns `command` and waits until a line of its output contains one of
    /// `ready` followed by `http://...`, which becomes the URL.
    pub fn spawn(mut command: Command, ready: &[&str]) -> Server {
        startup_snapshot_cached();
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("worky starts");
        let output = Arc::new(Mutex::new(String::new()));
        let (url_tx, url_rx) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let output = output.clone();
            let url_tx = url_tx.clone();
            // `http://` or `https://`.
            let ready: Vec<String> = ready.iter().map(|marker| format!("{marker} http")).collect();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    // Kept before "ready" is announced, so output() then has the line.
                    {
                        let mut all = output.lock().unwrap();
                        all.push_str(&line);
                        all.push('\n');
                    }
                    if let Some((at, marker)) = ready.iter().find_map(|marker| Some((line.find(marker)?, marker))) {
                        // The URL ends at a space, or at the quote closing a JSON log message.
                        let rest = &line[at + marker.len() - "http".len()..];
                        let url = rest.split(|c: char| c.is_whitespace() || c == '"').next().unwrap_or("");
                        let _ = url_tx.send(url.to_string());
                    }
                }
            });
        }
        let url = match url_rx.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!("worky did not become ready ({ready:?}):\n{}", output.lock().unwrap());
            }
        };
        Server { child, url, output }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Waits until the collected output contains `needle`.
    pub fn wait_for_output(&self, needle: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.output().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// Waits for the process to exit by itself; its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<i32> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the readers take the last lines.
                std::thread::sleep(Duration::from_millis(100));
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("still running after {timeout:?}:\n{}", self.output());
    }

    /// SIGKILL: no chance to flush or clean up.
    pub fn kill9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Sends `signal` (INT, TERM) and waits up to 10 s for the exit status.
    pub fn signal_and_wait(&mut self, signal: &str) -> Option<i32> {
        let _ = Command::new("kill").args([&format!("-{signal}"), &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `worky dev`; killed on drop. Its output is collected for assertions.
pub struct Dev {
    server: Server,
    pub url: String,
}

impl Dev {
    /// Starts `worky dev --port 0 [args]` in `dir` and waits until it is ready.
    pub fn start(dir: &Path, args: &[&str]) -> Dev {
        Dev::start_with_env(dir, args, &[])
    }

    pub fn start_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Dev {
        let mut command = worky();
        command.envs(env.iter().copied()).arg("dev").args(["--port", "0"]).args(args).current_dir(dir);
        // "Listening on" when the worker did not start (its error page is served).
        let server = Server::spawn(command, &["Ready on", "Listening on"]);
        Dev { url: server.url.clone(), server }
    }

    pub fn pid(&self) -> u32 {
        self.server.pid()
    }

    pub fn output(&self) -> String {
        self.server.output()
    }

    /// Waits until the collected output contains `needle`.
    pub fn wait_for_output(&self, needle: &str, timeout: Duration) -> bool {
        self.server.wait_for_output(needle, timeout)
    }

    pub fn get(&self, path: &str) -> Reply {
        send(client().get(format!("{}{path}", self.url)))
    }

    pub fn get_with(&self, path: &str, accept: &str) -> Reply {
        send(client().get(format!("{}{path}", self.url)).header("accept", accept))
    }

    pub fn post(&self, path: &str, body: impl Into<reqwest::blocking::Body>) -> Reply {
        send(client().post(format!("{}{path}", self.url)).body(body))
    }

    /// Polls `path` until `check` accepts the reply.
    pub fn wait_until(&self, path: &str, timeout: Duration, check: impl Fn(&Reply) -> bool) -> Reply {
        poll_until(timeout, || self.get(path), check)
    }

    /// SIGKILL: no chance to flush or clean up.
    pub fn kill9(mut self) {
        self.server.kill9();
    }

    /// Ctrl-C, then the exit status and everything it printed.
    pub fn stop(mut self) -> (Option<i32>, String) {
        let status = self.server.signal_and_wait("INT");
        std::thread::sleep(Duration::from_millis(50));
        (status, self.server.output())
    }
}

/// A running `worky serve`; killed on drop. Collects its log.
pub struct Serve {
    server: Server,
    pub url: String,
}

impl Serve {
    /// The isolates deployment `name` holds now, as the admin API lists them
    /// (token "admin", as `serve_toml` writes it).
    pub fn isolates(&self, name: &str) -> u64 {
        let listing: serde_json::Value = client()
            .get(format!("{}/__worky/deployments", self.url))
            .bearer_auth("admin")
            .send()
            .unwrap()
            .json()
            .unwrap();
        let entry = listing.as_array().unwrap().iter().find(|entry| entry["name"] == name).unwrap().clone();
        entry["isolates"].as_u64().unwrap()
    }

    /// Runs `worky serve --config <config>`. A `@PORT@` in the config becomes 0:
    /// the server takes a free port and logs it, and the URL is read from there.
    pub fn start(config: &Path) -> Serve {
        Serve::start_with(config, &[], &[])
    }

    /// `worky serve --config <config> [args]` with `env` set.
    pub fn start_with(config: &Path, args: &[&str], env: &[(&str, &str)]) -> Serve {
        let text = std::fs::read_to_string(config).unwrap().replace("@PORT@", "0");
        std::fs::write(config, text).unwrap();
        let mut command = worky();
        command.envs(env.iter().copied()).args(["serve", "--config", config.to_str().unwrap()]).args(args);
        let server = Server::spawn(command, &["Serving on"]);
        Serve { url: server.url.clone(), server }
    }

    pub fn pid(&self) -> u32 {
        self.server.pid()
    }

    pub fn log(&self) -> String {
        self.server.output()
    }

    /// The log as soon as it holds every one of `needles` (it arrives through a pipe,
    /// shortly after the HTTP answer), or as it is after 10 s.
    pub fn log_with(&self, needles: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let log = self.log();
            if needles.iter().all(|n| log.contains(n)) || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn get(&self, path: &str, host: Option<&str>) -> Reply {
        let mut request = client().get(format!("{}{path}", self.url));
        if let Some(host) = host {
            request = request.header("host", host);
        }
        send(request)
    }

    /// Polls `path` (at `host`) until `check` accepts the reply.
    pub fn wait_until(
        &self,
        path: &str,
        host: Option<&str>,
        timeout: Duration,
        check: impl Fn(&Reply) -> bool,
    ) -> Reply {
        poll_until(timeout, || self.get(path, host), check)
    }

    /// SIGTERM, then the exit status.
    pub fn terminate(mut self) -> Option<i32> {
        self.server.signal_and_wait("TERM")
    }

    /// SIGKILL: no chance to clean up.
    pub fn kill9(&mut self) {
        self.server.kill9();
    }
}

/// GETs every path at once, each from its own thread; replies in the same order.
/// Asks until `check` accepts the reply or `timeout` passes; the last reply.
fn poll_until(timeout: Duration, ask: impl Fn() -> Reply, check: impl Fn(&Reply) -> bool) -> Reply {
    let deadline = Instant::now() + timeout;
    loop {
        let reply = ask();
        if check(&reply) || Instant::now() > deadline {
            return reply;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn get_concurrently(base_url: &str, paths: impl IntoIterator<Item = String>) -> Vec<Reply> {
    let handles: Vec<_> = paths
        .into_iter()
        .map(|path| {
            let url = format!("{base_url}{path}");
            std::thread::spawn(move || send(client().get(url)))
        })
        .collect();
    handles.into_iter().map(|handle| handle.join().unwrap()).collect()
}

pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().timeout(Duration::from_secs(30)).build().unwrap()
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

pub fn send(request: reqwest::blocking::RequestBuilder) -> Reply {
    let response = request.send().expect("request succeeds");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().unwrap_or_default();
    Reply { status, headers, body }
}

/// A copy of a fixture directory under tests/fixtures, in a temp dir.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&source, dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Installs a fixture's npm dependencies (from the npm registry, or npm's cache).
pub fn npm_install(dir: &Path) {
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .status()
        .expect("npm is installed (the test setup, .ci/run, installs it)");
    assert!(status.success(), "npm install failed in {}", dir.display());
}

/// A running `worky registry` on a free port; killed on drop.
pub struct Registry {
    server: Server,
    pub url: String,
}

impl Registry {
    pub fn start(storage: &Path, publishers: &[&str]) -> Registry {
        Registry::start_with(storage, publishers, &[])
    }

    pub fn start_with(storage: &Path, publishers: &[&str], args: &[&str]) -> Registry {
        let mut command = worky();
        command.args(["registry", "--port", "0", "--storage", storage.to_str().unwrap()]).args(args);
        for publisher in publishers {
            command.args(["--publisher", publisher]);
        }
        let server = Server::spawn(command, &["Registry on"]);
        Registry { url: server.url.clone(), server }
    }

    pub fn log(&self) -> String {
        self.server.output()
    }

    pub fn pid(&self) -> u32 {
        self.server.pid()
    }

    pub fn kill9(&mut self) {
        self.server.kill9();
    }
}

/// The most resident memory process `pid` has had, in bytes (Linux).
pub fn peak_rss(pid: u32) -> u64 {
    vm_kib(pid, "VmHWM:") * 1024
}

/// A `Vm...:` figure of process `pid`'s /proc status, in KiB (`"VmRSS:"`).
pub fn vm_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|line| line.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

pub struct Publisher {
    _home: tempfile::TempDir,
    pub key: String,
    pub public_key: String,
}

pub fn keygen() -> Publisher {
    let home = tempfile::tempdir().unwrap();
    let key = home.path().join("key.json").to_str().unwrap().to_string();
    let out = worky().args(["keygen", "--key", &key]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let public_key = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(public_key.len(), 44, "base64 of 32 bytes: {public_key}");
    // A second keygen never overwrites the key.
    let again = worky().args(["keygen", "--key", &key]).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    Publisher { _home: home, key, public_key }
}

/// Signs `dir`'s project as `version` into `packages` (no registry needed).
pub fn pack_into(dir: &Path, publisher: &Publisher, version: &str, packages: &Path) {
    let out = run(dir, &["publish", "--dry-run", "--key", &publisher.key, "--version", version]);
    assert!(out.status.success(), "{}", stderr(&out));
    let name = format!("{}-{version}.worky", package_name(dir));
    std::fs::copy(dir.join("dist").join(&name), packages.join(&name)).unwrap();
}

pub fn package_name(dir: &Path) -> String {
    let toml = std::fs::read_to_string(dir.join("worky.toml")).unwrap();
    toml.lines().find_map(|line| line.strip_prefix("name = \"")?.strip_suffix('"')).unwrap().to_string()
}

/// Packs a one-module JS worker, `name@version`, into `packages`; `toml` is added
/// to its worky.toml (`"[limits]\ncpu_ms = 50\n"`, say).
pub fn pack_worker(publisher: &Publisher, packages: &Path, name: &str, version: &str, toml: &str, code: &str) {
    let dir = project(&[
        ("worky.toml", &format!("name = \"{name}\"\nmain = \"src/index.js\"\n{toml}")),
        ("src/index.js", code),
    ]);
    pack_into(dir.path(), publisher, version, packages);
}

/// A serve.toml `[[deployments]]` entry: `name@version` on Host `host`.
pub fn deployment(name: &str, version: &str, host: &str) -> String {
    format!("[[deployments]]\nname = \"{name}\"\nversion = \"{version}\"\nhosts = [\"{host}\"]\n")
}

/// Switches a served deployment to `version` through the admin API (token
/// "admin", as `serve_toml` writes it); the answer's status.
pub fn switch_version(serve: &Serve, name: &str, version: &str) -> u16 {
    client()
        .post(format!("{}/__worky/deployments/{name}", serve.url))
        .bearer_auth("admin")
        .json(&serde_json::json!({ "version": version }))
        .send()
        .unwrap()
        .status()
        .as_u16()
}

/// serve.toml for packages in `packages`, trusted to `publisher`, plus `deployments`.
pub fn serve_toml(host: &Path, packages: &Path, publisher: &Publisher, extra: &str) -> std::path::PathBuf {
    let config = host.join("serve.toml");
    let text = format!(
        "listen = \"127.0.0.1:@PORT@\"\npackages_dir = \"{}\"\ntrusted_keys = [\"{}\"]\nadmin_token = \"admin\"\n{extra}",
        packages.display(),
        publisher.public_key
    );
    std::fs::write(&config, text).unwrap();
    config
}

/// `worky serve` in a directory of its own (returned first, so that it goes
/// after the server) with `deployments` (name, host), each at version 1.0.0 of
/// `packages`, in `processes` worker processes (0: one process for all).
pub fn serve_in_processes(
    publisher: &Publisher,
    packages: &Path,
    processes: usize,
    deployments: &[(&str, &str)],
) -> (tempfile::TempDir, Serve) {
    let host = tempfile::tempdir().unwrap();
    let entries: String = deployments.iter().map(|(name, at)| deployment(name, "1.0.0", at)).collect();
    let extra = format!("[host]\nworker_processes = {processes}\n{entries}");
    let serve = Serve::start(&serve_toml(host.path(), packages, publisher, &extra));
    (host, serve)
}

/// A small HTTP/1.1 server on `ip` (any free port) for workers to fetch from:
/// every request is answered with `answer(path)`, a whole response (status line,
/// headers, body), and the connection closed. Runs until the test process ends.
pub fn http_server(ip: &str, answer: fn(&str) -> String) -> std::net::SocketAddr {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind((ip, 0)).unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    return;
                }
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
                let _ = (&stream).write_all(answer(&path).as_bytes());
            });
        }
    });
    address
}

/// The metrics URL serve (or dev with --metrics-port) prints at start.
pub fn metrics_url(log: &str) -> String {
    let start = log.find("Metrics on ").expect("serve names its metrics listener") + "Metrics on ".len();
    log[start..].split_whitespace().next().unwrap().trim_end_matches('"').to_string()
}

/// A whole HTTP/1.1 response with `status` and `body` (and `extra` header lines).
pub fn http_response(status: &str, extra: &str, body: &str) -> String {
    format!("HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
}
