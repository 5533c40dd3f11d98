// Which streams are byte streams (a BYOB reader works on them), and what a
// BYOB read of a body gives: on workerd every body is one (OpenNext's image
// handler reads a tee()'d body with readAtLeast).
function isByteStream(stream) {
  try {
    stream.getReader({ mode: "byob" }).releaseLock();
    return true;
  } catch (error) {
    return `${error.name}: ${error.message}`.startsWith("TypeError") ? false : `${error.name}: ${error.message}`;
  }
}

async function attempt(f) {
  try {
    return await f();
  } catch (error) {
    return `${error.name}: ${error.message}`;
  }
}

export default {
  async fetch(request) {
    const bytes = new TextEncoder().encode("abcdef");
    const out = {};
    const kinds = {
      responseString: () => new Response("abc").body,
      responseBytes: () => new Response(bytes).body,
      responseEmptyString: () => new Response("").body,
      responseBlob: () => new Response(new Blob(["abc"])).body,
      responseFormData: () => {
        const form = new FormData();
        form.set("a", "b");
        return new Response(form).body;
      },
      responseJson: () => Response.json({ a: 1 }).body,
      responseSearchParams: () => new Response(new URLSearchParams("a=b")).body,
      requestString: () => new Request("http://x/", { method: "POST", body: "abc" }).body,
      clonedResponse: () => new Response("abc").clone().body,
      teeBranch: () => new Response("abc").body.tee()[0],
      blobStream: () => new Blob(["abc"]).stream(),
      identityTransform: () => new IdentityTransformStream().readable,
      fixedLength: () => new FixedLengthStream(3).readable,
      compression: () => new Blob(["abc"]).stream().pipeThrough(new CompressionStream("gzip")),
      textEncoderStream: () => new TextEncoderStream().readable,
      plainTransform: () => new TransformStream().readable,
    };
    for (const [name, make] of Object.entries(kinds)) out[name] = await attempt(() => isByteStream(make()));

    out.readAtLeastOfTee = await attempt(async () => {
      const [branch] = new Response("0123456789012345678901234567890123456789").body.tee();
      const { value, done } = await branch.getReader({ mode: "byob" }).readAtLeast(32, new Uint8Array(32));
      return [value.byteLength, done, new TextDecoder().decode(value)];
    });
    out.byobInSmallPieces = await attempt(async () => {
      const reader = new Response("abcdefgh").body.getReader({ mode: "byob" });
      const pieces = [];
      for (;;) {
        const { value, done } = await reader.read(new Uint8Array(3));
        if (done) break;
        pieces.push(new TextDecoder().decode(value));
      }
      return pieces;
    });
    out.emptyBodyByob = await attempt(async () => {
      const { value, done } = await new Response("").body.getReader({ mode: "byob" }).read(new Uint8Array(4));
      return [done, value?.byteLength];
    });
    out.sourceKept = await attempt(async () => {
      const response = new Response(bytes);
      await response.body.getReader({ mode: "byob" }).read(new Uint8Array(16));
      return [bytes.byteLength, new TextDecoder().decode(bytes)];
    });
    out.cloneBothRead = await attempt(async () => {
      const response = new Response(bytes);
      const copy = response.clone();
      await response.body.getReader({ mode: "byob" }).read(new Uint8Array(16));
      return [await copy.text(), await attempt(() => response.text())];
    });
    out.roundTrip = await attempt(async () => {
      const first = new Response("round trip", { headers: { "x-a": "1" } });
      const second = new Response(first.body, first);
      return [await second.text(), second.headers.get("x-a"), first.bodyUsed];
    });
    out.requestByob = await attempt(async () => {
      const req = new Request("http://x/", { method: "POST", body: "posted" });
      const { value } = await req.body.getReader({ mode: "byob" }).readAtLeast(6, new Uint8Array(8));
      return new TextDecoder().decode(value);
    });
    out.defaultReaderChunks = await attempt(async () => {
      const reader = new Response("abc").body.getReader();
      const first = await reader.read();
      const second = await reader.read();
      return [Object.prototype.toString.call(first.value), first.value.byteLength, second.done];
    });
    return Response.json(out);
  },
};
