// Intl.DateTimeFormat at the edges, as workerd answers: local mean time's
// offsets in seconds (before 1883 in New York), the first and last dates
// ECMA-402 has (years -271821 and 275760), odd offsets and a DST change.
export default {
  fetch() {
    const f = (ms, zone, o) => { try { return new Intl.DateTimeFormat("en", { timeZone: zone, ...o }).format(ms); } catch (e) { return `${e.name}: ${e.message}`; } };
    const all = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", timeZoneName: "long" };
    const off = { hour: "numeric", minute: "numeric", timeZoneName: "longOffset" };
    return Response.json({
      lmt: f(Date.UTC(1800, 0, 1), "America/New_York", all),
      lmtOffset: f(Date.UTC(1800, 0, 1), "America/New_York", off),
      lmtParis: f(Date.UTC(1850, 0, 1), "Europe/Paris", off),
      ancient: f(Date.UTC(-1000, 0, 1), "UTC", all),
      max: f(8.64e15, "UTC", all),
      min: f(-8.64e15, "America/Los_Angeles", all),
      eucla: f(Date.UTC(2020, 5, 1), "Australia/Eucla", all),
      chatham: f(Date.UTC(2020, 5, 1), "Pacific/Chatham", off),
      kolkata: f(Date.UTC(2020, 5, 1), "Asia/Calcutta", all),
      dst: f(Date.UTC(2020, 2, 8, 10), "America/New_York", all),
      ms: new Intl.DateTimeFormat("en", { timeZone: "UTC", second: "numeric", fractionalSecondDigits: 3 }).format(-1),
    });
  },
};
