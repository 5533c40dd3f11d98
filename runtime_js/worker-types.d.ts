// Types of the worky runtime APIs that TypeScript's WebWorker library lacks
// (the Workers conventions: KV, ExecutionContext, scheduled events).

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  readonly props: Record<string, unknown>;
  /**
   * Loopback bindings to the worker's own exports (`enable_ctx_exports`, on from
   * compatibility date 2025-11-17): a Fetcher for each entrypoint and the default
   * handler, a DurableObjectNamespace for each Durable Object class bound here.
   */
  readonly exports: Record<string, any>;
}

interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
  noRetry(): void;
}

interface ExportedHandler<E = Env, QueueBody = unknown> {
  fetch?(request: Request, env: E, ctx: ExecutionContext): Response | Promise<Response>;
  scheduled?(controller: ScheduledController, env: E, ctx: ExecutionContext): void | Promise<void>;
  queue?(batch: MessageBatch<QueueBody>, env: E, ctx: ExecutionContext): void | Promise<void>;
  email?(message: ForwardableEmailMessage, env: E, ctx: ExecutionContext): void | Promise<void>;
}

/** An incoming email, as an `email` handler gets it. */
interface ForwardableEmailMessage {
  /** The envelope's sender (MAIL FROM). */
  readonly from: string;
  /** The envelope's recipient (RCPT TO). */
  readonly to: string;
  /** The whole raw message. */
  readonly raw: ReadableStream<Uint8Array>;
  readonly headers: Headers;
  readonly rawSize: number;
  /** Refuses the message, with this reason for the sender. */
  setReject(reason: string): void;
  /** Sends the message on to a verified address, with extra header fields. */
  forward(rcptTo: string, headers?: Headers): Promise<{ messageId: string }>;
  /** Answers the sender with a message whose In-Reply-To is this one's Message-ID. */
  reply(message: import("cloudflare:email").EmailMessage): Promise<{ messageId: string }>;
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

// --- Durable Objects (`[[durable_objects.bindings]]`) ---------------------------

interface DurableObjectId {
  toString(): string;
  equals(other: DurableObjectId): boolean;
  readonly name?: string;
}

type SqlStorageValue = ArrayBuffer | string | number | null;

interface SqlStorageCursor<T extends Record<string, SqlStorageValue>> extends Iterable<T> {
  next(): { done?: false; value: T } | { done: true; value?: never };
  toArray(): T[];
  one(): T;
  raw<U extends SqlStorageValue[]>(): IterableIterator<U>;
  readonly columnNames: string[];
  readonly rowsRead: number;
  readonly rowsWritten: number;
}

interface SqlStorage {
  exec<T extends Record<string, SqlStorageValue> = Record<string, SqlStorageValue>>(
    query: string,
    ...bindings: unknown[]
  ): SqlStorageCursor<T>;
  readonly databaseSize: number;
}

interface DurableObjectListOptions {
  start?: string;
  startAfter?: string;
  end?: string;
  prefix?: string;
  reverse?: boolean;
  limit?: number;
}

interface DurableObjectStorage {
  get<T = unknown>(key: string): Promise<T | undefined>;
  get<T = unknown>(keys: string[]): Promise<Map<string, T>>;
  put<T>(key: string, value: T): Promise<void>;
  put<T>(entries: Record<string, T>): Promise<void>;
  delete(key: string): Promise<boolean>;
  delete(keys: string[]): Promise<number>;
  deleteAll(): Promise<void>;
  list<T = unknown>(options?: DurableObjectListOptions): Promise<Map<string, T>>;
  transaction<T>(closure: (txn: DurableObjectStorage & { rollback(): void }) => Promise<T>): Promise<T>;
  transactionSync<T>(closure: () => T): T;
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTime: number | Date): Promise<void>;
  deleteAlarm(): Promise<void>;
  sync(): Promise<void>;
  /** Classes in `new_sqlite_classes` only. */
  readonly sql: SqlStorage;
  /** The same entries, synchronously; classes in `new_sqlite_classes` only. */
  readonly kv: SyncKvStorage;
}

