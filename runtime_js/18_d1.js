// worky's JS glue, part 18: D1, `env.DB` (src/runtime/d1.rs, the ops in
// src/runtime/ops/d1.rs): D1Database, D1PreparedStatement and
// D1DatabaseSession with the answers, errors and value mapping Cloudflare's
// D1 gives (recorded with miniflare in tests/workerd/d1.js): numbers bind as
// REAL (NaN and infinities as NULL), booleans as 1/0, ArrayBuffers, views and
// arrays of numbers as BLOBs, which come back as arrays of numbers; a value of
// another type is refused by bind() itself.
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has a D1 binding (04_serve.js `lazyModule`), not
// restored into every isolate: a function of what it needs, not a module.

(function (core, primordials) {
"use strict";

const {
  ArrayBufferIsView,
  ArrayBufferPrototype,
  ArrayFrom,
  ArrayIsArray,
  ArrayPrototypeFilter,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  DateNow,
  Error,
  NumberIsFinite,
  ObjectDefineProperty,
  ObjectFromEntries,
  ObjectPrototypeIsPrototypeOf,
  PromiseReject,
  SafeWeakMap,
  StringPrototypeSplit,
  StringPrototypeTrim,
  Uint8Array,
  WeakMapPrototypeGet,
  WeakMapPrototypeSet,
} = primordials;

const { op_worky_d1_batch, op_worky_d1_exec } = core.ops;

/** D1's errors: `D1_ERROR: <what>`, caused by an Error saying `<what>`. */
function d1Error(kind, message, causeMessage = message) {
  return new Error(`${kind}: ${message}`, { cause: new Error(causeMessage) });
}

/** What a storage call's failure says, as D1 says it. */
function queryError(error) {
  const message = String(error?.message ?? error);
  return d1Error("D1_ERROR", message === WRONG_COUNT_SQLITE ? WRONG_COUNT : message);
}

const WRONG_COUNT = "Wrong number of parameter bindings for SQL query.";
const WRONG_COUNT_SQLITE = "wrong number of parameters";
const NO_STATEMENTS = "No SQL statements detected.";

/** A value bound to a statement, as D1 maps it. */
function toSql(value) {
  switch (typeof value) {
    case "number":
      // As JSON carries them: -0 as 0, NaN and infinities as null.
      return NumberIsFinite(value) ? value + 0 : null;
    case "string":
      return value;
    case "boolean":
      return value ? 1 : 0;
    case "object":
      if (value === null) return null;
      if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, value)) return new Uint8Array(value);
      if (ArrayBufferIsView(value) || ArrayIsArray(value)) return new Uint8Array(ArrayFrom(value));
      break;
  }
  const what = `Type '${typeof value}' not supported for value '${value}'`;
  throw d1Error("D1_TYPE_ERROR", what);
}

/** A value read back: BLOBs as arrays of numbers, numbers as JSON has them. */
function fromSql(value) {
  if (typeof value === "number") return NumberIsFinite(value) ? value + 0 : null;
  return ArrayBufferIsView(value) ? ArrayFrom(value) : value;
}

const statementOf = new SafeWeakMap();

class D1PreparedStatement {
  constructor(session, statement, params = []) {
    this.dbSession = session;
    this.statement = statement;
    this.params = params;
  }

  bind(...values) {
    return new D1PreparedStatement(this.dbSession, this.statement, ArrayPrototypeMap(values, toSql));
  }

  async first(column = undefined) {
    const { columns, rows } = await this.dbSession.execute(this, "first");
    if (rows.length === 0) return null;
    if (column === undefined) return rowObject(columns, rows[0]);
    const index = columns.lastIndexOf(column);
    if (index < 0) throw d1Error("D1_COLUMN_NOTFOUND", `Column not found (${column})`, "Column not found");
    return rows[0][index];
  }

  async all() {
    return result(await this.dbSession.execute(this, "all"));
  }

  async run() {
    return result(await this.dbSession.execute(this, "run"));
  }

  async raw(options = undefined) {
    const { columns, rows } = await this.dbSession.execute(this, "raw");
    if (options?.columnNames) return [columns, ...rows];
    return rows;
  }
}

function rowObject(columns, row) {
  const entries = [];
  for (let i = 0; i < columns.length; i++) ArrayPrototypePush(entries, [columns[i], row[i]]);
  return ObjectFromEntries(entries);
}

/** A D1Result: `success`, `meta`, `results` (rows as objects). */
function result(outcome) {
  const { columns, rows, meta } = outcome;
  return { success: true, meta, results: ArrayPrototypeMap(rows, (row) => rowObject(columns, row)) };
}

function meta(counts, started) {
  return {
    changed_db: counts[2] === 1,
    changes: counts[0],
    duration: DateNow() - started,
    last_row_id: counts[1],
    rows_read: counts[3],
    rows_written: counts[4],
    served_by: "worky.db",
    size_after: counts[5],
  };
}

