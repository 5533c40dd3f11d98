// WebAssembly reference types: externref values and funcref tables cross the
// JS <-> wasm boundary as themselves (Prisma's query compiler passes JS objects
// as externref; emscripten's embind calls functions out of a funcref table).
import refsModule from "./refs.wasm";

function observe(fn) {
  try {
    return fn();
  } catch (error) {
    return `${error.name}: ${error.message}`;
  }
}

export default {
  async fetch() {
    const seen = [];
    const made = { made: true };
    const instance = new WebAssembly.Instance(refsModule, {
      js: { seen: (value) => (seen.push(value), seen.length), make: () => made },
    });
    const x = instance.exports;
    const object = { a: 1 };
    const fn = () => 1;
    const out = {};
    out.idObject = observe(() => x.id(object) === object);
    out.idFunction = observe(() => x.id(fn) === fn);
    out.idNull = observe(() => x.id(null));
    out.idUndefined = observe(() => x.id(undefined) === undefined);
    out.idNumber = observe(() => x.id(42));
    out.idString = observe(() => x.id("text"));
    out.idSymbol = observe(() => typeof x.id(Symbol.iterator));
    out.isNullNull = observe(() => x.isNull(null));
    out.isNullUndefined = observe(() => x.isNull(undefined));
    out.isNullObject = observe(() => x.isNull(object));
    out.passCount = observe(() => x.pass(object));
    out.passSame = seen[0] === object;
    out.passNull = observe(() => (x.pass(null), seen[1]));
    out.made = observe(() => x.made() === made);
    out.keepFetch = observe(() => (x.keep(1, object), x.fetch(1) === object));
    out.extGetFromJs = observe(() => x.ext.get(1) === object);
    out.extUnset = observe(() => x.ext.get(0));
    out.extSetFromJs = observe(() => (x.ext.set(2, made), x.fetch(2) === made));
    out.extLength = x.ext.length;
    out.extGrow = observe(() => [x.ext.grow(2, object), x.ext.length, x.ext.get(5) === object]);
    out.extOutOfRange = observe(() => x.ext.get(100));
    out.globalSet = observe(() => (x.setG(object), x.g.value === object));
    out.globalFromJs = observe(() => ((x.g.value = made), x.g.value === made));
    out.fnsLength = x.fns.length;
    out.fnsGetType = observe(() => typeof x.fns.get(0));
    out.fnsCall0 = observe(() => x.fns.get(0)());
    out.fnsCall1 = observe(() => x.fns.get(1)(21));
    out.fnsSameAsExport = observe(() => x.fns.get(0) === x.answer);
    out.fnsGetTwice = observe(() => x.fns.get(1) === x.fns.get(1));
    out.fnsName = observe(() => x.fns.get(1).name);
    out.fnsArity = observe(() => x.fns.get(1).length);
    out.fnsEmpty = observe(() => x.fns.get(3));
    out.fnsSetThenCall = observe(() => (x.fns.set(2, x.fns.get(1)), x.callAt(2, 7)));
    out.fnsSetJsFunction = observe(() => (x.fns.set(3, () => 1), "set"));
    out.fnsSetNull = observe(() => (x.fns.set(2, null), x.fns.get(2)));
    out.callEmpty = observe(() => x.callAt(2, 7));
    out.jsTableExternref = observe(() => {
      const table = new WebAssembly.Table({ element: "externref", initial: 2 });
      return [String(table.get(0)), table.length];
    });
    out.jsTableExternrefInit = observe(() => {
      const table = new WebAssembly.Table({ element: "externref", initial: 2 }, object);
      return table.get(1) === object;
    });
    out.jsTableAnyfunc = observe(() => {
      const table = new WebAssembly.Table({ element: "anyfunc", initial: 2 });
      table.set(0, x.answer);
      return [table.get(0) === x.answer, table.get(0)(), table.get(1)];
    });
    out.jsGlobalExternref = observe(() => {
      const global = new WebAssembly.Global({ value: "externref", mutable: true }, object);
      return global.value === object;
    });
    out.jsGlobalExternrefDefault = observe(() => {
      const global = new WebAssembly.Global({ value: "externref", mutable: true });
      return String(global.value);
    });
    out.jsGlobalNumbers = observe(() => {
      const i32 = new WebAssembly.Global({ value: "i32", mutable: true }, 42);
      const f64 = new WebAssembly.Global({ value: "f64" }, 1.5);
      const i64 = new WebAssembly.Global({ value: "i64", mutable: true }, 7n);
      const zero = new WebAssembly.Global({ value: "i32" });
      i32.value = 43;
      i64.value = 8n;
      return [i32.value, f64.value, String(i64.value), zero.value, observe(() => (f64.value = 2))];
    });
    out.trapDivZero = observe(() => x.divZero());
    out.trapRemZero = observe(() => x.remZero());
    out.trapOverflow = observe(() => x.overflow());
    out.trapTruncate = observe(() => x.truncate());
    out.trapMemory = observe(() => x.oob());
    out.trapUnreachable = observe(() => x.trap());
    out.trapTableIndex = observe(() => x.callAt(9, 1));
    out.trapSignature = observe(() => x.callAt(0, 1));
    out.trapStack = observe(() => x.recurse(0));
    out.trapIsRuntimeError = observe(() => {
      try {
        x.trap();
      } catch (error) {
        return [error instanceof WebAssembly.RuntimeError, error.constructor.name];
      }
    });
    out.fnsGetOutOfRange = observe(() => x.fns.get(4));
    out.fnsSetOutOfRange = observe(() => x.fns.set(4, null));
    out.fnsGrowPastMaximum = observe(() => {
      const table = new WebAssembly.Table({ element: "anyfunc", initial: 1, maximum: 2 });
      return [table.grow(1), table.length, observe(() => table.grow(1))];
    });
    out.tableBrand = observe(() => [String(x.fns), x.fns instanceof WebAssembly.Table, Object.keys(x.fns)]);
    out.tableLengthAfterWasmGrow = observe(() => (x.ext.grow(1), x.ext.length));
    out.tableNotATable = observe(() => WebAssembly.Table.prototype.get.call({}, 0));
    return Response.json(out);
  },
};
