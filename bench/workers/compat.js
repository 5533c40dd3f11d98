// Intl and Buffer calls per request, for bench/compat.sh (nodejs_compat on):
// GET /?op=format&n=N runs N calls.
import { Buffer } from "node:buffer";

const numbers = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" });
const collator = new Intl.Collator("de");
const plurals = new Intl.PluralRules("ru");
const OPS = {
  format: (i) => numbers.format(i * 1.5),
  compare: (i) => collator.compare(i & 1 ? "Äpfel" : "apfel", "Zebra"),
  plural: (i) => plurals.select(i),
  toLocaleString: (i) => (i * 1.5).toLocaleString("en-US"),
  base64: (i) => Buffer.from(i & 1 ? "hello, world" : "hello, there").toString("base64"),
};
export default {
  fetch(request) {
    const url = new URL(request.url);
    const op = OPS[url.searchParams.get("op") ?? "format"];
    const n = Number(url.searchParams.get("n") ?? "0");
    let last;
    for (let i = 0; i < n; i++) last = op(i);
    return new Response(String(last));
  },
};
