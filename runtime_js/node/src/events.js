// node:events: npm events (browserify's port of Node.js's EventEmitter: a
// function, so the many packages that call `EventEmitter.call(this)` work),
// with what newer Node.js added taken from unenv's port (on, getEventListeners,
// addAbortListener, ...), as members of EventEmitter, as Node.js has them.
const EventEmitter = require("events/");
const newer = require("unenv/node/events");

const errorMonitor = Symbol.for("events.errorMonitor");
const captureRejectionSymbol = Symbol.for("nodejs.rejection");

Object.assign(EventEmitter, {
  EventEmitter,
  EventEmitterAsyncResource: newer.EventEmitterAsyncResource,
  addAbortListener: newer.addAbortListener,
  captureRejectionSymbol,
  captureRejections: false,
  errorMonitor,
  getEventListeners: newer.getEventListeners,
  getMaxListeners: (emitter) => (typeof emitter.getMaxListeners === "function" ? emitter.getMaxListeners() : 10),
  listenerCount: (emitter, type) => emitter.listenerCount(type),
  on: newer.on,
  setMaxListeners(n = 10, ...targets) {
    if (targets.length === 0) EventEmitter.defaultMaxListeners = n;
    for (const target of targets) if (typeof target.setMaxListeners === "function") target.setMaxListeners(n);
  },
  usingDomains: false,
});

// Node.js has init, but not among the module's exports.
Object.defineProperty(EventEmitter, "init", { enumerable: false });

module.exports = EventEmitter;
