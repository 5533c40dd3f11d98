// What a fetch handler gets besides the request's own fields: the ctx object
// (an ExecutionContext, and no member of worky's own), and no header of worky's
// (its loop count) among the request's. Code may set ctx.props
// (workers-oauth-provider does).
export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const members = new Set();
    for (let o = ctx; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      for (const n of Object.getOwnPropertyNames(o)) if (n !== "constructor") members.add(n);
    }
    const props = ctx.props;
    let assigned;
    try {
      ctx.props = { userId: "u1" };
      const own = Object.getOwnPropertyDescriptor(ctx, "props");
      assigned = [JSON.stringify(ctx.props), own ? `own ${own.writable} ${own.configurable}` : "inherited"];
    } catch (error) {
      assigned = `${error.name}: ${error.message}`;
    }
    return Response.json({
      tag: Object.prototype.toString.call(ctx),
      constructorName: ctx.constructor.name,
      members: [...members].sort().join(","),
      waitUntil: `${typeof ctx.waitUntil} ${ctx.waitUntil.length}`,
      props: JSON.stringify(props),
      assigned,
      internalHeaders: [...request.headers.keys()].filter((name) => name.startsWith("x-worky") || name.startsWith("cf-")).join(","),
      handlerArguments: arguments.length,
    });
  },
};
