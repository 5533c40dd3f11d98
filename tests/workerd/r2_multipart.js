// R2 multipart uploads (createMultipartUpload, resumeMultipartUpload, uploadPart,
// complete, abort) as miniflare answers: the upload and part objects, the completed
// object (size, multipart etag, metadata from the upload), and the errors for a wrong
// etag, a part too small, parts of unequal sizes, a finished upload, part numbers out
// of range. Parts are 5 MiB (R2's smallest but the last). Recorded under miniflare
// (see r2_multipart.miniflare). Volatile values (upload ids, versions) by their form.
const MiB = 1024 * 1024;
const errorOf = (e) => (e instanceof Error ? { name: e.name, message: e.message.split("\n")[0] } : { thrown: String(e) });
const attempt = async (f) => {
  try {
    const value = await f();
    return { ok: value === undefined ? "undefined" : value };
  } catch (e) {
    return { error: errorOf(e) };
  }
};
const fill = (size, byte) => new Uint8Array(size).fill(byte);
const idForm = (id) => ({ type: typeof id, nonEmpty: typeof id === "string" && id.length > 0 });
const protoNames = (obj) => Object.getOwnPropertyNames(Object.getPrototypeOf(obj)).filter((n) => n !== "constructor").sort();
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const b = env.BUCKET;
    const out = {};
    const upload = await b.createMultipartUpload("big", {
      httpMetadata: { contentType: "application/octet-stream", cacheControl: "no-cache" },
      customMetadata: { owner: "probe" },
    });
    out.upload = {
      constructor: upload.constructor.name,
      prototype: protoNames(upload),
      own: Object.keys(upload).sort(),
      key: upload.key,
      uploadId: idForm(upload.uploadId),
    };
    const part1 = await upload.uploadPart(1, fill(5 * MiB, 97));
    out.part = { own: Object.keys(part1).sort(), partNumber: part1.partNumber, etag: idForm(part1.etag) };
    const part2 = await upload.uploadPart(2, new Blob([fill(5 * MiB, 98)]).stream(), {});
    const part3 = await upload.uploadPart(3, "tail");
    // Uploading a part number again replaces the part.
    const part2again = await upload.uploadPart(2, fill(5 * MiB, 99).buffer);
    out.replacedEtagDiffers = part2again.etag !== part2.etag;
    out.completeOldEtag = await attempt(() => upload.complete([part1, part2, part3]).then(() => "completed"));
    out.completeOutOfOrder = await attempt(() => upload.complete([part3, part1, part2again]).then(() => "completed"));
    const done = await upload.complete([part1, part2again, part3]);
    out.completed = {
      constructor: done.constructor.name,
      key: done.key,
      size: done.size,
      etagForm: /^[0-9a-f]{32}-3$/.test(done.etag),
      httpEtag: done.httpEtag === `"${done.etag}"`,
      httpMetadata: done.httpMetadata,
      customMetadata: done.customMetadata,
      checksums: done.checksums.toJSON(),
    };
    // The etag is the MD5 of the parts' MD5s, then "-" and how many parts.
    const md5s = await Promise.all(
      [fill(5 * MiB, 97), fill(5 * MiB, 99), new TextEncoder().encode("tail")].map((bytes) => crypto.subtle.digest("MD5", bytes)),
    );
    const joined = new Uint8Array(md5s.length * 16);
    md5s.forEach((digest, i) => joined.set(new Uint8Array(digest), i * 16));
    out.etagIsMd5OfMd5s = done.etag === `${hex(await crypto.subtle.digest("MD5", joined))}-3`;
    const got = await b.get("big", { range: { offset: 5 * MiB - 2, length: 4 } });
    out.rangeAcrossParts = new TextDecoder().decode(await got.arrayBuffer());
    const whole = await b.get("big");
    const bytes = new Uint8Array(await whole.arrayBuffer());
    out.whole = { size: bytes.length, first: bytes[0], middle: bytes[5 * MiB], tail: new TextDecoder().decode(bytes.slice(-4)) };
    out.head = { size: (await b.head("big")).size, etag: (await b.head("big")).etag === done.etag };
    out.listed = (await b.list({ prefix: "big" })).objects.map((o) => [o.key, o.size, o.etag === done.etag]);
    out.afterComplete = {
      uploadPart: await attempt(() => upload.uploadPart(4, "x").then(() => "uploaded")),
      complete: await attempt(() => upload.complete([part1]).then(() => "completed")),
      abort: await attempt(() => upload.abort()),
    };

    const resumed = b.resumeMultipartUpload("big", upload.uploadId);
    out.resumed = { constructor: resumed.constructor.name, key: resumed.key, sameId: resumed.uploadId === upload.uploadId, isPromise: resumed instanceof Promise };

    const small = await b.createMultipartUpload("small");
    const s1 = await small.uploadPart(1, "too small");
    const s2 = await small.uploadPart(2, "last");
    out.partTooSmall = await attempt(() => small.complete([s1, s2]).then(() => "completed"));
    out.onePartSmall = await attempt(() => small.complete([s1]).then((o) => o.size));

    const uneven = await b.createMultipartUpload("uneven");
    const u1 = await uneven.uploadPart(1, fill(5 * MiB, 1));
    const u2 = await uneven.uploadPart(2, fill(6 * MiB, 2));
    const u3 = await uneven.uploadPart(3, "end");
    out.unequalParts = await attempt(() => uneven.complete([u1, u2, u3]).then(() => "completed"));
    const u4 = await uneven.uploadPart(4, fill(6 * MiB, 2));
    out.lastBiggerThanOthers = await attempt(() => uneven.complete([u1, u4]).then(() => "completed"));
    out.duplicateParts = await attempt(() => uneven.complete([u1, u1]).then(() => "completed"));
    out.noParts = await attempt(() => uneven.complete([]).then((o) => o.size));

    const aborted = await b.createMultipartUpload("aborted");
    await aborted.uploadPart(1, "x");
    out.abort = await attempt(() => aborted.abort());
    out.abortAgain = await attempt(() => aborted.abort());
    out.afterAbort = {
      uploadPart: await attempt(() => aborted.uploadPart(2, "x").then(() => "uploaded")),
      complete: await attempt(() => aborted.complete([]).then(() => "completed")),
    };
    out.abortedObject = await b.head("aborted");

    const bogus = b.resumeMultipartUpload("x", "not-an-upload");
    out.unknownUpload = {
      uploadPart: await attempt(() => bogus.uploadPart(1, "x").then(() => "uploaded")),
      complete: await attempt(() => bogus.complete([]).then(() => "completed")),
      abort: await attempt(() => bogus.abort()),
    };
    const other = await b.createMultipartUpload("other");
    out.partNumbers = {
      zero: await attempt(() => other.uploadPart(0, "x").then(() => "uploaded")),
      max: await attempt(() => other.uploadPart(10000, "x").then((p) => p.partNumber)),
      tooBig: await attempt(() => other.uploadPart(10001, "x").then(() => "uploaded")),
      notNumber: await attempt(() => other.uploadPart("one", "x").then(() => "uploaded")),
    };
    out.wrongKey = await attempt(() => b.resumeMultipartUpload("elsewhere", other.uploadId).uploadPart(1, "x").then(() => "uploaded"));
    out.badKey = await attempt(() => b.createMultipartUpload("x".repeat(1025)).then(() => "created"));
    out.noKey = await attempt(() => b.createMultipartUpload().then((u) => u.key));
    out.resumeNoId = await attempt(() => b.resumeMultipartUpload("k"));
    return Response.json(out);
  },
};
