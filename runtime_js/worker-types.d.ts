// Types of the worky runtime APIs that TypeScript's WebWorker library lacks
// (the Workers conventions: KV, ExecutionContext, scheduled events).

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  readonly props: Record<string, unknown>;
}

interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
  noRetry(): void;
}

interface ExportedHandler<E = Env> {
  fetch?(request: Request, env: E, ctx: ExecutionContext): Response | Promise<Response>;
  scheduled?(controller: ScheduledController, env: E, ctx: ExecutionContext): void | Promise<void>;
}

type KVNamespaceListKey<Metadata = unknown> = { name: string; expiration?: number; metadata?: Metadata };

type KVNamespaceListResult<Metadata = unknown> =
  | { list_complete: false; keys: KVNamespaceListKey<Metadata>[]; cursor: string; cacheStatus: string | null }
  | { list_complete: true; keys: KVNamespaceListKey<Metadata>[]; cacheStatus: string | null };

interface KVNamespaceGetWithMetadataResult<Value, Metadata> {
  value: Value | null;
  metadata: Metadata | null;
  cacheStatus: string | null;
}

interface KVNamespacePutOptions {
  expiration?: number;
  expirationTtl?: number;
  metadata?: unknown;
}

interface KVNamespace<Key extends string = string> {
  get(key: Key, options?: "text" | { type: "text"; cacheTtl?: number }): Promise<string | null>;
  get<T = unknown>(key: Key, options: "json" | { type: "json"; cacheTtl?: number }): Promise<T | null>;
  get(key: Key, options: "arrayBuffer" | { type: "arrayBuffer"; cacheTtl?: number }): Promise<ArrayBuffer | null>;
  get(key: Key, options: "stream" | { type: "stream"; cacheTtl?: number }): Promise<ReadableStream | null>;
  get(keys: Key[], options?: "text" | { type: "text" }): Promise<Map<string, string | null>>;
  get<T = unknown>(keys: Key[], options: "json" | { type: "json" }): Promise<Map<string, T | null>>;
  getWithMetadata<Metadata = unknown>(
    key: Key,
    options?: "text" | { type: "text" },
  ): Promise<KVNamespaceGetWithMetadataResult<string, Metadata>>;
  getWithMetadata<T = unknown, Metadata = unknown>(
    key: Key,
    options: "json" | { type: "json" },
  ): Promise<KVNamespaceGetWithMetadataResult<T, Metadata>>;
  getWithMetadata<Metadata = unknown>(
    key: Key,
    options: "arrayBuffer" | { type: "arrayBuffer" },
  ): Promise<KVNamespaceGetWithMetadataResult<ArrayBuffer, Metadata>>;
  getWithMetadata<Metadata = unknown>(
    key: Key,
    options: "stream" | { type: "stream" },
  ): Promise<KVNamespaceGetWithMetadataResult<ReadableStream, Metadata>>;
  put(
    key: Key,
    value: string | ArrayBuffer | ArrayBufferView | ReadableStream,
    options?: KVNamespacePutOptions,
  ): Promise<void>;
  delete(key: Key): Promise<void>;
  list<Metadata = unknown>(options?: { prefix?: string; limit?: number; cursor?: string | null }): Promise<KVNamespaceListResult<Metadata>>;
}