interface SyncKvStorage {
  get<T = unknown>(key: string): T | undefined;
  put<T>(key: string, value: T): void;
  delete(key: string): boolean;
  list<T = unknown>(options?: DurableObjectListOptions): Iterable<[string, T]>;
}

interface DurableObjectState {
  readonly id: DurableObjectId;
  readonly storage: DurableObjectStorage;
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
  waitUntil(promise: Promise<unknown>): void;
  /** The hibernation API: the object's webSocketMessage/webSocketClose get this socket's events. */
  acceptWebSocket(ws: WebSocket, tags?: string[]): void;
  getWebSockets(tag?: string): WebSocket[];
  getTags(ws: WebSocket): string[];
}

/** A stub: `fetch`, and every public method of the class as an async call. */
type DurableObjectStub<T = undefined> =
  & {
    readonly id: DurableObjectId;
    readonly name?: string;
    fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  }
  & (T extends undefined ? { [method: string]: (...args: any[]) => Promise<any> }
    : {
      [K in Exclude<keyof T, "fetch" | "ctx" | "env">]: T[K] extends (...args: infer A) => infer R
        ? (...args: A) => Promise<Awaited<R>>
        : Promise<T[K]>;
    });

/** A D1 database (`[[d1_databases]]`): SQLite, on a local file. */
interface D1Meta {
  changed_db: boolean;
  changes: number;
  duration: number;
  last_row_id: number;
  rows_read: number;
  rows_written: number;
  served_by: string;
  size_after: number;
}
interface D1Result<T = Record<string, unknown>> {
  success: true;
  meta: D1Meta & Record<string, unknown>;
  results: T[];
}
interface D1ExecResult {
  count: number;
  duration: number;
}
declare abstract class D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  first<T = unknown>(colName: string): Promise<T | null>;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  run<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  raw<T = unknown[]>(options: { columnNames: true }): Promise<[string[], ...T[]]>;
  raw<T = unknown[]>(options?: { columnNames?: false }): Promise<T[]>;
}
declare abstract class D1DatabaseSession {
  prepare(query: string): D1PreparedStatement;
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
  getBookmark(): string | null;
}
declare abstract class D1Database {
  prepare(query: string): D1PreparedStatement;
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
  exec(query: string): Promise<D1ExecResult>;
  withSession(constraintOrBookmark?: string): D1DatabaseSession;
  dump(): Promise<ArrayBuffer>;
}

