// Types of the Workers runtime that are not in TypeScript's WebWorker library.
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}
