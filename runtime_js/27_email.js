// worky's JS glue, part 27: a `send_email` binding (`[[send_email]]`):
// `await env.MAIL.send(message)` checks the message as miniflare (wrangler
// dev's runtime) does, with its words (tests/workerd/send_email.js): the
// binding's allowed senders and destinations, and an EmailMessage's own
// headers (a Message-ID, a From that is the sender, no Received); then the
// host keeps it in the binding's outbox (src/runtime/ops/email.rs) and it
// answers `{ messageId }`. A message builder (`{ from, to, subject, text,
// html, attachments }`) is made into one MIME message first.
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has such a binding (04_serve.js `lazyModule`).

(function (core, primordials) {
"use strict";

const {
  ArrayBufferIsView,
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  Error,
  MathRandom,
  String,
  StringFromCharCode,
  StringPrototypeIndexOf,
  StringPrototypeLastIndexOf,
  StringPrototypeReplace,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeToLowerCase,
  StringPrototypeTrim,
  TypeError,
  Uint8Array,
} = primordials;
const { op_worky_email_send } = core.ops;
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

/** The header fields of a raw message, by lower-case name (folded lines unfolded). */
function headersOf(text) {
  let end = StringPrototypeIndexOf(text, "\r\n\r\n");
  if (end < 0) end = StringPrototypeIndexOf(text, "\n\n");
  const head = StringPrototypeReplace(end < 0 ? text : StringPrototypeSlice(text, 0, end), /\r?\n[ \t]+/g, " ");
  const fields = { __proto__: null };
  for (const line of StringPrototypeSplit(head, /\r?\n/)) {
    const colon = StringPrototypeIndexOf(line, ":");
    if (colon <= 0) continue;
    const name = StringPrototypeToLowerCase(StringPrototypeTrim(StringPrototypeSlice(line, 0, colon)));
    fields[name] ??= StringPrototypeTrim(StringPrototypeSlice(line, colon + 1));
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
      const headers = headersOf(core.decode(raw));
      if (headers["message-id"] === undefined) throw new Error("invalid message-id");
      if (mailbox(headers.from ?? "") !== from) throw new Error("From: header does not match mail from");
      if (headers.received !== undefined) throw new Error("invalid headers set");
      await op_worky_email_send(this.#name, from, ArrayIsArray(to) ? to : [to], raw);
      return { messageId: messageId(from) };
    }
    const from = addressOf(message?.from);
    this.#checkSender(from);
    const to = ArrayPrototypeMap(ArrayIsArray(message.to) ? message.to : [message.to], addressOf);
    this.#checkDestinations(to);
    const id = messageId(from);
    await op_worky_email_send(this.#name, from, to, mimeOf(message, id));
    return { messageId: id };
  }
}

return { SendEmail };
})
