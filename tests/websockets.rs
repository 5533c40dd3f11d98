//! WebSockets through the real binary, with a real WebSocket client (tungstenite):
//! `WebSocketPair` in a worker, sizes on both sides of Cloudflare's 1 MiB limit,
//! the close handshake, and a Durable Object chat room with the hibernation API.

mod common;

use std::net::TcpStream;
use std::time::Duration;

use common::*;
use tungstenite::client::IntoClientRequest;
use tungstenite::protocol::CloseFrame;
use tungstenite::protocol::frame::coding::CloseCode;
use tungstenite::{Message, WebSocket};

type Client = WebSocket<TcpStream>;

const ECHO: &str = r#"
export default {
  fetch(request) {
    if (request.headers.get("Upgrade") !== "websocket") {
      if (new URL(request.url).pathname === "/wrong") {
        const [client] = Object.values(new WebSocketPair());
        return new Response(null, { status: 101, webSocket: client });
      }
      return new Response("expected a WebSocket", { status: 426 });
    }
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (event) => {
      // Closes as asked: `close` with no code, `close long` with a reason past a frame's 123 bytes.
      if (event.data === "close") return server.close();
      if (event.data === "close long") return server.close(4001, "r".repeat(200));
      server.send(typeof event.data === "string" ? `echo:${event.data}` : event.data);
    });
    server.addEventListener("close", (event) => console.log(`closed ${event.code} ${event.reason} ${event.wasClean}`));
    return new Response(null, { status: 101, webSocket: client });
  },
};
"#;

fn connect(url: &str, host: Option<&str>) -> Client {
    let mut request = url.replace("http://", "ws://").into_client_request().unwrap();
    if let Some(host) = host {
        request.headers_mut().insert("host", host.parse().unwrap());
    }
    let address = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
    let stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let (client, response) = tungstenite::client(request, stream).unwrap();
    assert_eq!(response.status(), 101);
    client
}

fn text(client: &mut Client) -> String {
    match client.read().unwrap() {
        Message::Text(text) => text.as_str().to_string(),
        other => panic!("expected text, got {other:?}"),
    }
}

