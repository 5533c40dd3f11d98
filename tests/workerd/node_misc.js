// The rest of nodejs_compat a real app meets: the process global and
// process.env (populated from text and JSON variables from 2025-04-01),
// nextTick ordering, Node-ish globals, node:timers, diagnostics_channel, and
// bare specifiers resolving to the node: modules.
import process from "node:process";
import * as processModule from "node:process";
import timers from "node:timers";
import { setTimeout as sleep, setImmediate as immediate } from "node:timers/promises";
import diagnostics_channel from "node:diagnostics_channel";
import { Buffer as NodeBuffer } from "node:buffer";
import * as bareBuffer from "buffer";
import * as nodeBuffer from "node:buffer";
import bareEvents from "events";
import nodeEvents from "node:events";
import barePath from "path";
import nodePath from "node:path";
import bareUtil from "util";
import nodeUtil from "node:util";

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const r = {};
    const t = (key, f) => {
      try {
        r[key] = f();
      } catch (err) {
        r[key] = "threw: " + err.name + ": " + err.message;
      }
    };
    const ta = async (key, f) => {
      try {
        r[key] = await f();
      } catch (err) {
        r[key] = "threw: " + err.name + ": " + err.message;
      }
    };
    t("processGlobal", () => `${typeof globalThis.process} ${globalThis.process === process} ${processModule.default === process}`);
    t("envGreeting", () => String(process.env.GREETING));
    t("envSettingsType", () => typeof process.env.SETTINGS);
    t("envSettings", () => String(process.env.SETTINGS));
    t("envKeys", () => Object.keys(process.env).sort().join(","));
    t("envMissing", () => String(process.env.NOPE));
    t("envBindingStillObject", () => `${env.GREETING} ${typeof env.SETTINGS} ${env.SETTINGS && env.SETTINGS.level}`);
    t("versionPattern", () => `${/^v\d+\.\d+\.\d+$/.test(process.version)} ${process.version}`);
    t("versionsNode", () => `${process.versions.node} ${("v" + process.versions.node) === process.version}`);
    t("platformArch", () => `${process.platform} ${process.arch}`);
    t("cwd", () => process.cwd());
    t("functions", () => ["exit", "nextTick", "emitWarning", "on", "cwd", "chdir", "umask", "uptime", "memoryUsage", "abort"].map((k) => `${k}:${typeof process[k]}`).join(","));
    t("hrtime", () => `${typeof process.hrtime} ${typeof process.hrtime.bigint} ${typeof process.hrtime.bigint()} ${Array.isArray(process.hrtime())}`);
    t("argvExecArgv", () => `${JSON.stringify(process.argv)} ${JSON.stringify(process.execArgv)} ${typeof process.pid}`);
    t("releaseName", () => process.release && process.release.name);
    t("features", () => typeof process.features);
    await ta("tickOrder", () => new Promise((resolve) => {
      const order = [];
      setTimeout(() => order.push("timeout"), 0);
      setTimeout(() => resolve(order.join(",")), 20);
      setImmediate(() => order.push("immediate"));
      Promise.resolve().then(() => order.push("promise"));
      queueMicrotask(() => order.push("microtask"));
      process.nextTick(() => order.push("tick"));
      process.nextTick((a, b) => order.push(`tickArgs${a}${b}`), 1, 2);
      order.push("sync");
    }));
    t("globalAlias", () => `${typeof global} ${globalThis.global === globalThis}`);
    t("setImmediateGlobal", () => `${typeof setImmediate} ${typeof clearImmediate}`);
    t("bufferGlobal", () => `${typeof Buffer} ${Buffer === NodeBuffer}`);
    t("timersIdentity", () => ["setTimeout", "setInterval", "clearTimeout", "setImmediate", "clearImmediate"].map((k) => `${k}:${timers[k] === globalThis[k]}`).join(","));
    t("timersReturn", () => {
      const handle = timers.setTimeout(() => {}, 10);
      const kind = typeof handle;
      timers.clearTimeout(handle);
      const g = setTimeout(() => {}, 10);
      clearTimeout(g);
      return `${kind} ${typeof g}`;
    });
    await ta("timersPromises", async () => `${await sleep(1, "slept")} ${await immediate("imm")}`);
    await ta("timersPromisesBare", async () => (await import("timers/promises")).setTimeout === sleep);
    t("channelPublish", () => {
      const ch = diagnostics_channel.channel("probe:one");
      const got = [];
      const has = () => (typeof ch.hasSubscribers === "function" ? ch.hasSubscribers() : ch.hasSubscribers);
      const before = has();
      const fn = (message, name) => got.push(`${message.v}@${name}`);
      ch.subscribe(fn);
      const during = has();
      ch.publish({ v: 1 });
      ch.unsubscribe(fn);
      ch.publish({ v: 2 });
      return `${got.join(",")} ${before} ${during} ${has()}`;
    });
    t("channelShape", () => `hasSubscribers:${typeof diagnostics_channel.channel("probe:one").hasSubscribers} name:${String(diagnostics_channel.channel("probe:one").name)}`);
    t("channelByName", () => {
      const got = [];
      const fn = (message) => got.push(message);
      diagnostics_channel.subscribe("probe:two", fn);
      const has = diagnostics_channel.hasSubscribers("probe:two");
      diagnostics_channel.channel("probe:two").publish("hello");
      const removed = diagnostics_channel.unsubscribe("probe:two", fn);
      diagnostics_channel.channel("probe:two").publish("ignored");
      return `${got.join(",")} ${has} ${removed} ${diagnostics_channel.hasSubscribers("probe:two")}`;
    });
    t("channelSame", () => diagnostics_channel.channel("probe:same") === diagnostics_channel.channel("probe:same"));
    t("tracingChannel", () => {
      if (typeof diagnostics_channel.tracingChannel !== "function") return "absent";
      const tc = diagnostics_channel.tracingChannel("probe:trace");
      const seen = [];
      tc.subscribe({ start: () => seen.push("start"), end: () => seen.push("end"), asyncStart() {}, asyncEnd() {}, error: () => seen.push("error") });
      const out = tc.traceSync(() => 7, { ctx: 1 });
      return `${out} ${seen.join(",")}`;
    });
    t("bareBuffer", () => bareBuffer.Buffer === nodeBuffer.Buffer);
    t("bareEvents", () => bareEvents === nodeEvents);
    t("barePath", () => barePath === nodePath);
    t("bareUtil", () => bareUtil === nodeUtil);
    t("emitWarning", () => { process.emitWarning("careful"); return "no throw"; });
    t("processEvents", () => { const f = () => {}; process.on("probe-event", f); const n = process.listenerCount("probe-event"); process.off("probe-event", f); return n; });
    return Response.json(r);
  },
};
