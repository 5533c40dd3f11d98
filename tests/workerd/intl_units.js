// Intl.NumberFormat's unit style: the length, mass, area, volume and duration
// units ECMA-402 sanctions, in six locales, three widths, singular and plural.
const UNITS = ["acre","centimeter","day","fluid-ounce","foot","gallon","gram","hectare","hour","inch","kilogram","kilometer","liter","meter","microsecond","mile","mile-scandinavian","milliliter","millimeter","millisecond","minute","month","nanosecond","ounce","pound","second","stone","week","yard","year"];
export default { fetch(request) {
  if (new URL(request.url).pathname === "/ready") return new Response("ok");
  const out = {};
  for (const loc of ["en", "de", "fr", "ja", "ru", "ar"]) for (const disp of ["short", "long", "narrow"]) for (const unit of UNITS) for (const v of [1, 5]) {
    let s; try { s = new Intl.NumberFormat(loc, { style: "unit", unit, unitDisplay: disp }).format(v); } catch (e) { s = "threw " + e.message; }
    out[`${loc} ${disp} ${unit} ${v}`] = s;
  }
  return Response.json(out);
} };