#[test]
fn a_worker_echoes_text_and_binary_up_to_one_mebibyte() {
    let dir = project(&[("worker.js", ECHO)]);
    let dev = Dev::start(dir.path(), &["worker.js"]);
    let mut client = connect(&format!("{}/", dev.url), None);
    client.send(Message::text("hello")).unwrap();
    assert_eq!(text(&mut client), "echo:hello");
    client.send(Message::binary(vec![1u8, 2, 3])).unwrap();
    assert_eq!(client.read().unwrap(), Message::binary(vec![1u8, 2, 3]));
    // Exactly the limit goes through, both ways.
    let largest = vec![7u8; 1 << 20];
    client.send(Message::binary(largest.clone())).unwrap();
    assert_eq!(client.read().unwrap(), Message::binary(largest));
    // The close handshake: the worker sees the code and reason, and answers.
    client.close(Some(CloseFrame { code: CloseCode::Normal, reason: "bye".into() })).unwrap();
    loop {
        match client.read() {
            Ok(Message::Close(frame)) => {
                assert_eq!(frame.map(|f| u16::from(f.code)), Some(1000));
            }
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    assert!(dev.wait_for_output("closed 1000 bye true", Duration::from_secs(5)), "{}", dev.output());
}

/// The worker's `close()` without a code sends a close frame without one (the
/// client sees no status, 1005 to a worker); a reason longer than a close frame
/// holds (workerd takes it) reaches the client cut to 123 bytes.
#[test]
fn a_worker_closes_without_a_code_or_with_a_long_reason() {
    let dir = project(&[("worker.js", ECHO)]);
    let dev = Dev::start(dir.path(), &["worker.js"]);
    let close_frame = |client: &mut Client| loop {
        match client.read() {
            Ok(Message::Close(frame)) => return frame.map(|f| (u16::from(f.code), f.reason.as_str().to_string())),
            Ok(_) => continue,
            Err(error) => panic!("no close frame: {error}"),
        }
    };
    let mut client = connect(&format!("{}/", dev.url), None);
    client.send(Message::text("close")).unwrap();
    assert_eq!(close_frame(&mut client), None);
    let mut client = connect(&format!("{}/", dev.url), None);
    client.send(Message::text("close long")).unwrap();
    assert_eq!(close_frame(&mut client), Some((4001, "r".repeat(123))));
}

#[test]
fn a_message_one_byte_over_the_limit_closes_with_1009() {
    let dir = project(&[("worker.js", ECHO)]);
    let dev = Dev::start(dir.path(), &["worker.js"]);
    let mut client = connect(&format!("{}/", dev.url), None);
    client.send(Message::binary(vec![0u8; (1 << 20) + 1])).unwrap();
    let closed = match client.read() {
        Ok(Message::Close(frame)) => frame.map(|frame| u16::from(frame.code)),
        other => panic!("expected the close frame, got {other:?}"),
    };
    assert_eq!(closed, Some(1009));
    assert!(dev.wait_for_output("closed 1009 message too big", Duration::from_secs(5)), "{}", dev.output());
    // The isolate is fine: another socket echoes.
    let mut again = connect(&format!("{}/", dev.url), None);
    again.send(Message::text("still here")).unwrap();
    assert_eq!(text(&mut again), "echo:still here");
}

/// A 101 to a request that did not ask to upgrade is the worker's error, said so.
#[test]
fn a_websocket_for_a_plain_request_is_an_error() {
    let dir = project(&[("worker.js", ECHO)]);
    let dev = Dev::start(dir.path(), &["worker.js"]);
    let reply = dev.get("/wrong");
    assert_eq!(reply.status, 500, "{}", reply.body);
    assert!(reply.body.contains("the request did not ask to upgrade"), "{}", reply.body);
}

const CHAT_CONFIG: &str = r#"name = "chat"
main = "src/index.js"

[[durable_objects.bindings]]
name = "ROOMS"
class_name = "ChatRoom"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["ChatRoom"]
"#;

const CHAT: &str = r#"
import { DurableObject } from "cloudflare:workers";

export class ChatRoom extends DurableObject {
  async fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    const name = new URL(request.url).searchParams.get("name");
    this.ctx.acceptWebSocket(server, [name]);
    server.serializeAttachment({ name });
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws, message) {
    const { name } = ws.deserializeAttachment();
    for (const peer of this.ctx.getWebSockets()) peer.send(`${name}: ${message}`);
  }

  async webSocketClose(ws, code, reason, wasClean) {
    const left = (await this.ctx.storage.get("left")) ?? [];
    left.push(`${this.ctx.getTags(ws)[0]} ${code}`);
    await this.ctx.storage.put("left", left);
  }

  async left() {
    return (await this.ctx.storage.get("left")) ?? [];
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const room = env.ROOMS.getByName(url.pathname.slice(1) || "lobby");
    if (request.headers.get("Upgrade") === "websocket") return room.fetch(request);
    return Response.json(await room.left());
  },
};
"#;

/// Two clients in a Durable Object chat room: what one says, both hear, through
/// `acceptWebSocket`, `webSocketMessage` and `getWebSockets`; leaving calls
/// `webSocketClose`. In `worky serve`, as in dev.
#[test]
fn a_durable_object_chat_room_with_the_hibernation_api() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let dir = project(&[("worky.toml", CHAT_CONFIG), ("src/index.js", CHAT)]);
    pack_into(dir.path(), &publisher, "1.0.0", packages.path());
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(host.path(), packages.path(), &publisher, &deployment("chat", "1.0.0", "chat.test"));
    let serve = Serve::start(&config);

    let mut ada = connect(&format!("{}/room1?name=ada", serve.url), Some("chat.test"));
    let mut bob = connect(&format!("{}/room1?name=bob", serve.url), Some("chat.test"));
    ada.send(Message::text("hi bob")).unwrap();
    assert_eq!(text(&mut ada), "ada: hi bob");
    assert_eq!(text(&mut bob), "ada: hi bob");
    bob.send(Message::text("hi ada")).unwrap();
    assert_eq!(text(&mut ada), "bob: hi ada");
    assert_eq!(text(&mut bob), "bob: hi ada");
    bob.close(Some(CloseFrame { code: CloseCode::Library(4000), reason: "gone".into() })).unwrap();
    let _ = bob.read();
    let left = (0..100)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(50));
            serve.get("/room1", Some("chat.test")).body
        })
        .find(|body| body != "[]")
        .unwrap_or_default();
    assert_eq!(left, r#"["bob 4000"]"#);
    // Another room is another object.
    let mut cy = connect(&format!("{}/room2?name=cy", serve.url), Some("chat.test"));
    cy.send(Message::text("anyone?")).unwrap();
    assert_eq!(text(&mut cy), "cy: anyone?");
    ada.send(Message::text("still here")).unwrap();
    assert_eq!(text(&mut ada), "ada: still here");
}

/// With `[host] worker_processes`, the front passes the upgrade on and pipes the
/// connection to the worker process.
#[test]
fn websockets_pass_through_worker_processes() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    pack_worker(&publisher, packages.path(), "echo", "1.0.0", "", ECHO);
    let host = tempfile::tempdir().unwrap();
    let extra = format!("[host]\nworker_processes = 1\n{}", deployment("echo", "1.0.0", "echo.test"));
    let config = serve_toml(host.path(), packages.path(), &publisher, &extra);
    let serve = Serve::start(&config);
    let mut client = connect(&format!("{}/", serve.url), Some("echo.test"));
    for round in 0..3 {
        client.send(Message::text(format!("round {round}"))).unwrap();
        assert_eq!(text(&mut client), format!("echo:round {round}"));
    }
    assert_eq!(serve.get("/", Some("echo.test")).status, 426, "plain requests still pass");
}

