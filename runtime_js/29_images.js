// worky's JS glue, part 29: the Images binding (`images = { binding =
// "IMAGES" }`): `env.IMAGES.info(stream)` and
// `env.IMAGES.input(stream).transform({ width, height, rotate }).draw(other,
// { top, left, bottom, right, opacity }).output({ format, quality })`, whose
// result gives `response()`, `contentType()` and `image()`. The pixels are
// worked in Rust (src/runtime/ops/images.rs); what it answers is compared with
// wrangler dev's in tests/workerd/images.js.
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has the binding (04_serve.js `lazyModule`).

(function (core, primordials, _LENT) {
"use strict";

const {
  ArrayPrototypePush,
  Error,
  JSONStringify,
  ObjectFreeze,
  ObjectPrototypeIsPrototypeOf,
  PromisePrototypeCatch,
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  StringPrototypeTrim,
  TypedArrayPrototypeSet,
  Uint8Array,
} = primordials;
const { op_worky_images_info, op_worky_images_transform } = core.ops;
const { Response } = core.loadExtScript("ext:deno_fetch/23_response.js");
const { atob, btoa } = core.loadExtScript("ext:deno_web/05_base64.js");

const BAD_TRANSFORMS = "IMAGES_TRANSFORM_ERROR 9523: ERROR: Internal Images binding error: " +
  "Expected JSON array of valid transforms in transforms field";

/** A stream's bytes; its text decoded from base64 when `options.encoding` says so. */
async function bytesOf(stream, options) {
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  if (options?.encoding !== "base64") return bytes;
  const binary = atob(StringPrototypeTrim(core.decode(bytes)));
  const decoded = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) decoded[i] = StringPrototypeCharCodeAt(binary, i);
  return decoded;
}

function base64Of(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += StringFromCharCode(bytes[i]);
  return core.encode(btoa(binary));
}

/** A transform's numbers as the op takes them; anything else is the binding's error. */
function checkedTransform(transform) {
  for (const key of ["imageIndex", "rotate", "width", "height"]) {
    if (transform?.[key] !== undefined && typeof transform[key] !== "number") throw new Error(BAD_TRANSFORMS);
  }
  return { kind: "transform", width: transform?.width, height: transform?.height, rotate: transform?.rotate };
}

/** What `output()` gives: the image made, as a response, a stream or its type. */
class ImageTransformationResult {
  #type;
  #bytes;

  constructor(type, bytes) {
    this.#type = type;
    this.#bytes = bytes;
  }

  contentType() {
    return this.#type;
  }

  image(options = undefined) {
    return new Response(options?.encoding === "base64" ? base64Of(this.#bytes) : this.#bytes).body;
  }

  response() {
    return new Response(this.#bytes, { headers: { "content-type": this.#type } });
  }
}

/** `input(stream)`: the image and what is to be done to it, done by `output()`. */
class ImageTransformer {
  #source;
  #steps = [];

  constructor(source) {
    this.#source = source;
  }

  transform(transform) {
    ArrayPrototypePush(this.#steps, { transform });
    return this;
  }

  draw(image, options = {}) {
    if (options?.repeat !== undefined && options.repeat !== false) {
      throw new Error("IMAGES_TRANSFORM_ERROR 9520: ERROR: draw's repeat is not supported here");
    }
    ArrayPrototypePush(this.#steps, { draw: image, options });
    return this;
  }

  /** The steps for the op, each drawn image's bytes added to `images`. */
  async #stepsFor(images) {
    const steps = [];
    for (const step of this.#steps) {
      if (step.draw === undefined) {
        ArrayPrototypePush(steps, checkedTransform(step.transform));
        continue;
      }
      const index = images.length;
      let drawn = [];
      if (ObjectPrototypeIsPrototypeOf(ImageTransformerPrototype, step.draw)) {
        ArrayPrototypePush(images, await step.draw.#source);
        drawn = await step.draw.#stepsFor(images);
      } else {
        ArrayPrototypePush(images, await bytesOf(step.draw));
      }
      const { top, left, bottom, right, opacity } = step.options ?? {};
      ArrayPrototypePush(steps, { kind: "draw", index, steps: drawn, top, left, bottom, right, opacity });
    }
    return steps;
  }

  async output(options = {}) {
    const images = [await this.#source];
    const steps = await this.#stepsFor(images);
    let length = 0;
    const lengths = [];
    for (const image of images) {
      ArrayPrototypePush(lengths, image.length);
      length += image.length;
    }
    const all = new Uint8Array(length);
    let offset = 0;
    for (const image of images) {
      TypedArrayPrototypeSet(all, image, offset);
      offset += image.length;
    }
    const quality = typeof options?.quality === "number" ? options.quality : null;
    const { 0: type, 1: bytes } = await op_worky_images_transform(
      all,
      lengths,
      JSONStringify(steps),
      `${options?.format ?? ""}`,
      quality,
    );
    return new ImageTransformationResult(type, bytes);
  }
}
const ImageTransformerPrototype = ImageTransformer.prototype;

function hostedImages() {
  return new Error("env.IMAGES: hosted images (image(), upload(), list()) are not supported by worky yet");
}

/** `env.IMAGES`. */
class ImagesBinding {
  async info(stream, options = undefined) {
    return await op_worky_images_info(await bytesOf(stream, options));
  }

  input(stream, options = undefined) {
    const source = bytesOf(stream, options);
    // Read now, as workerd does; a failure is output()'s.
    PromisePrototypeCatch(source, () => {});
    return new ImageTransformer(source);
  }

  image(_id) {
    throw hostedImages();
  }

  upload(_image, _options) {
    return Promise.reject(hostedImages());
  }

  list(_options) {
    return Promise.reject(hostedImages());
  }
}
ObjectFreeze(ImagesBinding.prototype);

return { ImagesBinding };
})