/** An R2 bucket (`[[r2_buckets]]`): objects on a local file. */
interface R2HTTPMetadata {
  contentType?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  cacheControl?: string;
  cacheExpiry?: Date;
}
interface R2Checksums {
  readonly md5?: ArrayBuffer;
  readonly sha1?: ArrayBuffer;
  readonly sha256?: ArrayBuffer;
  readonly sha384?: ArrayBuffer;
  readonly sha512?: ArrayBuffer;
  toJSON(): Record<string, string>;
}
type R2Range = { offset: number; length?: number } | { offset?: number; length: number } | { suffix: number };
interface R2Conditional {
  etagMatches?: string;
  etagDoesNotMatch?: string;
  uploadedBefore?: Date;
  uploadedAfter?: Date;
}
declare abstract class R2Object {
  readonly key: string;
  readonly version: string;
  readonly size: number;
  readonly etag: string;
  readonly httpEtag: string;
  readonly checksums: R2Checksums;
  readonly uploaded: Date;
  readonly httpMetadata?: R2HTTPMetadata;
  readonly customMetadata?: Record<string, string>;
  readonly range?: R2Range;
  readonly storageClass: string;
  writeHttpMetadata(headers: Headers): void;
}
interface R2ObjectBody extends R2Object {
  readonly body: ReadableStream;
  readonly bodyUsed: boolean;
  arrayBuffer(): Promise<ArrayBuffer>;
  bytes(): Promise<Uint8Array>;
  text(): Promise<string>;
  json<T>(): Promise<T>;
  blob(): Promise<Blob>;
}
interface R2Objects {
  objects: R2Object[];
  delimitedPrefixes: string[];
  truncated: boolean;
  cursor?: string;
}
interface R2PutOptions {
  onlyIf?: R2Conditional | Headers;
  httpMetadata?: R2HTTPMetadata | Headers;
  customMetadata?: Record<string, string>;
  md5?: ArrayBuffer | string;
  sha1?: ArrayBuffer | string;
  sha256?: ArrayBuffer | string;
  sha384?: ArrayBuffer | string;
  sha512?: ArrayBuffer | string;
}
interface R2GetOptions {
  onlyIf?: R2Conditional | Headers;
  range?: R2Range | Headers;
}
interface R2ListOptions {
  limit?: number;
  prefix?: string;
  cursor?: string;
  delimiter?: string;
  startAfter?: string;
  include?: ("httpMetadata" | "customMetadata")[];
}
declare abstract class R2Bucket {
  head(key: string): Promise<R2Object | null>;
  get(key: string, options?: R2GetOptions): Promise<R2ObjectBody | R2Object | null>;
  put(
    key: string,
    value: ReadableStream | ArrayBuffer | ArrayBufferView | string | null | Blob,
    options?: R2PutOptions,
  ): Promise<R2Object | null>;
  delete(keys: string | string[]): Promise<void>;
  list(options?: R2ListOptions): Promise<R2Objects>;
  createMultipartUpload(key: string, options?: R2MultipartOptions): Promise<R2MultipartUpload>;
  resumeMultipartUpload(key: string, uploadId: string): R2MultipartUpload;
}

interface R2MultipartOptions {
  httpMetadata?: R2HTTPMetadata | Headers;
  customMetadata?: Record<string, string>;
}

interface R2UploadedPart {
  partNumber: number;
  etag: string;
}

declare abstract class R2MultipartUpload {
  readonly key: string;
  readonly uploadId: string;
  uploadPart(
    partNumber: number,
    value: ReadableStream | ArrayBuffer | ArrayBufferView | string | Blob,
  ): Promise<R2UploadedPart>;
  abort(): Promise<void>;
  complete(uploadedParts: R2UploadedPart[]): Promise<R2Object>;
}

/** A queue's producer (`[[queues.producers]]`). */
type QueueContentType = "text" | "bytes" | "json" | "v8";
interface QueueSendOptions {
  contentType?: QueueContentType;
  delaySeconds?: number;
}
interface MessageSendRequest<Body = unknown> extends QueueSendOptions {
  body: Body;
}
interface QueueSendBatchOptions {
  delaySeconds?: number;
}
interface QueueMetrics {
  backlogCount: number;
  backlogBytes: number;
  oldestMessageTimestamp?: Date;
}
interface QueueSendResponse {
  metadata: { metrics: QueueMetrics };
}
interface Queue<Body = unknown> {
  send(body: Body, options?: QueueSendOptions): Promise<QueueSendResponse>;
  sendBatch(messages: Iterable<MessageSendRequest<Body>>, options?: QueueSendBatchOptions): Promise<QueueSendResponse>;
  metrics(): Promise<QueueMetrics>;
}

/** What a `queue` handler gets (`[[queues.consumers]]`). */
interface QueueRetryOptions {
  delaySeconds?: number;
}
interface Message<Body = unknown> {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: Body;
  readonly attempts: number;
  ack(): void;
  retry(options?: QueueRetryOptions): void;
}
interface MessageBatch<Body = unknown> {
  readonly queue: string;
  readonly messages: readonly Message<Body>[];
  readonly metadata: { metrics: QueueMetrics };
  ackAll(): void;
  retryAll(options?: QueueRetryOptions): void;
}

/** An Analytics Engine dataset (`[[analytics_engine_datasets]]`). */
interface AnalyticsEngineDataPoint {
  indexes?: ((ArrayBuffer | string) | null)[];
  doubles?: number[];
  blobs?: ((ArrayBuffer | string) | null)[];
}
interface AnalyticsEngineDataset {
  writeDataPoint(event?: AnalyticsEngineDataPoint): void;
}

