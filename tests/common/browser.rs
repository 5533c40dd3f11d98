//! A real browser for pages people read: Debian's headless Chromium
//! (`chromium-headless-shell`, which .ci/run installs), driven over the DevTools
//! protocol to load a page and evaluate JavaScript in it.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Browser {
    child: Child,
    page: tungstenite::WebSocket<TcpStream>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium on `url` and waits until the page has loaded.
    pub fn open(url: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new("chromium-headless-shell")
            .args([
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            // Debian's `chromium-headless-shell` is a script that runs the browser
            // as its child: a group of its own lets Drop end the browser too.
            .process_group(0)
            .spawn()
            .expect("chromium-headless-shell runs (apt-get install chromium-headless-shell; .ci/run installs it)");
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let mut port = None;
        for line in stderr.lines() {
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix("DevTools listening on ws://127.0.0.1:") {
                port = rest.split('/').next().map(str::to_string);
                break;
            }
        }
        let port = port.expect("chromium printed its DevTools address");
        let targets: Value =
            reqwest::blocking::get(format!("http://127.0.0.1:{port}/json/list")).unwrap().json().unwrap();
        let page_url = targets
            .as_array()
            .unwrap()
            .iter()
            .find(|target| target["type"] == "page")
            .and_then(|target| target["webSocketDebuggerUrl"].as_str())
            .expect("a page target")
            .to_string();
        let stream = TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let (page, _) = tungstenite::client(page_url.as_str(), stream).expect("DevTools handshake");
        let mut browser = Browser { child, page, next_id: 0, _profile: profile };
        // The page target exists before the navigation to `url` has committed.
        let loaded = "location.href !== 'about:blank' && document.readyState === 'complete'";
        let deadline = Instant::now() + Duration::from_secs(15);
        while browser.eval(loaded) != json!(true) {
            assert!(Instant::now() < deadline, "{url} did not load");
            std::thread::sleep(Duration::from_millis(20));
        }
        browser
    }

    /// The value of `expression` (awaited if it is a promise) in the page.
    pub fn eval(&mut self, expression: &str) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let call = json!({"id": id, "method": "Runtime.evaluate",
            "params": {"expression": expression, "awaitPromise": true, "returnByValue": true}});
        self.page.send(tungstenite::Message::text(call.to_string())).unwrap();
        loop {
            let message = self.page.read().expect("a DevTools reply");
            let Ok(text) = message.to_text() else { continue };
            let reply: Value = serde_json::from_str(text).unwrap();
            if reply["id"] == id {
                assert!(reply["result"]["exceptionDetails"].is_null(), "{expression}: {reply}");
                return reply["result"]["result"]["value"].clone();
            }
        }
    }

    /// The page's text as rendered (what a person sees: hidden content is not in it).
    pub fn text(&mut self) -> String {
        self.eval("document.body.innerText").as_str().unwrap_or_default().to_string()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The whole group: the script, the browser and its zygote, GPU and renderer processes.
        if let Ok(group) = i32::try_from(self.child.id()) {
            // SAFETY: kill only sends a signal; the group is the one spawned above.
            unsafe { libc::kill(-group, libc::SIGKILL) };
        }
        let _ = self.child.wait();
    }
}
