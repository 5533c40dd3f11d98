// What Function.prototype.toString gives for a worker's own functions: their
// source (as the bundler printed it: wrangler's esbuild and worky's rolldown both
// reprint a module, so only what survives that is compared). The platform's own
// functions say `[native code]` on workerd and, from the startup snapshot, on
// worky: tests/web_apis.rs checks that (these probes run before a snapshot exists).
function userFunction(a, b) {
  return a + b; // kept
}
class UserClass {
  method() {
    return 1;
  }
}
const arrow = (x) => x * 2;

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (key, f) => {
      try {
        r[key] = f();
      } catch (err) {
        r[key] = `threw: ${err.name}: ${err.message}`;
      }
    };
    t("userFunction", () => /^function userFunction\(a, b\) \{\s*return a \+ b;/.test(String(userFunction)));
    t("userClass", () => /^class\b[^{]*\{\s*method\(\) \{\s*return 1;/.test(String(UserClass)));
    t("userMethod", () => /^method\(\) \{\s*return 1;\s*\}$/.test(String(UserClass.prototype.method)));
    t("arrow", () => String(arrow));
    t("userClassName", () => UserClass.name);
    t("mathMax", () => String(Math.max));
    t("arrayMap", () => String(Array.prototype.map));
    t("promiseThen", () => String(Promise.prototype.then));
    t("bound", () => String(userFunction.bind(null)));
    t("boundName", () => userFunction.bind(null).name);
    t("boundNative", () => String(Math.max.bind(Math)));
    t("proxied", () => Function.prototype.toString.call(new Proxy(userFunction, {})));
    t("proxiedClass", () => Function.prototype.toString.call(new Proxy(UserClass, {})));
    t("getter", () => String(Object.getOwnPropertyDescriptor(Map.prototype, "size").get));
    t("symbolNamed", () => String(Array.prototype[Symbol.iterator]));
    t("notAFunction", () => Function.prototype.toString.call({}));
    t("fetchName", () => fetch.name);
    t("responseName", () => Response.name);
    return Response.json(r);
  },
};