/** The `[version_metadata]` binding: the running version. */
interface WorkerVersionMetadata {
  readonly id: string;
  readonly tag: string;
  readonly timestamp: string;
}

/** A Hyperdrive binding (`[[hyperdrive]]`): a database's connection details. */
interface Hyperdrive {
  readonly connectionString: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  connect(): import("cloudflare:sockets").Socket;
}

/** A dispatch namespace (`[[dispatch_namespaces]]`, Workers for Platforms): its user workers by name. */
interface DispatchNamespace {
  /** A Fetcher to the user worker `name`; its calls throw "Worker not found." when there is none. */
  get(name: string, args?: { [key: string]: unknown }, options?: { limits?: { cpuMs?: number; subRequests?: number } }): Fetcher;
}

/** A `send_email` binding: sends an EmailMessage of "cloudflare:email", or builds one. */
interface SendEmail {
  send(
    message: import("cloudflare:email").EmailMessage | {
      from: string | { name: string; email: string };
      to: string | string[];
      subject: string;
      text?: string;
      html?: string;
      cc?: string | string[];
      bcc?: string | string[];
      attachments?: { filename: string; content: string | ArrayBuffer | ArrayBufferView; type?: string; disposition?: string }[];
    },
  ): Promise<{ messageId: string }>;
}

/** The Images binding (`[images]`): info about an image, and transformations of it. */
interface ImagesBinding {
  info(stream: ReadableStream<Uint8Array>, options?: { encoding?: "base64" }): Promise<
    { format: "image/svg+xml" } | { format: string; fileSize: number; width: number; height: number }
  >;
  input(stream: ReadableStream<Uint8Array>, options?: { encoding?: "base64" }): ImageTransformer;
}

interface ImageTransformer {
  transform(transform: { width?: number; height?: number; rotate?: 0 | 90 | 180 | 270; [option: string]: unknown }): ImageTransformer;
  draw(
    image: ReadableStream<Uint8Array> | ImageTransformer,
    options?: { opacity?: number; top?: number; left?: number; bottom?: number; right?: number },
  ): ImageTransformer;
  output(options: {
    format: "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "image/avif" | "rgb" | "rgba";
    quality?: number;
  }): Promise<ImageTransformationResult>;
}

interface ImageTransformationResult {
  response(): Response;
  contentType(): string;
  image(options?: { encoding?: "base64" }): ReadableStream<Uint8Array>;
}

/** A Secrets Store secret (`[[secrets_store_secrets]]`). */
interface SecretsStoreSecret {
  get(): Promise<string>;
}

/** A rate limiter (`[[ratelimits]]`): whether a call for a key is within its limit. */
interface RateLimit {
  limit(options: { key: string; limit?: number; period?: 10 | 60 }): Promise<{ success: boolean }>;
}

/** A Workflow binding (`[[workflows]]`): creates and finds instances. */
interface Workflow<Params = unknown> {
  create(options?: { id?: string; params?: Params }): Promise<WorkflowInstance>;
  createBatch(batch: { id?: string; params?: Params }[]): Promise<WorkflowInstance[]>;
  get(id: string): Promise<WorkflowInstance>;
}

interface WorkflowInstance {
  readonly id: string;
  pause(): Promise<void>;
  resume(): Promise<void>;
  terminate(): Promise<void>;
  restart(): Promise<void>;
  status(): Promise<{
    status: "queued" | "running" | "paused" | "errored" | "terminated" | "complete" | "waiting" | "waitingForPause" | "unknown";
    error?: { name: string; message: string };
    output?: unknown;
  }>;
  sendEvent(event: { type: string; payload: unknown }): Promise<void>;
}

