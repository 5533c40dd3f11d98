// worky's JS glue, part 27: a `send_email` binding (`[[send_email]]`):
// `await env.MAIL.send(message)` checks the message as miniflare (wrangler
// dev's runtime) does, with its words (tests/workerd/send_email.js): the
// binding's allowed senders and destinations, and an EmailMessage's own
// headers (a Message-ID, a From that is the sender, no Received); then the
// host keeps it in the binding's outbox (src/runtime/ops/email.rs) and it
// answers `{ messageId }`. A message builder (`{ from, to, subject, text,
// html, attachments }`) is made into one MIME message first.
//
// It also runs a worker's incoming `email` handler (`runEmail`), as wrangler
// dev does for a POST to /cdn-cgi/handler/email?from=&to= (worky serve: its
// admin API): the handler gets a ForwardableEmailMessage whose setReject,
// forward and reply behave as miniflare's (tests/workerd/email_handler.js);
// a forwarded message or a reply is kept in the worker's outbox, as sent
// messages are.
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has such a binding or gets an email (04_serve.js `lazyModule`).

(function (core, primordials, LENT) {
"use strict";

const {
  ArrayBufferIsView,
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ArrayPrototypeSome,
  Error,
  ObjectFreeze,
  MathRandom,
  String,
  StringFromCharCode,
  StringPrototypeIncludes,
  StringPrototypeIndexOf,
  StringPrototypeLastIndexOf,
  StringPrototypeReplace,
  StringPrototypeReplaceAll,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeToLowerCase,
  StringPrototypeTrim,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
  TypeError,
  Uint8Array,
} = primordials;
const { op_worky_email_send, op_worky_respond_error, op_worky_respond_text } = core.ops;
const { ExecutionContext, settled, errorDetails, headerText, newRequest } = LENT;
const { Response } = core.loadExtScript("ext:deno_fetch/23_response.js");
const { btoa } = core.loadExtScript("ext:deno_web/05_base64.js");

// miniflare's key for an EmailMessage's raw message (cloudflare:email).
const RAW_EMAIL = "EmailMessage::raw";
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A Message-ID as Cloudflare makes one: 36 letters and digits at the sender's domain. */
function messageId(sender) {
  const bytes = new Uint8Array(36);
  globalThis.crypto.getRandomValues(bytes);
  let id = "";
  for (let i = 0; i < bytes.length; i++) id += ID_ALPHABET[bytes[i] % ID_ALPHABET.length];
  return `<${id}@${StringPrototypeSlice(sender, StringPrototypeLastIndexOf(sender, "@") + 1)}>`;
}

/** An address of a builder: a string, or `{ name, email }`. */
function addressOf(address) {
  if (typeof address === "string") return address;
  if (address === undefined || address === null) {
    throw new TypeError(`Cannot read properties of ${address} (reading 'email')`);
  }
  return address.email;
}

function formatAddress(address) {
  return typeof address === "string" ? address : `"${address.name}" <${address.email}>`;
}

/** The bytes of a raw message's header section (up to its first empty line). */
function headSection(raw) {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 10) continue;
    if (raw[i + 1] === 10) return TypedArrayPrototypeSubarray(raw, 0, i);
    if (raw[i + 1] === 13 && raw[i + 2] === 10) return TypedArrayPrototypeSubarray(raw, 0, i);
  }
  return raw;
}

/**
 * A raw message's header fields in order, `[lower-case name, value]`, as
 * postal-mime (miniflare's parser) reads them: folded lines joined, runs of
 * white space made one space, both ends trimmed.
 */
function headerFields(raw) {
  const head = StringPrototypeReplace(core.decode(headSection(raw)), /\r?\n(?=[ \t])/g, " ");
  const fields = [];
  for (const line of StringPrototypeSplit(head, /\r?\n/)) {
    const text = StringPrototypeReplace(line, /\s+/g, " ");
    const colon = StringPrototypeIndexOf(text, ":");
    if (colon <= 0) continue;
    const name = StringPrototypeToLowerCase(StringPrototypeTrim(StringPrototypeSlice(text, 0, colon)));
    ArrayPrototypePush(fields, [name, StringPrototypeTrim(StringPrototypeSlice(text, colon + 1))]);
  }
  return fields;
}

