// Workers' stream and crypto extras: IdentityTransformStream, FixedLengthStream,
// crypto.DigestStream,
// crypto.subtle.timingSafeEqual, MD5 in crypto.subtle.digest.
const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
const bytes = (text) => new TextEncoder().encode(text);

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = `threw: ${err.name}: ${err.message}`;
      }
    };
    await t("identityPassesBytes", async () => {
      const { readable, writable } = new IdentityTransformStream();
      const writer = writable.getWriter();
      writer.write(bytes("ab"));
      writer.write(new Uint8Array([99]));
      writer.close();
      return new Response(readable).text();
    });
    // What the writer is told, and what the reader gets, once both have settled.
    const outcome = async (stream, write) => {
      const writer = stream.writable.getWriter();
      const reading = new Response(stream.readable).text().then((text) => `read "${text}"`, (e) => `read ${e.name}: ${e.message}`);
      let wrote;
      try {
        await write(writer);
        wrote = "wrote";
      } catch (err) {
        wrote = `write ${err.name}: ${err.message}`;
      }
      return `${wrote} / ${await reading}`;
    };
    await t("identityRefusesStrings", () => outcome(new IdentityTransformStream(), async (w) => {
      await w.write("text");
      await w.close();
    }));
    await t("identityIsTransformStream", () => new IdentityTransformStream() instanceof TransformStream);
    await t("fixedExact", async () => {
      const { readable, writable } = new FixedLengthStream(3);
      const writer = writable.getWriter();
      writer.write(bytes("abc"));
      writer.close();
      return new Response(readable).text();
    });
    await t("fixedTooMuch", () => outcome(new FixedLengthStream(2), async (w) => {
      await w.write(bytes("abc"));
      await w.close();
    }));
    await t("fixedTooLittle", () => outcome(new FixedLengthStream(5), async (w) => {
      await w.write(bytes("ab"));
      await w.close();
    }));
    await t("fixedBadLength", () => new FixedLengthStream(-1) && "made");
    await t("digestStream", async () => {
      const stream = new crypto.DigestStream("SHA-256");
      const writer = stream.getWriter();
      await writer.write(bytes("hello "));
      await writer.write(bytes("world"));
      await writer.close();
      return hex(await stream.digest);
    });
    await t("digestStreamMd5", async () => {
      const stream = new crypto.DigestStream("MD5");
      const writer = stream.getWriter();
      await writer.write(bytes("hello"));
      await writer.close();
      return hex(await stream.digest);
    });
    await t("digestStreamIsWritable", () => new crypto.DigestStream("SHA-1") instanceof WritableStream);
    await t("digestStreamBadAlgorithm", () => new crypto.DigestStream("SHA-999") && "made");
    await t("md5Digest", async () => hex(await crypto.subtle.digest("MD5", bytes("hello"))));
    await t("md5DigestObject", async () => hex(await crypto.subtle.digest({ name: "md5" }, bytes("hello"))));
    await t("timingSafeEqual", () => `${crypto.subtle.timingSafeEqual(bytes("abc"), bytes("abc"))} ${crypto.subtle.timingSafeEqual(bytes("abc"), bytes("abd"))}`);
    await t("timingSafeEqualLengths", () => crypto.subtle.timingSafeEqual(bytes("abc"), bytes("ab")));
    await t("timingSafeEqualBuffers", () => crypto.subtle.timingSafeEqual(bytes("xy").buffer, new Uint8Array([120, 121]).buffer));
    return Response.json(r);
  },
};