/** A service binding, such as the static assets binding (`env.ASSETS`). */
interface Fetcher {
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

/** A module of a Dynamic Worker: its content, and what it imports as. */
type WorkerLoaderModule =
  | { js: string }
  | { cjs: string }
  | { text: string }
  | { data: ArrayBuffer | ArrayBufferView }
  | { json: unknown }
  | { wasm: ArrayBuffer | ArrayBufferView };

/** The code a Worker Loader runs (`env.LOADER.get(id, () => code)`). */
interface WorkerLoaderWorkerCode {
  compatibilityDate: string;
  compatibilityFlags?: string[];
  mainModule: string;
  modules: Record<string, string | WorkerLoaderModule>;
  env?: unknown;
  globalOutbound?: Fetcher | null;
}

/** A Dynamic Worker: pick one of its entrypoints. */
interface WorkerStub {
  getEntrypoint(name?: string, options?: { props?: unknown }): Fetcher & Record<string, (...args: any[]) => Promise<any>>;
}

/** A Worker Loader binding (`[[worker_loaders]]`): starts Dynamic Workers. */
interface WorkerLoader {
  get(id: string | null, getCode: () => WorkerLoaderWorkerCode | Promise<WorkerLoaderWorkerCode>): WorkerStub;
  load(code: WorkerLoaderWorkerCode): WorkerStub;
}

interface DurableObjectNamespace<T = undefined> {
  idFromName(name: string): DurableObjectId;
  idFromString(id: string): DurableObjectId;
  newUniqueId(): DurableObjectId;
  get(id: DurableObjectId): DurableObjectStub<T>;
  getByName(name: string): DurableObjectStub<T>;
}

declare module "cloudflare:workers" {
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
    fetch?(request: Request): Response | Promise<Response>;
    alarm?(info?: { retryCount: number; isRetry: boolean }): void | Promise<void>;
    webSocketMessage?(ws: WebSocket, message: string | ArrayBuffer): void | Promise<void>;
    webSocketClose?(ws: WebSocket, code: number, reason: string, wasClean: boolean): void | Promise<void>;
  }
  export abstract class WorkerEntrypoint<Env = unknown> {
    protected ctx: ExecutionContext;
    protected env: Env;
    constructor(ctx: ExecutionContext, env: Env);
    fetch?(request: Request): Response | Promise<Response>;
    email?(message: ForwardableEmailMessage): void | Promise<void>;
  }
  /** A Workflow's class (`[[workflows]]` class_name): each instance runs its `run`. */
  export abstract class WorkflowEntrypoint<Env = unknown, Params = unknown> {
    protected ctx: ExecutionContext;
    protected env: Env;
    constructor(ctx: ExecutionContext, env: Env);
    run(event: Readonly<WorkflowEvent<Params>>, step: WorkflowStep): Promise<unknown>;
  }
  export type WorkflowEvent<Params = unknown> = { payload: Readonly<Params>; timestamp: Date; instanceId: string };
  export type WorkflowDurationLabel = "second" | "minute" | "hour" | "day" | "week" | "month" | "year";
  export type WorkflowSleepDuration = `${number} ${WorkflowDurationLabel}${"s" | ""}` | number;
  export type WorkflowBackoff = "constant" | "linear" | "exponential";
  export type WorkflowStepConfig = {
    retries?: { limit: number; delay: WorkflowSleepDuration; backoff?: WorkflowBackoff };
    timeout?: WorkflowSleepDuration;
  };
  export type WorkflowStepContext = {
    step: { name: string; count: number };
    attempt: number;
    config: WorkflowStepConfig;
  };
  export type WorkflowStepEvent<T> = { payload: Readonly<T>; timestamp: Date; type: string };
  export abstract class WorkflowStep {
    do<T>(name: string, callback: (ctx: WorkflowStepContext) => Promise<T>): Promise<T>;
    do<T>(name: string, config: WorkflowStepConfig, callback: (ctx: WorkflowStepContext) => Promise<T>): Promise<T>;
    sleep(name: string, duration: WorkflowSleepDuration): Promise<void>;
    sleepUntil(name: string, timestamp: Date | number): Promise<void>;
    waitForEvent<T>(
      name: string,
      options: { type: string; timeout?: WorkflowSleepDuration },
    ): Promise<WorkflowStepEvent<T>>;
  }
  /** Instances are passed over JS RPC by reference: the other side gets a stub. */
  export class RpcTarget {}
  /** A stub: to an object of this isolate (`new RpcStub(object)`), or one passed over RPC. */
  export class RpcStub<T extends object = any> {
    constructor(target: T);
    /** Another stub to the same object, disposed on its own (`[Symbol.dispose]()` disposes one). */
    dup(): RpcStub<T>;
    [member: string]: any;
  }
  /** What a call through a stub answers: awaitable, its members callable before it settles. */
  export abstract class RpcPromise<T = unknown> {
    then: Promise<T>["then"];
  }
  /** A stub's member: called, a method; awaited, a property. */
  export abstract class RpcProperty<T = unknown> {
    then: Promise<T>["then"];
  }
  /** A service binding (`env.NAME` of `[[services]]`, `ctx.exports`). */
  export abstract class ServiceStub {}
  export const env: Env;
  /** The worker's loopback bindings, as `ctx.exports`. */
  export const exports: Record<string, any>;
  export function waitUntil(promise: Promise<unknown>): void;
  /** Runs `fn` with the module's `env` replaced by `newEnv` (its awaits included). */
  export function withEnv<T>(newEnv: unknown, fn: () => T): T;
  /** Runs `fn` with the module's `exports` replaced by `newExports`. */
  export function withExports<T>(newExports: unknown, fn: () => T): T;
  export function withEnvAndExports<T>(newEnv: unknown, newExports: unknown, fn: () => T): T;
}

