// A worker's incoming `email` handler, run as `wrangler dev` runs it (under
// miniflare): a POST of a raw message to /cdn-cgi/handler/email?from=&to=.
// GET / posts each case to this same dev server and records its answer; the
// handler tells what it saw through setReject (the answer's text carries it).
import { EmailMessage } from "cloudflare:email";

const incoming = (headers, body = "Hello.") => `${headers.join("\r\n")}\r\n\r\n${body}\r\n`;
const basic = (extra = []) =>
  incoming(["From: Sender <sender@example.com>", "To: me@example.com", "Subject: hi", "Message-ID: <in-1@example.com>", ...extra]);

// Replies to the incoming message <in-1@example.com>, each with one flaw or none.
const replyText = (headers) => incoming(headers, "Thanks.");
const reply = (headers) => new EmailMessage("me@example.com", "sender@example.com", replyText(headers));
const REPLY_OK = ["From: me@example.com", "To: sender@example.com", "Message-ID: <re-1@example.com>", "In-Reply-To: <in-1@example.com>"];

async function attempt(f) {
  try {
    const value = await f();
    return { ok: value === undefined ? "undefined" : value };
  } catch (error) {
    return { error: `${error?.name}: ${error?.message}` };
  }
}

const cases = {
  async observe(message, env, ctx) {
    const raw = await new Response(message.raw).text();
    return {
      from: message.from,
      to: message.to,
      rawSize: message.rawSize,
      raw,
      headers: [...message.headers],
      methods: [typeof message.setReject, typeof message.forward, typeof message.reply],
      ctx: typeof ctx.waitUntil,
      env: typeof env,
    };
  },
  async forward(message) {
    const plain = await attempt(async () => {
      const answer = await message.forward("friend@example.com");
      return [Object.keys(answer ?? {}), /^[0-9a-f]{32}@example\.com$/.test(answer?.messageId)];
    });
    const withHeaders = await attempt(async () => typeof (await message.forward("other@example.com", new Headers({ "X-Tag": "a" }))));
    return { plain, withHeaders };
  },
  async reply(message) {
    const result = {};
    result.good = await attempt(async () => {
      const answer = await message.reply(reply(REPLY_OK));
      return [Object.keys(answer ?? {}), /^[0-9a-f]{32}@example\.com$/.test(answer?.messageId)];
    });
    result.withReferences = await attempt(async () => typeof (await message.reply(reply([...REPLY_OK, "References: <in-1@example.com>"]))));
    result.fromMismatch = await attempt(() => message.reply(new EmailMessage("me@example.com", "sender@example.com", replyText(["From: someone@example.com", ...REPLY_OK.slice(1)]))));
    result.noMessageId = await attempt(() => message.reply(reply(REPLY_OK.filter((h) => !h.startsWith("Message-ID")))));
    result.received = await attempt(() => message.reply(reply(["Received: from x", ...REPLY_OK])));
    result.noInReplyTo = await attempt(() => message.reply(reply(REPLY_OK.slice(0, 3))));
    result.otherInReplyTo = await attempt(() => message.reply(reply([...REPLY_OK.slice(0, 3), "In-Reply-To: <other@example.com>"])));
    result.badReferences = await attempt(() => message.reply(reply([...REPLY_OK, "References: <other@example.com>"])));
    return result;
  },
  async rejectTwice(message) {
    // Awaited: under miniflare setReject is a JS RPC call to its entry worker
    // (on Cloudflare it returns nothing, at once).
    await message.setReject("first");
    await message.setReject("second");
  },
  async accept() {},
  async throws() {
    throw new Error("handler failed");
  },
  async replyTo(message) {
    return attempt(async () => typeof (await message.reply(reply(REPLY_OK))).messageId);
  },
};

async function post(origin, { from = "sender@example.com", to = "me@example.com", body, method = "POST" } = {}) {
  const query = new URLSearchParams();
  if (from !== null) query.set("from", from);
  if (to !== null) query.set("to", to);
  const response = await fetch(`${origin}/cdn-cgi/handler/email?${query}`, { method, body });
  const text = await response.text();
  return [response.status, response.status === 500 ? "(an error page)" : text];
}

export default {
  async email(message, env, ctx) {
    const name = message.headers.get("x-case");
    const seen = await cases[name]?.(message, env, ctx);
    if (seen !== undefined) await message.setReject(JSON.stringify(seen));
  },

  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/ready") return new Response("ok");
    const { origin } = url;
    const out = {};
    const withCase = (name, extra = []) => basic([`X-Case: ${name}`, ...extra]);
    out.accepted = await post(origin, { body: withCase("accept") });
    out.noHandlerCase = await post(origin, { body: basic() });
    out.observe = await post(origin, { body: withCase("observe", ["X-Folded: one", "  two", "X-Dup: a", "X-Dup: b", "Subject-Encoded: =?UTF-8?B?aMOpbGxv?="]) });
    out.forward = await post(origin, { body: withCase("forward") });
    out.reply = await post(origin, { body: withCase("reply") });
    out.rejectTwice = await post(origin, { body: withCase("rejectTwice") });
    out.throws = await post(origin, { body: withCase("throws") });
    out.autoSubmitted = await post(origin, { body: withCase("replyTo", ["Auto-Submitted: auto-replied"]) });
    out.autoSubmittedNo = await post(origin, { body: withCase("replyTo", ["Auto-Submitted: no"]) });
    out.suppress = await post(origin, { body: withCase("replyTo", ["X-Auto-Response-Suppress: All"]) });
    out.inReplyToOnly = await post(origin, { body: withCase("replyTo", ["In-Reply-To: <earlier@example.com>"]) });
    out.threaded = await post(origin, { body: withCase("replyTo", ["In-Reply-To: <earlier@example.com>", "References: <earlier@example.com>"]) });
    out.fromMismatch = await post(origin, { from: "envelope@example.com", body: withCase("accept") });
    out.toMismatch = await post(origin, { to: "elsewhere@example.com", body: withCase("accept") });
    out.noFrom = await post(origin, { from: null, body: withCase("accept") });
    out.noTo = await post(origin, { to: null, body: withCase("accept") });
    out.noBody = await post(origin, { method: "GET" });
    out.noMessageId = await post(origin, { body: incoming(["From: sender@example.com", "To: me@example.com", "X-Case: accept"]) });
    const other = await fetch(`${origin}/cdn-cgi/handler/other`, { method: "POST", body: "x" });
    out.otherHandler = [other.status, await other.text()];
    const padded = (size) => {
      const head = withCase("accept");
      return head + "x".repeat(size - head.length);
    };
    out.size1MiB = await post(origin, { body: padded(1024 * 1024) });
    out.size1MiBPlus1 = await post(origin, { body: padded(1024 * 1024 + 1) });
    out.size25MiBPlus1 = await post(origin, { body: padded(25 * 1024 * 1024 + 1) });
    return Response.json(out);
  },
};
