// The send_email binding (under miniflare, wrangler dev's runtime, which keeps
// each message sent in a file and logs where): what send() answers and what
// it refuses, with EmailMessage of cloudflare:email, by the binding's allowed
// senders and destinations and by the message's own headers.
import { EmailMessage } from "cloudflare:email";

const message = (from, to, headers, body = "Hello.") =>
  new EmailMessage(from, to, `${headers.join("\r\n")}\r\n\r\n${body}\r\n`);
const good = (from = "sender@example.com", to = "friend@example.com") =>
  message(from, to, [`From: Sender <${from}>`, `To: ${to}`, "Subject: hi", "Message-ID: <one@example.com>"]);

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const out = {};
    const t = async (key, f) => {
      try {
        const value = await f();
        out[key] = { ok: value === undefined ? "undefined" : value };
      } catch (error) {
        out[key] = { error: `${error?.name}: ${error?.message}` };
      }
    };
    out.shape = [typeof env.MAIL, typeof env.MAIL.send, Object.prototype.toString.call(env.MAIL)];
    await t("sent", async () => {
      const answer = await env.MAIL.send(good());
      return [Object.keys(answer).sort(), /^<[A-Za-z0-9]{36}@example\.com>$/.test(answer.messageId)];
    });
    await t("streamRaw", async () => {
      const raw = "From: sender@example.com\r\nTo: friend@example.com\r\nMessage-ID: <two@example.com>\r\n\r\nBody\r\n";
      const answer = await env.MAIL.send(new EmailMessage("sender@example.com", "friend@example.com", new Response(raw).body));
      return typeof answer.messageId;
    });
    await t("otherDestination", () => env.MAIL.send(good("sender@example.com", "stranger@example.com")));
    await t("otherSender", () => env.MAIL.send(good("intruder@example.com")));
    await t("noMessageId", () => env.MAIL.send(message("sender@example.com", "friend@example.com", ["From: sender@example.com", "To: friend@example.com"])));
    await t("fromMismatch", () => env.MAIL.send(message("sender@example.com", "friend@example.com", ["From: other@example.com", "Message-ID: <x@example.com>"])));
    await t("received", () => env.MAIL.send(message("sender@example.com", "friend@example.com", ["Received: from x", "From: sender@example.com", "Message-ID: <y@example.com>"])));
    await t("fixedDestination", async () => (await env.ONLY.send(good("sender@example.com", "boss@example.com"))).messageId.endsWith("@example.com>"));
    await t("fixedOther", () => env.ONLY.send(good("sender@example.com", "friend@example.com")));
    await t("open", async () => typeof (await env.OPEN.send(good("anyone@example.org", "anybody@example.net"))).messageId);
    await t("notAMessage", () => env.MAIL.send({ from: "sender@example.com" }));
    await t("builder", async () => {
      const answer = await env.OPEN.send({ from: "a@example.com", to: "b@example.com", subject: "Hi", text: "plain", html: "<p>html</p>" });
      return typeof answer.messageId;
    });
    await t("builderDisallowed", () => env.MAIL.send({ from: "sender@example.com", to: "stranger@example.com", subject: "x", text: "y" }));
    return Response.json(out);
  },
};
