//! The `send_email` binding through the real binary: what `env.MAIL.send()`
//! checks (tests/workerd/send_email.js compares it with miniflare's), and where
//! a sent message is kept: an `.eml` file with the exact bytes, in dev under
//! `.worky/state/email/<binding>/` with an EMAIL line, in serve under the
//! deployment's state directory with a log record.

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