// --- WebSockets -------------------------------------------------------------------

interface WebSocket {
  /** Starts delivering this end's events (the end a worker keeps). */
  accept(): void;
  serializeAttachment(value: unknown): void;
  deserializeAttachment(): unknown;
}

declare class WebSocketPair {
  constructor();
  0: WebSocket;
  1: WebSocket;
}

interface ResponseInit {
  /** With status 101: the client end of a WebSocketPair. */
  webSocket?: WebSocket | null;
}

interface Response {
  readonly webSocket: WebSocket | null;
  /** The `cf` the response was made with. */
  readonly cf?: unknown;
}

interface ResponseInit {
  cf?: unknown;
}

interface ResponseInit {
  /** "manual": the body is already in its content-encoding; sent as it is. */
  encodeBody?: "automatic" | "manual";
}

// --- Cloudflare.compatibilityFlags ------------------------------------------------

/**
 * The Workers compatibility flags worky acts on, on or off as the worker's
 * compatibility_date and compatibility_flags make them (nodejs_compat, ...).
 */
interface Cloudflare {
  readonly compatibilityFlags: Record<string, boolean>;
}
declare const Cloudflare: Cloudflare;

// --- Workers' additions to the Web APIs ---------------------------------------------

interface Headers {
  /** The Set-Cookie values one by one (another name is a TypeError). */
  getAll(name: "Set-Cookie" | "set-cookie" | string): string[];
}

interface ReadableStreamBYOBReader {
  /** Fills `view` with at least `minBytes` bytes, or what is left of the stream. */
  readAtLeast<T extends ArrayBufferView>(minBytes: number, view: T): Promise<ReadableStreamReadResult<T>>;
}

// --- request.cf -------------------------------------------------------------------

interface IncomingRequestCfProperties {
  /** The client's IP address. */
  readonly clientIp?: string;
  readonly [key: string]: unknown;
}

interface RequestInit {
  cf?: Record<string, unknown> & { cacheKey?: string; cacheTtl?: number };
}

interface Request {
  readonly cf?: IncomingRequestCfProperties;
}

// --- HTMLRewriter -----------------------------------------------------------------

interface ContentOptions {
  html?: boolean;
}

type Content = string | ReadableStream | Response;

