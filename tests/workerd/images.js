// The Images binding (`images = { binding = "IMAGES" }`) as `wrangler dev` runs it
// (under miniflare: workerd's binding over a local image library): info(),
// and input().transform().output() with the sizes and formats they give.
// The images are made here (made with sharp, kept as base64).
const IMAGES = {
  png: "iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAFaElEQVR4nAXBEdtCMQCA0VE0ikbRKBpFo2gUjaJRNIpGPS+MokvRKBp9dCkaRaNoFI36Fd85Qgg2AinYCpRgJ9CCvcAIDgIrOAqc4CTwgrMgCC6CKLgKkuAmyIK7YBE8BEXwFFTBn2AVvARN8BZ0wUcwBF/BFPwEQkg2EinZSpRkJ9GSvcRIDhIrOUqc5CTxkrMkSC6SKLlKkuQmyZK7ZJE8JEXylFTJn2SVvCRN8pZ0yUcyJF/JlPwkQig2CqnYKpRip9CKvcIoDgqrOCqc4qTwirMiKC6KqLgqkuKmyIq7YlE8FEXxVFTFn2JVvBRN8VZ0xUcxFF/FVPwUQmg2GqnZapRmp9GavcZoDhqrOWqc5qTxmrMmaC6aqLlqkuamyZq7ZtE8NEXz1FTNn2bVvDRN89Z0zUczNF/N1Pw0Qhg2BmnYGpRhZ9CGvcEYDgZrOBqc4WTwhrMhGC6GaLgakuFmyIa7YTE8DMXwNFTDn2E1vAzN8DZ0w8cwDF/DNPwMQlg2FmnZWpRlZ9GWvcVYDhZrOVqc5WTxlrMlWC6WaLlakuVmyZa7ZbE8LMXytFTLn2W1vCzN8rZ0y8cyLF/LtPwsQjg2DunYOpRj59COvcM4Dg7rODqc4+TwjrMjOC6O6Lg6kuPmyI67Y3E8HMXxdFTHn2N1vBzN8XZ0x8cxHF/HdPwcQng2HunZepRn59Gevcd4Dh7rOXqc5+TxnrMneC6e6Ll6kufmyZ67Z/E8PMXz9FTPn2f1vDzN8/Z0z8czPF/P9Pw8QgQ2ARnYBlRgF9CBfcAEDgEbOAZc4BTwgXMgBC6BGLgGUuAWyIF7YAk8AiXwDNTAX2ANvAIt8A70wCcwAt/ADPwCQkQ2ERnZRlRkF9GRfcREDhEbOUZc5BTxkXMkRC6RGLlGUuQWyZF7ZIk8IiXyjNTIX2SNvCIt8o70yCcyIt/IjPwiQiQ2CZnYJlRil9CJfcIkDgmbOCZc4pTwiXMiJC6JmLgmUuKWyIl7Ykk8EiXxTNTEX2JNvBIt8U70xCcxEt/ETPwSQmQ2GZnZZlRml9GZfcZkDhmbOWZc5pTxmXMmZC6ZmLlmUuaWyZl7Zsk8MiXzzNTMX2bNvDIt8870zCczMt/MzPwyQixsFuTCdkEt7Bb0wn7BLBwW7MJxwS2cFvzCeSEsXBbiwnUhLdwW8sJ9YVl4LJSF50Jd+FtYF14LbeG90Bc+C2PhuzAXfgtCFDYFWdgWVGFX0IV9wRQOBVs4FlzhVPCFcyEULoVYuBZS4VbIhXthKTwKpfAs1MJfYS28Cq3wLvTCpzAK38Is/ApCVDYVWdlWVGVX0ZV9xVQOFVs5VlzlVPGVcyVULpVYuVZS5VbJlXtlqTwqpfKs1MpfZa28Kq3yrvTKpzIq38qs/CpCrGxW5Mp2Ra3sVvTKfsWsHFbsynHFrZxW/Mp5JaxcVuLKdSWt3Fbyyn1lWXmslJXnSl35W1lXXitt5b3SVz4rY+W7Mld+K0I0Ng3Z2DZUY9fQjX3DNA4N2zg2XOPU8I1zIzQujdi4NlLj1siNe2NpPBql8WzUxl9jbbwarfFu9ManMRrfxmz8GkJ0Nh3Z2XZUZ9fRnX3HdA4d2zl2XOfU8Z1zJ3Qundi5dlLn1smde2fpPDql8+zUzl9n7bw6rfPu9M6nMzrfzuz8OkIMNgM52A7UYDfQg/3ADA4DOzgO3OA08IPzIAwugzi4DtLgNsiD+2AZPAZl8BzUwd9gHbwGbfAe9MFnMAbfwRz8BkJMNhM52U7UZDfRk/3ETA4TOzlO3OQ08ZPzJEwukzi5TtLkNsmT+2SZPCZl8pzUyd9knbwmbfKe9MlnMibfyZz8Jv/3GGIddRdELQAAAABJRU5ErkJggg==",
  jpeg: "/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAKAAoDASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABQYH/8QAIBAAAAMJAQAAAAAAAAAAAAAAAAECAwUGESEiI5GhMf/EABUBAQEAAAAAAAAAAAAAAAAAAAME/8QAGREAAwADAAAAAAAAAAAAAAAAAAMFBBIT/9oADAMBAAIRAxEAPwCYd8GeYuBooLoWPg0t3s0UsToNEzRIrE6Er7L9gpd/J5H/2Q==",
  gif: "R0lGODlhCAAGAIUAAExpcS82gEM2gFc2gGsNgC9egENegC8NgEMNgFcNgC+GgH8NgJMNgKcNgLsNgKdegLtegJM2gKc2gLs2gLuGgFdegGtegC+ugGs2gH82gEOGgFeGgH9egJNegEOugFeugLuugGuGgH+GgJOGgKeGgC/WgEPWgH/WgJPWgKfWgH+ugJOugKeugFfWgGvWgGuugLvWgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACH5BAUAAAAALAAAAAAIAAYAAAYswAMiQVgwGo6AYIDJRCSTgqFi4XQeEIVmExKNSJSL5/NSrVigkqnlOqFSsCAAOw==",
  webp: "UklGRjoAAABXRUJQVlA4TC0AAAAvC8ABALkyRPQ/dhHR/4CZtm38lkT5E+2uASDItk2NYDvDBzAmIG9IdgHXPwAA",
};
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="10"><rect width="30" height="10"/></svg>';

