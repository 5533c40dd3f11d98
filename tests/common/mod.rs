//! Helpers for end-to-end tests: they run the real `worky` binary and talk HTTP to it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub fn worky() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_worky"));
    command.env("NO_COLOR", "1");
    command
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

/// A running `worky dev`; killed on drop. Its output is collected for assertions.
pub struct Dev {
    child: Child,
    pub url: String,
    output: Arc<Mutex<String>>,
}

impl Dev {
    /// Starts `worky dev --port 0 [args]` in `dir` and waits until it is ready.
    pub fn start(dir: &Path, args: &[&str]) -> Dev {
        Dev::start_with_env(dir, args, &[])
    }

    pub fn start_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Dev {
        let mut child = worky()
            .envs(env.iter().copied())
            .arg("dev")
            .args(["--port", "0"])
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("worky dev starts");
        let output = Arc::new(Mutex::new(String::new()));
        let (url_tx, url_rx) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let output = output.clone();
            let url_tx = url_tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    if let Some(at) = line.find("Ready on http://") {
                        let _ = url_tx.send(line[at + "Ready on ".len()..].trim().to_string());
                    }
                    let mut all = output.lock().unwrap();
                    all.push_str(&line);
                    all.push('\n');
                }
            });
        }
        let url = match url_rx.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!("worky dev did not become ready:\n{}", output.lock().unwrap());
            }
        };
        Dev { child, url, output }
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
        let deadline = Instant::now() + timeout;
        loop {
            let reply = self.get(path);
            if check(&reply) || Instant::now() > deadline {
                return reply;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no chance to flush or clean up.
    pub fn kill9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    pub fn stop(mut self) -> (Option<i32>, String) {
        #[cfg(unix)]
        unsafe_sigint(self.child.id());
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(50));
        (status, self.output())
    }
}

#[cfg(unix)]
fn unsafe_sigint(pid: u32) {
    let _ = Command::new("kill").args(["-INT", &pid.to_string()]).status();
}

impl Drop for Dev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// GETs every path at once, each from its own thread; replies in the same order.
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

/// A running `worky registry`; killed on drop.
pub struct Registry {
    child: Child,
    pub url: String,
}

impl Registry {
    pub fn start(storage: &Path, publishers: &[&str]) -> Registry {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut command = worky();
        command.args(["registry", "--port", &port.to_string(), "--storage", storage.to_str().unwrap()]);
        for publisher in publishers {
            command.args(["--publisher", publisher]);
        }
        let child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "registry did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Registry { child, url }
    }

    pub fn kill9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
