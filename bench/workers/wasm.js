// Calls across the JS <-> WebAssembly boundary (bench/wasm.sh): `?op=&n=` makes
// n calls of one kind to tests/workerd/wasm_refs.files/refs.wasm, instantiated
// once per isolate.
import refs from "./refs.wasm";

let exports;
const object = { a: 1 };
const ops = {
  export: (x) => x.answer(),
  import: (x) => x.pass(null),
  externref: (x) => x.id(object),
  table: (x) => x.fns.get(1)(2),
};

export default {
  fetch(request) {
    exports ??= new WebAssembly.Instance(refs, { js: { seen: () => 1, make: () => null } }).exports;
    const params = new URL(request.url).searchParams;
    const op = ops[params.get("op")];
    const n = Number(params.get("n"));
    let last;
    for (let i = 0; i < n; i++) last = op(exports);
    return new Response(String(last));
  },
};
