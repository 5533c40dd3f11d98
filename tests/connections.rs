//! What `worky serve` allows a client at the HTTP level: a deadline for request
//! headers (slowloris, idle keep-alive), a cap on open connections, a Host
//! header that must be a host, and routing on the same normalized URL the
//! worker sees.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;

/// Two tenants, `a` under `/a` and `b` under `/b`; each answers with its name
/// and the URL it was given.
fn two_tenants(http: &str) -> (Serve, [tempfile::TempDir; 3]) {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let mut dirs = Vec::new();
    for name in ["a", "b"] {
        let dir = project(&[
            ("worky.toml", &format!("name = \"{name}\"\nmain = \"src/index.js\"\n")),
            (
                "src/index.js",
                &format!("export default {{ fetch: (request) => new Response('{name} ' + request.url) }};\n"),
            ),
        ]);
        pack_into(dir.path(), &publisher, "1.0.0", packages.path());
        dirs.push(dir);
    }
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(
        host.path(),
        packages.path(),
        &publisher,
        &format!(
            "{http}\n[[deployments]]\nname = \"a\"\nversion = \"1.0.0\"\npath_prefix = \"/a\"\n\
             [[deployments]]\nname = \"b\"\nversion = \"1.0.0\"\npath_prefix = \"/b\"\n"
        ),
    );
    let serve = Serve::start(&config);
    let [a, b]: [tempfile::TempDir; 2] = dirs.try_into().unwrap();
    (serve, [a, b, host])
}

fn connect(serve: &Serve) -> TcpStream {
    let address = serve.url.trim_start_matches("http://");
    let stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    stream
}

/// Sends `request` as it is and reads until the server closes the connection.
fn exchange(serve: &Serve, request: &str) -> String {
    let mut stream = connect(serve);
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

/// Reads until the server closes the connection; how long that took.
fn time_until_closed(stream: &mut TcpStream) -> Duration {
    let started = Instant::now();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return started.elapsed(),
            Ok(_) => {}
        }
    }
}

#[test]
fn slow_headers_and_idle_connections_are_closed_and_the_others_still_answer() {
    let (serve, _dirs) = two_tenants("[http]\nheader_timeout_s = 1\n");

    // Slowloris: a header line every 300 ms, never the blank line that ends them.
    let mut slow = connect(&serve);
    slow.write_all(b"GET /a/ HTTP/1.1\r\nHost: a.test\r\n").unwrap();
    let trickle = std::thread::spawn({
        let mut slow = slow.try_clone().unwrap();
        move || {
            for i in 0..40 {
                std::thread::sleep(Duration::from_millis(300));
                if slow.write_all(format!("X-Slow-{i}: 1\r\n").as_bytes()).is_err() {
                    return i;
                }
            }
            40
        }
    });
    // An idle keep-alive connection, after one answered request.
    let mut idle = connect(&serve);
    idle.write_all(b"GET /b/ HTTP/1.1\r\nHost: b.test\r\n\r\n").unwrap();
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");

    assert_eq!(serve.get("/b/", None).body, format!("b {}/b/", serve.url), "the other tenant answers meanwhile");
    let slow_closed = time_until_closed(&mut slow);
    assert!(slow_closed < Duration::from_secs(10), "slowloris connection still open after {slow_closed:?}");
    assert!(trickle.join().unwrap() < 40, "the server stopped reading the trickled headers");
    let idle_closed = time_until_closed(&mut idle);
    assert!(idle_closed < Duration::from_secs(10), "idle keep-alive connection still open after {idle_closed:?}");
    assert_eq!(serve.get("/a/", None).status, 200);
}

#[test]
fn at_the_connection_cap_new_clients_wait_until_one_closes() {
    let (serve, _dirs) = two_tenants("[http]\nmax_connections = 3\nheader_timeout_s = 60\n");
    let held: Vec<TcpStream> = (0..3).map(|_| connect(&serve)).collect();
    // Give the server a moment to accept the three, so the fourth is the one left over.
    std::thread::sleep(Duration::from_millis(300));
    let quick = reqwest::blocking::Client::builder().timeout(Duration::from_millis(700)).build().unwrap();
    let refused = quick.get(format!("{}/a/", serve.url)).send();
    assert!(refused.is_err(), "a fourth connection is served while three are open: {refused:?}");
    drop(held);
    let reply = serve.get("/a/", None);
    assert_eq!(reply.status, 200, "served once the others closed: {}", reply.body);
}

#[test]
fn a_malformed_host_is_a_bad_request_not_a_worker_error() {
    let (serve, _dirs) = two_tenants("");
    for host in ["b.test/get?", "user@b.test", "b.test#x", "b test"] {
        let answer = exchange(&serve, &format!("GET /b/ok HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert!(answer.starts_with("HTTP/1.1 400"), "Host: {host} answered {answer}");
    }
    let answer = exchange(&serve, "GET /b/ok HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 400"), "no Host answered {answer}");
    let log = serve.log();
    assert!(!log.contains("Uncaught"), "no worker ran for a bad Host: {log}");
}

#[test]
fn routing_uses_the_normalized_path_the_worker_sees() {
    let (serve, _dirs) = two_tenants("");
    for target in ["/b/../a/ok", "/b/%2e%2e/a/ok", "/b/./../a/ok"] {
        let answer = exchange(&serve, &format!("GET {target} HTTP/1.1\r\nHost: x.test\r\nConnection: close\r\n\r\n"));
        assert!(answer.starts_with("HTTP/1.1 200"), "{target}: {answer}");
        assert!(answer.ends_with("a http://x.test/a/ok"), "{target} went to a, as /a/ok: {answer}");
    }
    let answer = exchange(&serve, "GET /bb/ok HTTP/1.1\r\nHost: x.test\r\nConnection: close\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 404"), "/bb is not under /b: {answer}");
}

/// HTTP/2 in cleartext with prior knowledge, as a proxy in front of a host may
/// speak it: forty requests at once over one connection are all answered, each
/// with its own URL. A connection is served on one of the process's connection
/// threads, and its streams on all of them (http/shards.rs).
#[test]
fn many_requests_at_once_over_one_http2_connection_are_each_answered() {
    let (serve, _dirs) = two_tenants("");
    let client = reqwest::blocking::Client::builder().http2_prior_knowledge().build().unwrap();
    // The first request opens the one connection the others then share.
    let first = client.get(format!("{}/a/first", serve.url)).send().unwrap();
    assert_eq!(first.version(), reqwest::Version::HTTP_2);
    assert_eq!(first.text().unwrap(), format!("a {}/a/first", serve.url));
    let replies: Vec<_> = std::thread::scope(|scope| {
        let calls: Vec<_> = (0..40)
            .map(|i| {
                let (client, url) = (&client, format!("{}/{}/{i}", serve.url, if i % 2 == 0 { "a" } else { "b" }));
                scope.spawn(move || {
                    let reply = client.get(&url).send().unwrap();
                    (reply.version(), reply.status().as_u16(), reply.text().unwrap())
                })
            })
            .collect();
        calls.into_iter().map(|call| call.join().unwrap()).collect()
    });
    for (i, (version, status, body)) in replies.into_iter().enumerate() {
        let name = if i % 2 == 0 { "a" } else { "b" };
        assert_eq!((version, status), (reqwest::Version::HTTP_2, 200), "request {i}: {body}");
        assert_eq!(body, format!("{name} {}/{name}/{i}", serve.url));
    }
}
