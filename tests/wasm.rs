//! WebAssembly that holds JS values, and wrappers code cannot forge. What a
//! worker sees of references, tables and traps is compared with workerd by the
//! wasm_refs probe (tests/workerd/wasm_refs.js); these are the edges no probe
//! shows: memory, and a worker that tries to reach engine pointers.

mod common;

use std::path::Path;

use common::*;

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// A value passed to wasm as an externref is held only while wasm refers to
/// it: 100,000 distinct 2 KB objects through `id()` fit in the 128 MB isolate
/// (held, they would not: the same loop keeping them answers 503), while the
/// one a table keeps survives every release.
#[test]
fn externref_values_wasm_no_longer_holds_are_released() {
    let worker = r#"
import refs from "./refs.wasm";
export default {
  fetch(request) {
    const hold = new URL(request.url).searchParams.has("hold");
    const held = [];
    const x = new WebAssembly.Instance(refs, { js: { seen: () => 0, make: () => null } }).exports;
    const kept = { kept: true };
    x.keep(1, kept);
    for (let i = 0; i < 100000; i++) {
      const value = { text: "x".repeat(2048) + i };
      if (x.id(value) !== value) return new Response(`lost ${i}`, { status: 500 });
      if (hold) held.push(value);
    }
    return new Response(`kept ${x.fetch(1) === kept} ${x.ext.get(1) === kept}`);
  },
};
"#;
    let project = project(&[("worker.js", worker)]);
    std::fs::write(project.path().join("refs.wasm"), fixture("tests/workerd/wasm_refs.files/refs.wasm")).unwrap();
    let dev = Dev::start(project.path(), &["worker.js"]);
    let reply = dev.get("/");
    assert_eq!((reply.status, reply.body.as_str()), (200, "kept true true"));
    // The same values held by JS exceed the limit: the loop above is big enough
    // to fail if wasm held what it was given.
    assert_eq!(dev.get("/?hold").status, 503);
    assert_eq!(dev.get("/").body, "kept true true", "a new isolate answers again");
}

/// Module, Table and Global wrappers reach their engine objects through values
/// code cannot make: a look-alike object is refused with a TypeError (before,
/// a forged Global's BigInt was taken as a pointer), and the server lives on.
#[test]
fn forged_webassembly_objects_are_refused() {
    let worker = r#"
import imported from "./imported_global.wasm";
function attempt(fn) {
  try { return String(fn()); } catch (error) { return `${error.name}: ${error.message}`; }
}
export default {
  fetch() {
    const real = new WebAssembly.Global({ value: "i32", mutable: true }, 7);
    const fakeGlobal = Object.assign(Object.create(WebAssembly.Global.prototype), { __wasm_global_ptr: 0x41414141n });
    const fakeModule = Object.create(WebAssembly.Module.prototype, { __wasm_module_id: { value: 0 } });
    const fakeTable = Object.create(WebAssembly.Table.prototype, { __wasm_table: { value: 0x41414141n } });
    return Response.json({
      real: attempt(() => new WebAssembly.Instance(imported, { js: { g: real } }).exports.get()),
      forgedGlobal: attempt(() => new WebAssembly.Instance(imported, { js: { g: fakeGlobal } }).exports.get()),
      forgedModule: attempt(() => new WebAssembly.Instance(fakeModule, {})),
      forgedTable: attempt(() => WebAssembly.Table.prototype.get.call(fakeTable, 0)),
      forgedLength: attempt(() => fakeTable.length),
    });
  },
};
"#;
    let project = project(&[("worker.js", worker)]);
    std::fs::write(project.path().join("imported_global.wasm"), fixture("tests/fixtures/wasm/imported_global.wasm"))
        .unwrap();
    let dev = Dev::start(project.path(), &["worker.js"]);
    let reply = dev.get("/");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let answer: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(answer["real"], "7");
    for forged in ["forgedGlobal", "forgedModule", "forgedTable", "forgedLength"] {
        let said = answer[forged].as_str().unwrap();
        assert!(said.starts_with("TypeError: "), "{forged}: {said}");
    }
    assert_eq!(dev.get("/").status, 200, "the server answers after the attempts");
}
