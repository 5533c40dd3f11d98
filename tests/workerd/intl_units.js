// Intl.NumberFormat's unit style: the 45 units ECMA-402 sanctions, in nine
// locales, three widths, singular and plural.
const UNITS = ["acre","bit","byte","celsius","centimeter","day","degree","fahrenheit","fluid-ounce","foot","gallon","gigabit","gigabyte","gram","hectare","hour","inch","kilobit","kilobyte","kilogram","kilometer","liter","megabit","megabyte","meter","microsecond","mile","mile-scandinavian","milliliter","millimeter","millisecond","minute","month","nanosecond","ounce","percent","petabyte","pound","second","stone","terabit","terabyte","week","yard","year"];
export default { fetch(request) {
  if (new URL(request.url).pathname === "/ready") return new Response("ok");
  const out = {};
  for (const loc of ["en", "de", "fr", "ja", "ru", "ar", "zh-TW", "en-GB", "hi"]) for (const disp of ["short", "long", "narrow"]) for (const unit of UNITS) for (const v of [1, 5]) {
    let s; try { s = new Intl.NumberFormat(loc, { style: "unit", unit, unitDisplay: disp }).format(v); } catch (e) { s = "threw " + e.message; }
    out[`${loc} ${disp} ${unit} ${v}`] = s;
  }
  return Response.json(out);
} };