interface Element {
  tagName: string;
  readonly attributes: IterableIterator<[string, string]>;
  readonly removed: boolean;
  readonly namespaceURI: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  setAttribute(name: string, value: string): Element;
  removeAttribute(name: string): Element;
  before(content: Content, options?: ContentOptions): Element;
  after(content: Content, options?: ContentOptions): Element;
  prepend(content: Content, options?: ContentOptions): Element;
  append(content: Content, options?: ContentOptions): Element;
  replace(content: Content, options?: ContentOptions): Element;
  setInnerContent(content: Content, options?: ContentOptions): Element;
  remove(): Element;
  removeAndKeepContent(): Element;
  onEndTag(handler: (tag: EndTag) => void | Promise<void>): void;
}

interface EndTag {
  name: string;
  before(content: Content, options?: ContentOptions): EndTag;
  after(content: Content, options?: ContentOptions): EndTag;
  remove(): EndTag;
}

interface Comment {
  text: string;
  readonly removed: boolean;
  before(content: Content, options?: ContentOptions): Comment;
  after(content: Content, options?: ContentOptions): Comment;
  replace(content: Content, options?: ContentOptions): Comment;
  remove(): Comment;
}

interface Text {
  readonly text: string;
  readonly lastInTextNode: boolean;
  readonly removed: boolean;
  before(content: Content, options?: ContentOptions): Text;
  after(content: Content, options?: ContentOptions): Text;
  replace(content: Content, options?: ContentOptions): Text;
  remove(): Text;
}

interface Doctype {
  readonly name: string | null;
  readonly publicId: string | null;
  readonly systemId: string | null;
}

interface DocumentEnd {
  append(content: Content, options?: ContentOptions): DocumentEnd;
}

interface HTMLRewriterElementContentHandlers {
  element?(element: Element): void | Promise<void>;
  comments?(comment: Comment): void | Promise<void>;
  text?(text: Text): void | Promise<void>;
}

interface HTMLRewriterDocumentContentHandlers {
  doctype?(doctype: Doctype): void | Promise<void>;
  comments?(comment: Comment): void | Promise<void>;
  text?(text: Text): void | Promise<void>;
  end?(end: DocumentEnd): void | Promise<void>;
}

declare class HTMLRewriter {
  constructor();
  on(selector: string, handlers: HTMLRewriterElementContentHandlers): HTMLRewriter;
  onDocument(handlers: HTMLRewriterDocumentContentHandlers): HTMLRewriter;
  transform(response: Response): Response;
}

// --- Cache API --------------------------------------------------------------------

interface CacheQueryOptions {
  ignoreMethod?: boolean;
}

interface Cache {
  match(request: RequestInfo | URL, options?: CacheQueryOptions): Promise<Response | undefined>;
  put(request: RequestInfo | URL, response: Response): Promise<void>;
  delete(request: RequestInfo | URL, options?: CacheQueryOptions): Promise<boolean>;
}

interface CacheStorage {
  readonly default: Cache;
  open(cacheName: string): Promise<Cache>;
}

// --- cloudflare:sockets -----------------------------------------------------------

declare module "cloudflare:email" {
  /** A message for a `send_email` binding's `send()`: `raw` is the whole MIME message. */
  export class EmailMessage {
    constructor(from: string, to: string, raw: ReadableStream | string);
    readonly from: string;
    readonly to: string;
  }
}

declare module "cloudflare:workflows" {
  /** Thrown from a step: the step is not retried. */
  export class NonRetryableError extends Error {
    constructor(message: string, name?: string);
  }
}

declare module "cloudflare:sockets" {
  interface SocketAddress {
    hostname: string;
    port: number;
  }
  interface SocketOptions {
    secureTransport?: "off" | "on" | "starttls";
    allowHalfOpen?: boolean;
  }
  interface SocketInfo {
    remoteAddress?: string;
  }
  interface Socket {
    readonly readable: ReadableStream<Uint8Array>;
    readonly writable: WritableStream<Uint8Array | string>;
    readonly opened: Promise<SocketInfo>;
    readonly closed: Promise<void>;
    readonly upgraded: boolean;
    readonly secureTransport: "off" | "on" | "starttls";
    close(): Promise<void>;
    startTls(): Socket;
  }
  export function connect(address: string | SocketAddress, options?: SocketOptions): Socket;
}
