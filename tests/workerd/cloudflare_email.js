// cloudflare:email (under miniflare, wrangler dev's runtime: workerd's module
// takes its EmailMessage from miniflare's internal one): the EmailMessage a
// send_email binding sends, what it holds and what it refuses. Packages import
// it whether or not a worker sends mail (the Agents SDK does).
import * as email from "cloudflare:email";
import { EmailMessage } from "cloudflare:email";

const attempt = (f) => {
  try {
    return { ok: f() };
  } catch (error) {
    return { error: `${error?.name}: ${error?.message}` };
  }
};

export default {
  fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const out = {};
    out.keys = Object.keys(email).sort();
    out.defaultKeys = Object.keys(email.default ?? {}).sort();
    out.typeofClass = typeof EmailMessage;
    out.message = attempt(() => {
      const m = new EmailMessage("a@example.com", "b@example.com", "Subject: hi\r\n\r\nbody");
      return [typeof m, Object.keys(m).sort(), m.from, m.to, m instanceof EmailMessage, typeof m.raw];
    });
    out.streamRaw = attempt(() => {
      const m = new EmailMessage("a@example.com", "b@example.com", new Response("raw").body);
      return [m.from, m.to];
    });
    out.noArguments = attempt(() => Object.keys(new EmailMessage()).sort());
    return Response.json(out);
  },
};
