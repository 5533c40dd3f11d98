// A cron-triggered worker: `scheduled` runs on the schedules in worky.toml
// ([triggers] crons) and records each run in KV; `fetch` reports the last run.
//
// In `worky dev`, trigger a run with:
//   curl "http://127.0.0.1:8787/__scheduled?cron=*/5+*+*+*+*"
export default {
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const run = { cron: controller.cron, at: new Date(controller.scheduledTime).toISOString() };
    ctx.waitUntil(env.RUNS.put("last-run", JSON.stringify(run)));
  },

  async fetch(request: Request, env: Env): Promise<Response> {
    const last = await env.RUNS.get("last-run", "json");
    return Response.json({ lastRun: last ?? "never" });
  },
} satisfies ExportedHandler<Env>;
