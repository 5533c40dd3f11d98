// worky's JS glue, part 22: Workers Analytics Engine (src/runtime/analytics.rs,
// the op in src/runtime/ops/analytics.rs): `env.DATASET.writeDataPoint({ blobs,
// doubles, indexes })` with workerd's checks and words (at most 20 blobs of 5,120
// bytes in all, 20 doubles, one index of 96 bytes); the point is written in the
// background, as on Workers (writeDataPoint returns nothing to wait for).
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has a dataset binding (04_serve.js `lazyModule`).

(function (core, primordials) {
"use strict";

const {
  ArrayBufferIsView,
  ArrayBufferPrototype,
  ArrayIsArray,
  ArrayPrototypePush,
  Number,
  ObjectPrototypeIsPrototypeOf,
  PromisePrototypeCatch,
  String,
  TypeError,
  Uint8Array,
} = primordials;

const { op_worky_analytics_write } = core.ops;

const MAX_MEMBERS = 20;
const MAX_INDEX_BYTES = 96;
const MAX_BLOB_BYTES = 256 * MAX_MEMBERS;
const PREFIX = "writeDataPoint(): ";
const encoder = new TextEncoder();

/** A blob or index as the op takes it (a string, or its bytes as numbers) and its size. */
function blobOf(value) {
  if (value === null || value === undefined) return null;
  if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, value)) {
    const bytes = new Uint8Array(value);
    return [[...bytes], bytes.length];
  }
  if (ArrayBufferIsView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return [[...bytes], bytes.length];
  }
  const text = String(value);
  return [text, encoder.encode(text).length];
}

class AnalyticsEngineDataset {
  #binding;

  constructor(binding) {
    this.#binding = binding;
  }

  writeDataPoint(event) {
    const point = { index: null, blobs: [], doubles: [] };
    if (event !== undefined && event !== null) {
      const { indexes, blobs, doubles } = event;
      if (indexes !== undefined && indexes !== null) {
        if (!ArrayIsArray(indexes)) throw new TypeError(`${PREFIX}indexes must be an array.`);
        if (indexes.length > 1) throw new TypeError(`${PREFIX}Maximum of 1 indexes supported.`);
        const index = indexes.length === 0 ? null : blobOf(indexes[0]);
        if (index !== null && index[1] > MAX_INDEX_BYTES) {
          throw new TypeError(`${PREFIX}Size of indexes[0] exceeds ${MAX_INDEX_BYTES} bytes).`);
        }
        point.index = index === null ? null : index[0];
      }
      if (blobs !== undefined && blobs !== null) {
        if (!ArrayIsArray(blobs)) throw new TypeError(`${PREFIX}blobs must be an array.`);
        if (blobs.length > MAX_MEMBERS) throw new TypeError(`${PREFIX}Maximum of ${MAX_MEMBERS} blobs supported.`);
        let total = 0;
        for (let i = 0; i < blobs.length; i++) {
          const blob = blobOf(blobs[i]);
          if (blob !== null) {
            total += blob[1];
            if (total > MAX_BLOB_BYTES) {
              throw new TypeError(`${PREFIX}Cumulative size of blobs exceeds ${MAX_BLOB_BYTES} bytes).`);
            }
          }
          ArrayPrototypePush(point.blobs, blob === null ? null : blob[0]);
        }
      }
      if (doubles !== undefined && doubles !== null) {
        if (!ArrayIsArray(doubles)) throw new TypeError(`${PREFIX}doubles must be an array.`);
        if (doubles.length > MAX_MEMBERS) {
          throw new TypeError(`${PREFIX}Maximum of ${MAX_MEMBERS} doubles supported.`);
        }
        for (let i = 0; i < doubles.length; i++) ArrayPrototypePush(point.doubles, Number(doubles[i]));
      }
    }
    // Written in the background; a failure is logged, as Cloudflare drops points it cannot take.
    PromisePrototypeCatch(
      op_worky_analytics_write(this.#binding, point),
      (error) => globalThis.console.error("Analytics Engine:", error),
    );
  }
}

return { AnalyticsEngineDataset };
})