/** The header fields of a raw message by lower-case name (the first of each; an empty one: none). */
function headersOf(raw) {
  const fields = { __proto__: null };
  for (const { 0: name, 1: value } of headerFields(raw)) {
    if (value !== "") fields[name] ??= value;
  }
  return fields;
}

/** The address in a From field: within `<...>`, or the whole. */
function mailbox(field) {
  const open = StringPrototypeIndexOf(field, "<");
  const close = StringPrototypeLastIndexOf(field, ">");
  return open >= 0 && close > open ? StringPrototypeSlice(field, open + 1, close) : field;
}

/** An attachment's content (a string, or bytes) in base64, 76 characters a line. */
function base64Lines(content) {
  const bytes = typeof content === "string" ? core.encode(content) : new Uint8Array(ArrayBufferIsView(content) ? content.buffer : content);
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += StringFromCharCode(bytes[i]);
  const encoded = btoa(binary);
  const lines = [];
  for (let i = 0; i < encoded.length; i += 76) ArrayPrototypePush(lines, StringPrototypeSlice(encoded, i, i + 76));
  return ArrayPrototypeJoin(lines, "\r\n");
}

/** A message builder's fields as one MIME message (text, HTML, attachments). */
function mimeOf(builder, id) {
  const boundary = `worky-${StringPrototypeSlice(String(MathRandom()), 2)}`;
  const list = (value) => ArrayPrototypeJoin(ArrayPrototypeMap(ArrayIsArray(value) ? value : [value], formatAddress), ", ");
  const lines = [`From: ${formatAddress(builder.from)}`, `To: ${list(builder.to)}`];
  if (builder.cc) ArrayPrototypePush(lines, `Cc: ${list(builder.cc)}`);
  if (builder.bcc) ArrayPrototypePush(lines, `Bcc: ${list(builder.bcc)}`);
  ArrayPrototypePush(lines, `Subject: ${builder.subject ?? ""}`, `Message-ID: ${id}`, "MIME-Version: 1.0");
  ArrayPrototypePush(lines, `Content-Type: multipart/mixed; boundary="${boundary}"`, "");
  const part = (type, body, extra = []) => {
    ArrayPrototypePush(lines, `--${boundary}`, `Content-Type: ${type}`, ...extra, "", body);
  };
  if (builder.text !== undefined) part("text/plain; charset=utf-8", String(builder.text));
  if (builder.html !== undefined) part("text/html; charset=utf-8", String(builder.html));
  for (const attachment of builder.attachments ?? []) {
    const disposition = `Content-Disposition: ${attachment.disposition ?? "attachment"}; filename="${attachment.filename}"`;
    const encoding = "Content-Transfer-Encoding: base64";
    part(attachment.type ?? "application/octet-stream", base64Lines(attachment.content), [disposition, encoding]);
  }
  ArrayPrototypePush(lines, `--${boundary}--`, "");
  return core.encode(ArrayPrototypeJoin(lines, "\r\n"));
}

class SendEmail {
  #name;
  #destination;
  #destinations;
  #senders;

  constructor(name, destination, destinations, senders) {
    this.#name = name;
    this.#destination = destination;
    this.#destinations = destinations;
    this.#senders = senders;
  }

