// `request.signal` with the `enable_request_signal` flag: it aborts when the
// client hangs up, before the response and while a response body streams, with
// workerd's reason, and not when the response was delivered. The client is this
// worker itself: it fetches its own URL and aborts that fetch (each case waits
// until the handler runs, then hangs up, then waits for what the handler saw).
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seen = {};
const started = {};

function watch(request, key) {
  started[key] = true;
  const signal = request.signal;
  seen[key] = `aborted ${signal.aborted}`;
  signal.addEventListener("abort", () => {
    const reason = signal.reason;
    seen[key] = `abort: ${Object.prototype.toString.call(reason)} ${reason?.name}: ${reason?.message} ` +
      `retryable ${reason?.retryable} same ${reason === signal.reason} aborted ${signal.aborted}`;
  });
}

async function until(check, ms = 3000) {
  for (let waited = 0; !check() && waited < ms; waited += 10) await sleep(10);
}

/** Fetches `path` of this worker, hangs up once its handler started (after the head, with `afterHead`). */
async function hangUp(origin, key, afterHead) {
  const controller = new AbortController();
  const answer = fetch(`${origin}/${key}`, { signal: controller.signal }).catch(() => null);
  await until(() => started[key]);
  if (afterHead) {
    const response = await answer;
    const reader = response.body.getReader();
    await reader.read();
  }
  controller.abort();
  await answer;
  await until(() => seen[key] !== "aborted false");
  return seen[key];
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const key = url.pathname.slice(1);
    if (key === "ready") return new Response("ready");
    if (key === "beforeHead") {
      watch(request, key);
      await until(() => request.signal.aborted, 5000);
      return new Response("late");
    }
    if (key === "streaming") {
      watch(request, key);
      let n = 0;
      return new ReadableStream
        ? new Response(new ReadableStream({
            async pull(controller) {
              if (n > 0) await sleep(20);
              if (n === 300) return controller.close();
              controller.enqueue(new TextEncoder().encode(`data: ${n++}\n\n`));
            },
          }))
        : null;
    }
    if (key === "delivered") {
      watch(request, key);
      ctx.waitUntil(sleep(300));
      return new Response("whole");
    }
    const out = {};
    out.flag = Cloudflare.compatibilityFlags.enable_request_signal;
    out.typeofSignal = Object.prototype.toString.call(request.signal);
    out.beforeHead = await hangUp(url.origin, "beforeHead", false);
    out.streaming = await hangUp(url.origin, "streaming", true);
    const whole = await fetch(`${url.origin}/delivered`);
    out.deliveredBody = await whole.text();
    await sleep(300);
    out.delivered = seen.delivered;
    return Response.json(out);
  },
};
