// Intl and Buffer calls per request, for bench/compat.sh (nodejs_compat on):
// GET /?op=format&n=N runs N calls.
import { Buffer } from "node:buffer";

const numbers = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" });
const collator = new Intl.Collator("de");
const plurals = new Intl.PluralRules("ru");
const MOMENT = Date.UTC(2020, 0, 5, 9, 7, 3);
const dates = new Intl.DateTimeFormat("de", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const days = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const OPS = {
  format: (i) => numbers.format(i * 1.5),
  compare: (i) => collator.compare(i & 1 ? "Äpfel" : "apfel", "Zebra"),
  plural: (i) => plurals.select(i),
  toLocaleString: (i) => (i * 1.5).toLocaleString("en-US"),
  base64: (i) => Buffer.from(i & 1 ? "hello, world" : "hello, there").toString("base64"),
  dateFormat: (i) => dates.format(MOMENT + i * 1000),
  dateFormatter: () => new Intl.DateTimeFormat("en"),
  toLocaleDateString: (i) => new Date(MOMENT + i).toLocaleDateString("en"),
  dateToLocaleString: (i) => new Date(MOMENT + i).toLocaleString("en"),
  buddhistDate: (i) => new Date(MOMENT + i).toLocaleDateString("th"),
  formatRange: (i) => days.formatRange(MOMENT, MOMENT + 86400000 * (1 + (i % 5))),
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