/** The SQL statements of `sql` (quotes, comments and all), for the checks D1 makes first. */
function statementsIn(sql) {
  const trimmed = StringPrototypeTrim(sql);
  if (trimmed === "") return NO_STATEMENTS;
  // Comments only: nothing to run.
  const code = StringPrototypeTrim(stripComments(trimmed));
  if (code === "" || code === ";") return "SQL code did not contain a statement.";
  return null;
}

function stripComments(sql) {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
    } else if (c === "/" && sql[i + 1] === "*") {
      i += 2;
      while (i < sql.length && !(sql[i] === "*" && sql[i + 1] === "/")) i++;
      i += 2;
    } else if (c === "'" || c === '"' || c === "`") {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Whether `sql` holds more than one statement (a `;` with code after it). */
function severalStatements(sql) {
  const parts = ArrayPrototypeFilter(
    StringPrototypeSplit(stripComments(sql), ";"),
    (part) => StringPrototypeTrim(part) !== "",
  );
  return parts.length > 1;
}

class D1DatabaseSession {
  constructor(binding, constraint) {
    ObjectDefineProperty(this, "binding", { value: binding, enumerable: false });
    ObjectDefineProperty(this, "bookmark", { value: null, writable: true, enumerable: false });
    void constraint;
  }

  prepare(query) {
    return new D1PreparedStatement(this, query);
  }

  async batch(statements) {
    const prepared = statements.map((statement) => statement);
    if (prepared.length === 0) throw d1Error("D1_ERROR", NO_STATEMENTS);
    for (const statement of prepared) {
      if (!ObjectPrototypeIsPrototypeOf(D1PreparedStatement.prototype, statement)) {
        throw d1Error("D1_ERROR", "batch() takes statements made by prepare()");
      }
    }
    const started = DateNow();
    const answers = await this.send(prepared);
    return ArrayPrototypeMap(answers, (answer) =>
      result({ columns: answer[0], rows: ArrayPrototypeMap(answer[1], rowOut), meta: meta(answer[2], started) }),
    );
  }

  getBookmark() {
    return this.bookmark;
  }

  /** Runs one statement; `mode` is the method that asked. */
  async execute(statement, mode) {
    if (typeof statement.statement !== "string") throw d1Error("D1_ERROR", "prepare() takes the SQL as a string");
    const problem = statementsIn(statement.statement);
    if (problem !== null) throw d1Error("D1_ERROR", problem);
    if (severalStatements(statement.statement)) {
      if (mode === "raw") throw d1Error("D1_ERROR", "A SQL prepared statement can only be executed once at a time.");
      if (statement.params.length > 0) {
        throw d1Error(
          "D1_ERROR",
          "When executing multiple SQL statements in a single call, only the last statement can have parameters.",
        );
      }
    }
    const started = DateNow();
    const answer = (await this.send([statement]))[0];
    return { columns: answer[0], rows: ArrayPrototypeMap(answer[1], rowOut), meta: meta(answer[2], started) };
  }

  async send(statements) {
    const batch = ArrayPrototypeMap(statements, (s) => [String(s.statement), s.params]);
    let answers;
    try {
      answers = await op_worky_d1_batch(this.binding, batch);
    } catch (error) {
      throw queryError(error);
    }
    this.bookmark = `${DateNow().toString(16).padStart(16, "0")}-worky`;
    return answers;
  }
}

function rowOut(row) {
  return ArrayPrototypeMap(row, fromSql);
}

const databases = new SafeWeakMap();

class D1Database {
  constructor(binding) {
    this.alwaysPrimarySession = new D1DatabaseSession(binding, "first-primary");
    this.fetcher = { binding };
    WeakMapPrototypeSet(databases, this, binding);
  }

  prepare(query) {
    return new D1PreparedStatement(this.alwaysPrimarySession, query);
  }

  batch(statements) {
    return this.alwaysPrimarySession.batch(statements);
  }

  /** Statements without values, one a line, in one transaction: `{ count, duration }`. */
  async exec(query) {
    const lines = ArrayPrototypeFilter(
      ArrayPrototypeMap(StringPrototypeSplit(StringPrototypeTrim(query), "\n"), (line) => StringPrototypeTrim(line)),
      (line) => line !== "",
    );
    const first = lines[0] ?? "";
    const failed = (message) => d1Error("D1_EXEC_ERROR", `Error in line 1: ${first}: ${message}`, `Error in line 1: ${first}: ${message}`);
    if (lines.length === 0) throw failed(NO_STATEMENTS);
    const started = DateNow();
    try {
      await op_worky_d1_exec(WeakMapPrototypeGet(databases, this), lines);
    } catch (error) {
      throw failed(String(error?.message ?? error));
    }
    return { count: lines.length, duration: DateNow() - started };
  }

  withSession(constraint = "first-unconstrained") {
    return new D1DatabaseSession(WeakMapPrototypeGet(databases, this), constraint);
  }

  dump() {
    return PromiseReject(d1Error("D1_DUMP_ERROR", "dump() is deprecated, and worky does not support it"));
  }
}

return { D1Database };
})
