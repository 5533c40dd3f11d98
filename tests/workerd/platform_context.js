// What a fetch handler gets besides the request's own fields: the ctx object
// (an ExecutionContext, and no member of worky's own), and no header of worky's
// (its loop count) among the request's.
export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const members = new Set();
    for (let o = ctx; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      for (const n of Object.getOwnPropertyNames(o)) if (n !== "constructor") members.add(n);
    }
    return Response.json({
      tag: Object.prototype.toString.call(ctx),
      constructorName: ctx.constructor.name,
      members: [...members].sort().join(","),
      waitUntil: `${typeof ctx.waitUntil} ${ctx.waitUntil.length}`,
      props: JSON.stringify(ctx.props),
      internalHeaders: [...request.headers.keys()].filter((name) => name.startsWith("x-worky") || name.startsWith("cf-")).join(","),
      handlerArguments: arguments.length,
    });
  },
};
