//! Email through the real binary. The `send_email` binding: what
//! `env.MAIL.send()` checks (tests/workerd/send_email.js compares it with
//! miniflare's), and where a sent message is kept: an `.eml` file with the
//! exact bytes, in dev under `.worky/state/email/<binding>/` with an EMAIL
//! line, in serve under the deployment's state directory with a log record.
//! A worker's `email` handler: run by a POST of the raw message to dev's
//! /cdn-cgi/handler/email or serve's admin API (tests/workerd/email_handler.js
//! compares the answers with miniflare's); what it forwards and replies is
//! kept the same way, under `forwarded/` and `replies/`.

mod common;

use std::path::Path;

use common::*;

const SENDER: &str = r#"
import { EmailMessage } from "cloudflare:email";
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const to = url.searchParams.get("to") ?? "friend@example.com";
    if (url.pathname === "/builder") {
      const { messageId } = await env.MAIL.send({
        from: { name: "Sender", email: "sender@example.com" },
        to,
        subject: "Built",
        text: "plain part",
        attachments: [{ filename: "a.txt", content: "attached", type: "text/plain" }],
      });
      return new Response(messageId);
    }
    const body = "Gr\u00fc\u00dfe \u2603 ".repeat(Number(url.searchParams.get("repeat") ?? 1));
    const raw = `From: Sender <sender@example.com>\r\nTo: ${to}\r\nSubject: hi\r\nMessage-ID: <m1@example.com>\r\n\r\n${body}\r\n`;
    try {
      const { messageId } = await env.MAIL.send(new EmailMessage("sender@example.com", to, raw));
      return new Response(messageId);
    } catch (error) {
      return new Response(`${error.name}: ${error.message}`, { status: 400 });
    }
  },
};
"#;

const BINDING: &str = "[[send_email]]\nname = \"MAIL\"\nallowed_destination_addresses = [\"friend@example.com\"]\n";

/// The `.eml` files kept under `dir`, oldest first.
fn kept(dir: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<_> =
        std::fs::read_dir(dir).map(|entries| entries.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    files.iter().map(|path| std::fs::read(path).unwrap()).collect()
}

#[test]
fn dev_keeps_each_email_sent_as_a_file_and_says_where() {
    let toml = format!("name = \"mailer\"\nmain = \"src/index.js\"\ncompatibility_date = \"2025-05-01\"\n{BINDING}");
    let dir = project(&[("worky.toml", &toml), ("src/index.js", SENDER)]);
    let dev = Dev::start(dir.path(), &[]);
    assert!(dev.output().contains("env.MAIL") && dev.output().contains("Send Email"), "{}", dev.output());
    let outbox = dir.path().join(".worky/state/email/MAIL");

    // A message over 64 KiB, non-ASCII: kept byte for byte.
    let sent = dev.get("/?repeat=8000");
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(sent.body.starts_with('<') && sent.body.ends_with("@example.com>"), "{}", sent.body);
    let files = kept(&outbox);
    assert_eq!(files.len(), 1);
    let body = "Gr\u{fc}\u{df}e \u{2603} ".repeat(8000);
    let raw = format!(
        "From: Sender <sender@example.com>\r\nTo: friend@example.com\r\nSubject: hi\r\nMessage-ID: <m1@example.com>\r\n\r\n{body}\r\n"
    );
    assert!(raw.len() > 64 * 1024);
    assert!(files[0] == raw.as_bytes(), "the kept message differs from the one sent");
    assert!(dev.wait_for_output("EMAIL", std::time::Duration::from_secs(5)));
    assert!(dev.output().contains("sender@example.com -> friend@example.com"), "{}", dev.output());

    // Refused before anything is kept.
    let refused = dev.get("/?to=stranger@example.com");
    assert_eq!((refused.status, refused.body.as_str()), (400, "Error: email to stranger@example.com not allowed"));
    assert_eq!(kept(&outbox).len(), 1);

    // A builder becomes one MIME message.
    assert_eq!(dev.get("/builder").status, 200);
    let files = kept(&outbox);
    assert_eq!(files.len(), 2);
    let built = String::from_utf8(files[1].clone()).unwrap();
    assert!(
        built.starts_with("From: \"Sender\" <sender@example.com>\r\nTo: friend@example.com\r\nSubject: Built\r\n"),
        "{built}"
    );
    assert!(
        built.contains("plain part") && built.contains("filename=\"a.txt\"") && built.contains("YXR0YWNoZWQ="),
        "{built}"
    );
}

#[test]
fn serve_keeps_a_deployments_email_in_its_state_directory() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    let toml = format!("compatibility_date = \"2025-05-01\"\n{BINDING}");
    pack_worker(&publisher, packages.path(), "mailer", "1.0.0", &toml, SENDER);
    let host = tempfile::tempdir().unwrap();
    let state = host.path().join("state");
    let extra = format!("state_dir = \"{}\"\n{}", state.display(), deployment("mailer", "1.0.0", "mail.test"));
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    let sent = serve.get("/", Some("mail.test"));
    assert_eq!(sent.status, 200, "{}", sent.body);
    let files = kept(&state.join("mailer/email/MAIL"));
    assert_eq!(files.len(), 1);
    assert!(String::from_utf8_lossy(&files[0]).contains("Message-ID: <m1@example.com>"));
    let log = serve.log_with(&["env.MAIL sent an email"]);
    assert!(log.contains("from sender@example.com to friend@example.com"), "{log}");
}