const bytesOf = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const streamOf = (kind) => new Response(kind === "svg" ? SVG : bytesOf(IMAGES[kind])).body;

async function attempt(f) {
  try {
    const value = await f();
    return value === undefined ? "undefined" : value;
  } catch (error) {
    return `${error?.name}: ${error?.message}`;
  }
}

/** What a transformation gave: its content type, and the image's own info. */
async function described(env, result) {
  const response = result.response();
  const type = result.contentType();
  const info = await env.IMAGES.info(response.body);
  return { type, header: response.headers.get("content-type"), format: info.format, width: info.width, height: info.height };
}

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const out = {};
    out.shape = [typeof env.IMAGES, typeof env.IMAGES.info, typeof env.IMAGES.input];
    for (const kind of ["png", "jpeg", "gif", "webp", "svg"]) {
      out[`info_${kind}`] = await attempt(async () => {
        const info = await env.IMAGES.info(streamOf(kind));
        return { ...info, fileSize: typeof info.fileSize };
      });
    }
    out.infoGarbage = await attempt(() => env.IMAGES.info(new Response("not an image").body));
    out.infoEmpty = await attempt(() => env.IMAGES.info(new Response("").body));
    const run = (kind, transforms, output) => attempt(async () => {
      let input = env.IMAGES.input(streamOf(kind));
      for (const transform of transforms) input = input.transform(transform);
      return described(env, await input.output(output));
    });
    out.widthOnly = await run("png", [{ width: 20 }], { format: "image/png" });
    out.heightOnly = await run("png", [{ height: 5 }], { format: "image/png" });
    out.bothContain = await run("png", [{ width: 10, height: 10 }], { format: "image/png" });
    out.rotate90 = await run("png", [{ rotate: 90 }], { format: "image/png" });
    out.rotateThenWidth = await run("png", [{ rotate: 90 }, { width: 10 }], { format: "image/png" });
    out.toJpeg = await run("png", [], { format: "image/jpeg" });
    out.toWebp = await run("jpeg", [{ width: 5 }], { format: "image/webp" });
    out.gifToPng = await run("gif", [], { format: "image/png" });
    out.webpToPng = await run("webp", [{ height: 4 }], { format: "image/png" });
    out.toGif = await run("png", [], { format: "image/gif" });
    out.toRgb = await run("png", [], { format: "rgb" });
    out.toUnknown = await run("png", [], { format: "image/bmp" });
    out.badWidth = await run("png", [{ width: "wide" }], { format: "image/png" });
    out.garbageInput = await run("png", [], { format: "image/png" }).then(() =>
      attempt(async () => described(env, await env.IMAGES.input(new Response("nope").body).output({ format: "image/png" }))));
    out.resultParts = await attempt(async () => {
      const result = await env.IMAGES.input(streamOf("png")).transform({ width: 4 }).output({ format: "image/png" });
      const image = result.image();
      return [Object.prototype.toString.call(image), typeof result.response, result.response().status];
    });
    out.noOutputFormat = await attempt(async () => {
      const result = await env.IMAGES.input(streamOf("png")).output({});
      return result.contentType();
    });
    return Response.json(out);
  },
};
