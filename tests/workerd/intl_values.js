// Intl.supportedValuesOf: each key's list (sorted, without repeats), the values
// apps look for in it, and the error for a key ECMA-402 does not have.
export default {
  fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (key, f) => {
      try {
        r[key] = f();
      } catch (err) {
        r[key] = `threw: ${err.name}: ${err.message}`;
      }
    };
    const samples = {
      calendar: ["gregory", "japanese", "islamic-umalqura", "hebrew", "iso8601"],
      collation: ["phonebk", "pinyin", "stroke", "standard", "search"],
      currency: ["EUR", "USD", "JPY", "CHF", "INR", "BRL", "XXX"],
      numberingSystem: ["latn", "arab", "deva", "thai", "hanidec", "fullwide"],
      timeZone: ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "Etc/Unknown"],
      unit: ["kilometer", "byte", "celsius", "percent"],
    };
    for (const [key, values] of Object.entries(samples)) {
      t(`${key}Sorted`, () => {
        const list = Intl.supportedValuesOf(key);
        return list.every((value, i) => i === 0 || list[i - 1] < value);
      });
      t(`${key}Count`, () => Intl.supportedValuesOf(key).length);
      t(`${key}Has`, () => values.map((value) => `${value}:${Intl.supportedValuesOf(key).includes(value)}`).join(" "));
    }
    t("fresh", () => Intl.supportedValuesOf("calendar") !== Intl.supportedValuesOf("calendar"));
    t("badKey", () => Intl.supportedValuesOf("colour"));
    t("keyCoerced", () => Intl.supportedValuesOf({ toString: () => "calendar" }).includes("gregory"));
    return Response.json(r);
  },
};