  #checkSender(from) {
    if (this.#senders !== null && !ArrayPrototypeIncludes(this.#senders, from)) {
      throw new Error(`email from ${from} not allowed`);
    }
  }

  #checkDestinations(to) {
    for (const address of ArrayIsArray(to) ? to : [to]) {
      const allowed = this.#destination !== null
        ? address === this.#destination
        : this.#destinations === null || ArrayPrototypeIncludes(this.#destinations, address);
      if (!allowed) throw new Error(`email to ${address} not allowed`);
    }
  }

  async send(message) {
    if (message !== null && typeof message === "object" && RAW_EMAIL in message) {
      const { from, to } = message;
      this.#checkSender(from);
      this.#checkDestinations(to);
      const raw = new Uint8Array(await new Response(message[RAW_EMAIL]).arrayBuffer());
      const headers = headersOf(raw);
      if (headers["message-id"] === undefined) throw new Error("invalid message-id");
      if (mailbox(headers.from ?? "") !== from) throw new Error("From: header does not match mail from");
      if (headers.received !== undefined) throw new Error("invalid headers set");
      await op_worky_email_send("send", this.#name, from, ArrayIsArray(to) ? to : [to], raw);
      return { messageId: messageId(from) };
    }
    const from = addressOf(message?.from);
    this.#checkSender(from);
    const to = ArrayPrototypeMap(ArrayIsArray(message.to) ? message.to : [message.to], addressOf);
    this.#checkDestinations(to);
    const id = messageId(from);
    await op_worky_email_send("send", this.#name, from, to, mimeOf(message, id));
    return { messageId: id };
  }
}

// --- A worker's `email` handler ---

const MAX_INCOMING_BYTES = 25 * 1024 * 1024;
const INVALID_EMAIL = "Invalid email. Your request must include URL parameters specifying the `from` and `to` " +
  "addresses, as well as an email in the body";

/** The Message-ID forward() and reply() answer (miniflare's: 32 hex digits at example.com). */
function answerId() {
  return { messageId: `${StringPrototypeReplaceAll(globalThis.crypto.randomUUID(), "-", "")}@example.com` };
}

function respondText(id, status, text) {
  const headers = headerText([["content-type", "text/plain;charset=UTF-8"]]);
  op_worky_respond_text(id, status, headers, headers.length, text, text.length, false);
}

/** Whether a reply to a message with these headers may be sent (Email Routing's rules, miniflare's words). */
function isReplyable(headers) {
  const suppress = headers["x-auto-response-suppress"];
  if (suppress !== undefined && StringPrototypeToLowerCase(suppress) !== "none") return false;
  const autoSubmitted = headers["auto-submitted"];
  if (autoSubmitted !== undefined && StringPrototypeToLowerCase(autoSubmitted) !== "no") return false;
  const inReplyTo = headers["in-reply-to"];
  const references = headers.references;
  if (inReplyTo === undefined && references === undefined) return true;
  if (inReplyTo === undefined || references === undefined) return false;
  let ats = 0;
  for (let i = 0; i < references.length; i++) if (references[i] === "@") ats++;
  if (ats >= 100) {
    globalThis.console.error(
      "The incoming email's \"References\" header has more than 100 entries. As such, your Worker cannot " +
        "respond to this email. Refer to https://developers.cloudflare.com/email-routing/email-workers/reply-email-workers/.",
    );
    return false;
  }
  return true;
}

/** A reply to the message with `incoming` headers checked; its bytes, with a References field added if it had none. */
async function checkedReply(incoming, reply) {
  const raw = new Uint8Array(await new Response(reply?.[RAW_EMAIL]).arrayBuffer());
  const headers = headersOf(raw);
  if (mailbox(headers.from ?? "") !== reply?.from) throw new Error("From: header does not match mail from");
  if (headers["message-id"] === undefined) throw new Error("invalid message-id");
  if (headers.received !== undefined) throw new Error("invalid headers set");
  const inReplyTo = headers["in-reply-to"];
  if (inReplyTo === undefined) throw new Error("no In-Reply-To header found in reply message");
  const original = incoming["message-id"];
  if (inReplyTo !== original) throw new Error("In-Reply-To does not match original Message-ID");
  const earlier = incoming.references ?? "";
  if (headers.references !== undefined) {
    if (!StringPrototypeIncludes(headers.references, original) || !StringPrototypeIncludes(headers.references, earlier)) {
      throw new Error("provided References header is invalid");
    }
    return raw;
  }
  return withFieldsBefore(`References: ${original}${earlier.length > 0 ? " " : ""}${earlier}\r\n`, raw);
}

/** A copy of message `raw` with the header lines `text` written before it. */
function withFieldsBefore(text, raw) {
  const fields = core.encode(text);
  const out = new Uint8Array(fields.length + raw.length);
  TypedArrayPrototypeSet(out, fields, 0);
  TypedArrayPrototypeSet(out, raw, fields.length);
  return out;
}

/** Header lines written before a forwarded message (`forward(to, headers)`). */
function forwardedFields(headers) {
  let text = "";
  if (headers === undefined || headers === null) return text;
  for (const { 0: name, 1: value } of new globalThis.Headers(headers)) text += `${name}: ${value}\r\n`;
  return text;
}

/** The message an `email` handler gets: Cloudflare's ForwardableEmailMessage. */
class ForwardableEmailMessage {
  #raw;
  #fields;
  #rejection;

  constructor(from, to, raw, fields, rejection) {
    this.from = from;
    this.to = to;
    this.rawSize = raw.length;
    this.headers = new globalThis.Headers(fields);
    this.#raw = raw;
    this.#fields = headersOf(raw);
    this.#rejection = rejection;
    ObjectFreeze(this);
  }

  get raw() {
    return new Response(this.#raw).body;
  }

  setReject(reason) {
    this.#rejection.reason = String(reason);
  }

  async forward(rcptTo, headers = undefined) {
    const out = withFieldsBefore(forwardedFields(headers), this.#raw);
    await op_worky_email_send("forward", "", this.from, [String(rcptTo)], out);
    return answerId();
  }

  async reply(message) {
    if (!isReplyable(this.#fields)) throw new Error("Original email is not replyable");
    const raw = await checkedReply(this.#fields, message);
    await op_worky_email_send("reply", "", message.from, [message.to], raw);
    return answerId();
  }
}

/** Warns, as miniflare does, when the envelope does not match the message's own From and To. */
function warnEnvelope(from, to, headers) {
  const sender = mailbox(headers.from ?? "");
  if (from !== sender) {
    globalThis.console.warn(
      `Provided MAIL FROM address doesn't match the email message's "From" header:\n  MAIL FROM: ${from}\n  "From" header: ${sender}`,
    );
  }
  const recipients = ArrayPrototypeMap(StringPrototypeSplit(headers.to ?? "", ","), (a) => mailbox(StringPrototypeTrim(a)));
  if (!ArrayPrototypeSome(recipients, (address) => address === to)) {
    globalThis.console.warn(
      `Provided RCPT TO address doesn't match any "To" header in the email message:\n  RCPT TO: ${to}\n  "To" header: ${ArrayPrototypeJoin(recipients, ", ")}`,
    );
  }
}

/**
 * The worker's `email` handler (`(message, ctx) => ...`), or null: on its
 * default export, an object's or a WorkerEntrypoint class's (found here, not
 * with the other handlers, so it costs the startup snapshot nothing).
 */
function emailHandler(namespace, env) {
  const exported = namespace.default;
  if (typeof exported === "function" && typeof exported.prototype?.email === "function") {
    return (message, ctx) => new exported(ctx, env).email(message);
  }
  if (exported !== null && typeof exported === "object" && typeof exported.email === "function") {
    return (message, ctx) => exported.email(message, env, ctx);
  }
  return null;
}

/**
 * Runs the worker's `email` handler with the message a request carries (the
 * body; the URL's `from` and `to` are its envelope), answering as wrangler dev
 * answers: 200, 400 with the handler's rejection, or 400 for a message it
 * cannot take.
 */
async function runEmail(handlers, request) {
  const { 0: id, 1: method, 2: url, 3: headerList, 4: hasStream, 5: inline } = request;
  const handler = emailHandler(handlers.exported, handlers.env);
  if (handler === null) {
    op_worky_respond_error(id, "no-handler", "Handler does not export an email() function.", null);
    return;
  }
  const params = new globalThis.URL(url).searchParams;
  const from = params.get("from");
  const to = params.get("to");
  const carrier = newRequest(id, method, url, headerList, hasStream, inline, null);
  if (carrier.body === null || !from || !to) return respondText(id, 400, INVALID_EMAIL);
  const raw = new Uint8Array(await carrier.arrayBuffer());
  if (raw.length > MAX_INCOMING_BYTES) {
    return respondText(id, 400, "Email message size is bigger than the production size limit of 25MiB.");
  }
  const fields = headerFields(raw);
  const headers = headersOf(raw);
  if (headers["message-id"] === undefined) {
    return respondText(id, 400, "Email could not be parsed: invalid or no message id provided");
  }
  warnEnvelope(from, to, headers);
  const rejection = { reason: undefined };
  const ctx = new ExecutionContext();
  try {
    await handler(new ForwardableEmailMessage(from, to, raw, fields, rejection), ctx);
    await settled(ctx);
  } catch (error) {
    const { 0: message, 1: stack } = errorDetails(error);
    op_worky_respond_error(id, "exception", message, stack);
    return;
  }
  if (rejection.reason !== undefined) {
    return respondText(id, 400, `Worker rejected email with the following reason: ${rejection.reason}`);
  }
  respondText(id, 200, "Worker successfully processed email");
}

return { SendEmail, runEmail };
})