#[test]
fn a_sender_with_both_kinds_of_destination_is_refused_with_its_line() {
    let toml = "name = \"mailer\"\nmain = \"src/index.js\"\n[[send_email]]\nname = \"MAIL\"\n\
                destination_address = \"a@example.com\"\nallowed_destination_addresses = [\"b@example.com\"]\n";
    let dir = project(&[("worky.toml", toml), ("src/index.js", "export default { fetch: () => new Response('') }")]);
    let said = stderr(&run(dir.path(), &["build"]));
    assert!(said.contains("worky.toml:6:") && said.contains("not both"), "{said}");
}

/// Forwards each message with an extra field, replies to it, and rejects one
/// whose subject says so.
const RECEIVER: &str = r#"
import { EmailMessage } from "cloudflare:email";
export default {
  async email(message, env, ctx) {
    if (message.headers.get("subject") === "reject me") return message.setReject(`no thanks, ${message.rawSize} bytes`);
    if (message.headers.get("subject") === "throw") throw new Error("the handler broke");
    await message.forward("friend@example.com", new Headers({ "X-Forwarded-By": "worky" }));
    const reply = `From: me@example.com\r\nTo: ${message.from}\r\nMessage-ID: <re@example.com>\r\n` +
      `In-Reply-To: ${message.headers.get("message-id")}\r\nSubject: re\r\n\r\nThanks.\r\n`;
    await message.reply(new EmailMessage("me@example.com", message.from, reply));
  },
};
"#;

fn incoming(subject: &str, body: &str) -> String {
    format!(
        "From: Sender <sender@example.com>\r\nTo: me@example.com\r\nSubject: {subject}\r\n\
         Message-ID: <in-1@example.com>\r\n\r\n{body}"
    )
}

const ENVELOPE: &str = "from=sender%40example.com&to=me%40example.com";

#[test]
fn dev_runs_the_email_handler_and_keeps_what_it_forwards_and_replies() {
    let dir = project(&[("worky.toml", "name = \"inbox\"\nmain = \"src/index.js\"\n"), ("src/index.js", RECEIVER)]);
    let dev = Dev::start(dir.path(), &[]);
    let path = format!("/cdn-cgi/handler/email?{ENVELOPE}");

    // Over 64 KiB, so the message reaches the worker as a stream.
    let message = incoming("hello", &"x".repeat(70 * 1024));
    let answer = dev.post(&path, message.clone());
    assert_eq!((answer.status, answer.body.as_str()), (200, "Worker successfully processed email"));
    let forwarded = kept(&dir.path().join(".worky/state/email/forwarded"));
    assert_eq!(forwarded.len(), 1);
    assert!(forwarded[0] == format!("x-forwarded-by: worky\r\n{message}").as_bytes(), "the forward differs");
    let replies = kept(&dir.path().join(".worky/state/email/replies"));
    assert_eq!(replies.len(), 1);
    let reply = String::from_utf8(replies[0].clone()).unwrap();
    assert!(reply.starts_with("References: <in-1@example.com>\r\nFrom: me@example.com\r\n"), "{reply}");
    assert!(dev.wait_for_output("me@example.com -> sender@example.com", std::time::Duration::from_secs(5)));
    assert!(dev.output().contains("sender@example.com -> friend@example.com"), "{}", dev.output());

    // Rejected, with the handler's reason; nothing more is kept.
    let rejected = dev.post(&path, incoming("reject me", "x"));
    let reason = format!("no thanks, {} bytes", incoming("reject me", "x").len());
    assert_eq!(
        (rejected.status, rejected.body),
        (400, format!("Worker rejected email with the following reason: {reason}"))
    );
    assert_eq!(kept(&dir.path().join(".worky/state/email/forwarded")).len(), 1);

    // A handler that throws is the worker's error, with its stack.
    let thrown = dev.post(&path, incoming("throw", "x"));
    assert_eq!(thrown.status, 500);
    assert!(thrown.body.contains("the handler broke") && thrown.body.contains("src/index.js:"), "{}", thrown.body);

    // Email Routing's 25 MiB: the largest message is taken, one byte more is not.
    let largest = incoming("reject me", "");
    let largest = format!("{largest}{}", "y".repeat(25 * 1024 * 1024 - largest.len()));
    let taken = dev.post(&path, largest.clone());
    assert_eq!((taken.status, taken.body.contains("26214400 bytes")), (400, true), "{}", taken.body);
    let refused = dev.post(&path, format!("{largest}y"));
    assert_eq!(
        (refused.status, refused.body.as_str()),
        (400, "Email message size is bigger than the production size limit of 25MiB.")
    );
}