/// A WebSocket that another deployment answers, through a service binding:
/// in the same process, and in another worker process. Messages go both ways
/// (1 MiB included), and the close.
#[test]
fn a_websocket_comes_back_from_another_deployment_through_a_service_binding() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    pack_worker(&publisher, packages.path(), "echo", "1.0.0", "", ECHO);
    let gateway = "export default { fetch: (request, env) => env.ECHO.fetch(request) };\n";
    let binding = "[[services]]\nbinding = \"ECHO\"\nservice = \"echo\"\n";
    pack_worker(&publisher, packages.path(), "gateway", "1.0.0", binding, gateway);
    let deployments = [("gateway", "gateway.test"), ("echo", "echo.test")];
    for processes in [0, 2] {
        let (_host, serve) = serve_in_processes(&publisher, packages.path(), processes, &deployments);
        let mut client = connect(&format!("{}/", serve.url), Some("gateway.test"));
        client.send(Message::text("hello")).unwrap();
        assert_eq!(text(&mut client), "echo:hello", "{processes} processes");
        let largest = vec![7u8; 1 << 20];
        client.send(Message::binary(largest.clone())).unwrap();
        assert_eq!(client.read().unwrap(), Message::binary(largest));
        client.close(Some(CloseFrame { code: CloseCode::Library(4000), reason: "bye".into() })).unwrap();
        loop {
            match client.read() {
                Ok(Message::Close(frame)) => {
                    assert_eq!(frame.map(|frame| u16::from(frame.code)), Some(4000), "{processes} processes");
                    break;
                }
                Ok(_) => continue,
                Err(err) => panic!("{processes} processes: no close answer: {err}"),
            }
        }
        assert!(serve.log_with(&["closed 4000 bye true"]).contains("closed 4000 bye true"));
        assert_eq!(serve.get("/", Some("gateway.test")).status, 426, "plain requests still pass");
    }
}

const CLIENT: &str = r#"
export default {
  async fetch(request) {
    const target = new URL(request.url).searchParams.get("to");
    const via = new URL(request.url).pathname;
    let socket;
    if (via === "/fetch") {
      const response = await fetch(target.replace("ws:", "http:"), { headers: { Upgrade: "websocket" } });
      socket = response.webSocket;
      socket.accept();
    } else {
      socket = new WebSocket(target);
      try {
        await new Promise((resolve, reject) => {
          socket.onopen = resolve;
          socket.onerror = (event) => reject(new Error(event.message));
        });
      } catch (error) {
        return new Response(`${error.name}: ${error.message}`, { status: 502 });
      }
    }
    const answer = new Promise((resolve) => socket.addEventListener("message", (event) => resolve(event.data)));
    socket.send("hi");
    const echoed = await answer;
    socket.close(1000, "done");
    return new Response(`${via} ${echoed}`);
  },
};
"#;

/// Outbound WebSockets, as Workers has them: `new WebSocket(url)` and `fetch()`
/// with `Upgrade: websocket`, here to another worky.
#[test]
fn a_worker_opens_outbound_websockets() {
    let echo_dir = project(&[("worker.js", ECHO)]);
    let echo = Dev::start(echo_dir.path(), &["worker.js"]);
    let client_dir = project(&[("worker.js", CLIENT)]);
    let caller = Dev::start(client_dir.path(), &["worker.js"]);
    let to = echo.url.replace("http://", "ws://");
    let reply = send(client().get(format!("{}/new", caller.url)).query(&[("to", &to)]));
    assert_eq!((reply.status, reply.body.as_str()), (200, "/new echo:hi"));
    let reply = send(client().get(format!("{}/fetch", caller.url)).query(&[("to", &to)]));
    assert_eq!((reply.status, reply.body.as_str()), (200, "/fetch echo:hi"));
    assert!(echo.wait_for_output("closed 1000 done true", Duration::from_secs(5)), "{}", echo.output());
}

/// `worky serve` keeps outbound WebSockets inside the egress policy, as fetch():
/// the host's loopback is refused by default.
#[test]
fn outbound_websockets_follow_the_egress_policy() {
    let echo_dir = project(&[("worker.js", ECHO)]);
    let echo = Dev::start(echo_dir.path(), &["worker.js"]);
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    pack_worker(&publisher, packages.path(), "client", "1.0.0", "", CLIENT);
    let host = tempfile::tempdir().unwrap();
    let config = serve_toml(host.path(), packages.path(), &publisher, &deployment("client", "1.0.0", "client.test"));
    let serve = Serve::start(&config);
    let to = echo.url.replace("http://", "ws://");
    let request = client().get(format!("{}/new", serve.url)).header("host", "client.test").query(&[("to", &to)]);
    let reply = send(request);
    assert_eq!(reply.status, 502, "{}", reply.body);
    let port = to.rsplit(':').next().unwrap().trim_end_matches('/');
    assert_eq!(reply.body, format!("Error: WebSocket to 127.0.0.1:{port} is not allowed by this host's egress policy"));
}
