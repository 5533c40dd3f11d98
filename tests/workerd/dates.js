// Dates as a worker sees them: its local time is UTC, as on Cloudflare (local
// workerd follows the host's TZ, so record.sh records in UTC; worky is UTC
// whatever TZ is: tests/web_apis.rs runs this probe with TZ set). Date's
// strings, local-time getters and setters, parsing of strings without a
// zone, and the local fields of dates either side of other zones' DST changes.
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const out = {};
    const instants = {
      epoch: 0,
      usSpring: Date.UTC(2026, 2, 8, 7, 30),
      euAutumn: Date.UTC(2026, 9, 25, 0, 59, 59, 999),
      summer: Date.UTC(2026, 6, 1, 12, 0, 0, 5),
      negativeYear: Date.UTC(-44, 2, 15),
      farYear: Date.UTC(275760, 8, 13),
    };
    for (const [name, ms] of Object.entries(instants)) {
      const d = new Date(ms);
      out[`${name}_toString`] = d.toString();
      out[`${name}_toDateString`] = d.toDateString();
      out[`${name}_toTimeString`] = d.toTimeString();
      out[`${name}_toUTCString`] = d.toUTCString();
      out[`${name}_toISOString`] = d.toISOString();
      out[`${name}_toLocaleString`] = d.toLocaleString();
      out[`${name}_toLocaleDateString`] = d.toLocaleDateString();
      out[`${name}_toLocaleTimeString`] = d.toLocaleTimeString();
      out[`${name}_local`] = [d.getFullYear(), d.getMonth(), d.getDate(), d.getDay(), d.getHours(), d.getMinutes(), d.getTimezoneOffset()];
      out[`${name}_json`] = JSON.stringify({ d });
    }
    out.invalid = [String(new Date(NaN)), new Date(NaN).toDateString(), new Date(NaN).getTimezoneOffset()];
    // Local-time constructors and setters are UTC's.
    out.constructed = new Date(2026, 2, 8, 2, 30).toISOString();
    out.constructedEnd = new Date(2026, 11, 31, 23, 59, 59, 999).getTime();
    const set = new Date(0);
    set.setHours(25, 61, 0, 0);
    set.setMonth(6);
    out.setters = set.toISOString();
    // Strings without a zone: a date alone is UTC by the standard, a date-time is local time.
    for (const text of ["2026-07-01", "2026-07-01T12:00", "2026-07-01T12:00:00.5", "July 1, 2026 12:00", "2026/07/01 12:00", "Wed Jul 01 2026 12:00:00 GMT+0200", "Wed, 01 Jul 2026 12:00:00 GMT", "1 July 2026 12:00 UTC", "not a date"]) {
      out[`parse ${text}`] = Date.parse(text);
    }
    out.intlZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    out.intlDefault = new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeStyle: "long" }).format(new Date(instants.summer));
    return Response.json(out);
  },
};
