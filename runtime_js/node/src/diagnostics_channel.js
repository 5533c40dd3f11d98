// node:diagnostics_channel: unenv's channels (channel, subscribe, publish), with
// what unenv leaves unimplemented written to Node.js's documented semantics:
// bindStore/runStores on AsyncLocalStorage, and TracingChannel (start, end,
// asyncStart, asyncEnd and error around sync, promise and callback work).
const dc = require("unenv/node/diagnostics_channel");

const Channel = dc.Channel;
const stores = new WeakMap();

Channel.prototype.bindStore = function (store, transform) {
  if (!stores.has(this)) stores.set(this, new Map());
  stores.get(this).set(store, transform);
};

Channel.prototype.unbindStore = function (store) {
  return stores.get(this)?.delete(store) ?? false;
};

Channel.prototype.runStores = function (data, fn, thisArg, ...args) {
  let run = () => {
    this.publish(data);
    return Reflect.apply(fn, thisArg, args);
  };
  for (const [store, transform] of stores.get(this) ?? []) {
    const inner = run;
    run = () => store.run(transform ? transform(data) : data, inner);
  }
  return run();
};

const EVENTS = ["start", "end", "asyncStart", "asyncEnd", "error"];

class TracingChannel {
  constructor(nameOrChannels) {
    for (const event of EVENTS) {
      this[event] =
        typeof nameOrChannels === "string" ? dc.channel(`tracing:${nameOrChannels}:${event}`) : nameOrChannels[event];
    }
  }

  get hasSubscribers() {
    return EVENTS.some((event) => this[event].hasSubscribers);
  }

  subscribe(handlers) {
    for (const event of EVENTS) if (handlers[event]) this[event].subscribe(handlers[event]);
  }

  unsubscribe(handlers) {
    let done = true;
    for (const event of EVENTS) if (handlers[event] && !this[event].unsubscribe(handlers[event])) done = false;
    return done;
  }

  traceSync(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, error } = this;
    return start.runStores(context, () => {
      try {
        const result = Reflect.apply(fn, thisArg, args);
        context.result = result;
        return result;
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }

  tracePromise(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, asyncStart, asyncEnd, error } = this;
    const settled = (failed) => (value) => {
      if (failed) {
        context.error = value;
        error.publish(context);
      } else {
        context.result = value;
      }
      asyncStart.publish(context);
      asyncEnd.publish(context);
      if (failed) throw value;
      return value;
    };
    return start.runStores(context, () => {
      try {
        const promise = Promise.resolve(Reflect.apply(fn, thisArg, args));
        return promise.then(settled(false), settled(true));
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }

  traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, asyncStart, asyncEnd, error } = this;
    const at = position < 0 ? args.length + position : position;
    const callback = args[at];
    args[at] = function (err, result) {
      if (err) {
        context.error = err;
        error.publish(context);
      } else {
        context.result = result;
      }
      asyncStart.publish(context);
      try {
        return Reflect.apply(callback, this, arguments);
      } finally {
        asyncEnd.publish(context);
      }
    };
    return start.runStores(context, () => {
      try {
        return Reflect.apply(fn, thisArg, args);
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }
}

const tracingChannel = (nameOrChannels) => new TracingChannel(nameOrChannels);

module.exports = { ...dc, default: undefined, Channel, TracingChannel, tracingChannel };
delete module.exports.default;
