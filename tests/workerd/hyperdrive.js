// Hyperdrive (env.HYPERDRIVE) as wrangler dev gives it (miniflare, with a local
// connection string): the binding's class, members and values. worky hands the
// worker the origin itself (hyperdrive.differences.json).
export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const h = env.HYPERDRIVE;
    const proto = Object.getPrototypeOf(h);
    return Response.json({
      constructor: proto.constructor.name,
      prototype: Object.getOwnPropertyNames(proto).sort(),
      own: Object.keys(h).sort(),
      string: Object.prototype.toString.call(h),
      hostForm: /^[0-9a-f]+\.hyperdrive\.local$/.test(h.host),
      port: h.port,
      user: h.user,
      password: h.password,
      database: h.database,
      connect: typeof h.connect,
      connectionStringForm: h.connectionString.replace(h.host, "HOST"),
    });
  },
};
