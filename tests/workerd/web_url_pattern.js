// URLPattern as workerd has it: matching, groups, defaults, regexp groups,
// wildcards, the base URL form, hasRegExpGroups, and errors.
// Recorded with a current compatibility date (web_url_pattern.capnp.in), as a new
// project has; older dates turn some of workerd's standard behaviour off.
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = `threw: ${err.name}`;
      }
    };
    const groups = (result) => (result === null ? "null" : JSON.stringify(result.pathname.groups));
    await t("named", () => groups(new URLPattern({ pathname: "/books/:id" }).exec("https://a.test/books/42")));
    await t("optional", () => groups(new URLPattern({ pathname: "/books/:id?" }).exec("https://a.test/books")));
    await t("regexp", () => groups(new URLPattern({ pathname: "/n/:id(\\d+)" }).exec("https://a.test/n/abc")));
    await t("regexpMatch", () => groups(new URLPattern({ pathname: "/n/:id(\\d+)" }).exec("https://a.test/n/123")));
    await t("wildcard", () => groups(new URLPattern({ pathname: "/files/*" }).exec("https://a.test/files/a/b.txt")));
    await t("repeat", () => groups(new URLPattern({ pathname: "/p/:rest+" }).exec("https://a.test/p/x/y")));
    await t("string", () => {
      const p = new URLPattern("https://*.example.com/:section/*");
      const m = p.exec("https://api.example.com/v1/users/7");
      return `${JSON.stringify(m.hostname.groups)} ${JSON.stringify(m.pathname.groups)} ${p.protocol} ${p.hostname} ${p.pathname}`;
    });
    await t("base", () => {
      const p = new URLPattern("/users/:id", "https://a.test");
      return `${p.test("https://a.test/users/1")} ${p.test("https://b.test/users/1")} ${p.protocol} ${p.hostname} ${p.search}`;
    });
    await t("testInput", () => new URLPattern({ pathname: "/x" }).test({ pathname: "/x" }));
    await t("search", () => JSON.stringify(new URLPattern({ search: "q=:q" }).exec("https://a.test/?q=hi").search.groups));
    await t("ignoreCase", () => new URLPattern({ pathname: "/ABC" }, { ignoreCase: true }).test("https://a.test/abc"));
    await t("hasRegExpGroups", () => `${new URLPattern({ pathname: "/:a(\\d+)" }).hasRegExpGroups} ${new URLPattern({ pathname: "/:a" }).hasRegExpGroups}`);
    await t("components", () => {
      const p = new URLPattern({ pathname: "/a/:b" });
      return [p.protocol, p.username, p.password, p.hostname, p.port, p.pathname, p.search, p.hash].join("|");
    });
    await t("inputs", () => JSON.stringify(new URLPattern({ pathname: "/a" }).exec("https://a.test/a").inputs));
    await t("badPattern", () => new URLPattern({ pathname: "/(" }));
    await t("badRegexp", () => new URLPattern({ pathname: "/:a([)" }));
    await t("encoded", () => groups(new URLPattern({ pathname: "/caf\u00e9/:x" }).exec("https://a.test/caf%C3%A9/y")));
    await t("port", () => new URLPattern({ port: "8080" }).test("https://a.test:8080/"));
    await t("defaultPort", () => new URLPattern({ protocol: "https", port: "" }).test("https://a.test:443/"));
    return Response.json(r);
  },
};