#[test]
fn an_email_only_worker_runs_and_one_without_a_handler_says_so() {
    let only = "export default { email(message) { message.setReject(`from ${message.from}`); } };";
    let dir = project(&[("worky.toml", "name = \"only\"\nmain = \"src/index.js\"\n"), ("src/index.js", only)]);
    let dev = Dev::start(dir.path(), &[]);
    let rejected = dev.post(&format!("/cdn-cgi/handler/email?{ENVELOPE}"), incoming("hi", "x"));
    assert_eq!(
        (rejected.status, rejected.body.as_str()),
        (400, "Worker rejected email with the following reason: from sender@example.com")
    );
    let fetched = dev.get("/");
    assert_eq!(fetched.status, 500);
    assert!(fetched.body.contains("no fetch handler"), "{}", fetched.body);
    drop(dev);

    // A WorkerEntrypoint class's email(), with this.env.
    let class = "import { WorkerEntrypoint } from 'cloudflare:workers';\n\
                 export default class extends WorkerEntrypoint { email(m) { m.setReject(`${this.env.WHY} ${m.to}`); } }";
    let toml = "name = \"only\"\nmain = \"src/index.js\"\n[vars]\nWHY = \"closed for\"\n";
    let dir = project(&[("worky.toml", toml), ("src/index.js", class)]);
    let dev = Dev::start(dir.path(), &[]);
    let rejected = dev.post(&format!("/cdn-cgi/handler/email?{ENVELOPE}"), incoming("hi", "x"));
    assert_eq!(rejected.body, "Worker rejected email with the following reason: closed for me@example.com");
    drop(dev);

    let fetch_only = "export default { fetch: () => new Response('ok') };";
    let dir = project(&[("worky.toml", "name = \"web\"\nmain = \"src/index.js\"\n"), ("src/index.js", fetch_only)]);
    let dev = Dev::start(dir.path(), &[]);
    let answer = dev.post(&format!("/cdn-cgi/handler/email?{ENVELOPE}"), incoming("hi", "x"));
    assert_eq!(answer.status, 500);
    assert!(answer.body.contains("Handler does not export an email() function."), "{}", answer.body);
    // Outside dev's trigger paths, requests reach fetch as ever.
    assert_eq!(dev.post("/email", "x").body, "ok");
}

#[test]
fn serve_hands_email_to_a_deployment_through_the_admin_api() {
    let publisher = keygen();
    let packages = tempfile::tempdir().unwrap();
    pack_worker(&publisher, packages.path(), "inbox", "1.0.0", "compatibility_date = \"2025-05-01\"\n", RECEIVER);
    let host = tempfile::tempdir().unwrap();
    let state = host.path().join("state");
    // Through the front to the worker process that runs the deployment.
    let extra = format!(
        "state_dir = \"{}\"\n[host]\nworker_processes = 2\n{}",
        state.display(),
        deployment("inbox", "1.0.0", "inbox.test")
    );
    let serve = Serve::start(&serve_toml(host.path(), packages.path(), &publisher, &extra));
    let post = |name: &str, token: &str, body: String| {
        let url = format!("{}/__worky/deployments/{name}/email?{ENVELOPE}", serve.url);
        send(client().post(url).bearer_auth(token).body(body))
    };

    assert_eq!(post("inbox", "wrong", incoming("hello", "x")).status, 401);
    assert_eq!(post("nowhere", "admin", incoming("hello", "x")).status, 404);
    let answer = post("inbox", "admin", incoming("hello", "x"));
    assert_eq!((answer.status, answer.body.as_str()), (200, "Worker successfully processed email"));
    assert_eq!(kept(&state.join("inbox/email/forwarded")).len(), 1);
    assert_eq!(kept(&state.join("inbox/email/replies")).len(), 1);
    let rejected = post("inbox", "admin", incoming("reject me", "x"));
    assert_eq!(rejected.status, 400);
    let failed = post("inbox", "admin", incoming("throw", "x"));
    assert_eq!(failed.status, 500);
    assert!(failed.body.contains("the email handler failed: Error: the handler broke"), "{}", failed.body);
    let log = serve.log_with(&[
        "the email handler forwarded an email from sender@example.com to friend@example.com",
        "the email handler replied with an email from me@example.com to sender@example.com",
        "inbox email handler: Worker rejected email",
        "inbox: the email handler failed",
    ]);
    assert!(log.contains("inbox: the email handler failed: Error: the handler broke"), "{log}");
}
