// bench/services.sh: the worker the caller's service bindings reach.
import { WorkerEntrypoint } from "cloudflare:workers";

export class Books extends WorkerEntrypoint {
  add(a, b) {
    return a + b;
  }
}

// 256 KiB in 16 chunks, written as the reader asks (the answer streams to the caller).
const CHUNK = new Uint8Array(16384).fill(120);

function stream() {
  let left = 16;
  return new ReadableStream({
    pull(controller) {
      if (left-- === 0) return controller.close();
      controller.enqueue(CHUNK.slice());
    },
  });
}

export default {
  fetch(request) {
    if (new URL(request.url).pathname === "/stream") return new Response(stream());
    return new Response("Hello World!");
  },
};
