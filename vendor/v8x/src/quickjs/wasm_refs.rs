//! WebAssembly references for the QuickJS backend: externref values, funcref
//! tables and the JS objects that stand for engine things.
//!
//! - An externref is any JS value. WAMR keeps a 32-bit value per reference; we
//!   give it a handle into this runtime's table of held values (WAMR is built
//!   with V82JSC_EXTERNREF_HANDLES, so a handle is its own index). One object
//!   keeps one handle while held, and values nothing in wasm refers to any
//!   more are released between calls (`sweep`).
//! - A wasm function has one JS function object per runtime, so a table's
//!   entry is the same object as the export (`t.get(0) === exports.f`).
//! - JS wrappers (modules, tables, globals) find their engine object through a
//!   v8::External-class value in a hidden property: code can copy one between
//!   objects but cannot forge one, so JS never reaches a pointer it was not
//!   given.
//! - An instance lives as long as JS can reach it, as in V8. Everything made
//!   for it (the Instance object, its functions, memories, tables, globals and
//!   memory buffers) refers to its keeper, an object of a class of its own
//!   under a private symbol; the keeper holds the instance's functions and
//!   imports. When the collector frees the keeper, the instance and what was
//!   made for it go at the next safe point (`reap`), where before WAMR's
//!   store kept every instance until the isolate ended.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::{CStr, c_void};
use std::os::raw::c_int;
use std::ptr;

use super::core::{current_iso, iso_state};
use super::function::make_external_jsvalue;
use super::quickjs_sys::*;
use super::wasm::{
  MemoryEnv, WASM_CALL_DEPTH, WASM_EXTERNREF, WASM_FUNCREF, engine,
  forget_modules_of, new_export_func, range_error, set_wasm_object_prototype,
  throw, wasm_func_t, wasm_global_get, wasm_global_t, wasm_instance_t,
  wasm_store_delete, wasm_store_new, wasm_store_t, wasm_table_size,
  wasm_table_t, wasm_val_t,
};

unsafe extern "C" {
  fn JS_GetOpaque(obj: JSValue, class_id: JSClassID) -> *mut c_void;
  fn JS_GetAnyOpaque(obj: JSValue, class_id: *mut JSClassID) -> *mut c_void;
  fn JS_SetOpaque(obj: JSValue, opaque: *mut c_void);
  fn JS_NewObjectClass(ctx: *mut JSContext, class_id: c_int) -> JSValue;
  fn JS_ValueToAtom(ctx: *mut JSContext, val: JSValue) -> JSAtom;
  fn JS_DefinePropertyValue(
    ctx: *mut JSContext,
    this_obj: JSValue,
    prop: JSAtom,
    val: JSValue,
    flags: c_int,
  ) -> c_int;
  fn v82jsc_new_private_symbol(
    ctx: *mut JSContext,
    description: *const std::ffi::c_char,
  ) -> JSValue;
  fn v82jsc_collect_before_external(rt: *mut JSRuntime, size: usize) -> bool;
  fn v82jsc_wasm_instance_release(
    store: *mut wasm_store_t,
    instance: *mut wasm_instance_t,
  );
  fn wasm_func_delete(f: *mut wasm_func_t);
  fn JS_DefinePropertyValueStr(
    ctx: *mut JSContext,
    this_obj: JSValue,
    prop: *const std::ffi::c_char,
    val: JSValue,
    flags: c_int,
  ) -> c_int;

  fn v82jsc_wasm_table_get(
    t: *const wasm_table_t,
    index: u32,
    out: *mut u32,
  ) -> bool;
  fn v82jsc_wasm_table_set(
    t: *mut wasm_table_t,
    index: u32,
    value: u32,
  ) -> bool;
  fn v82jsc_wasm_table_grow(
    t: *mut wasm_table_t,
    delta: u32,
    init: u32,
  ) -> bool;
  fn v82jsc_wasm_table_max(t: *const wasm_table_t) -> u32;
  fn v82jsc_wasm_table_instance(t: *const wasm_table_t) -> *mut c_void;
  fn v82jsc_wasm_instance_runtime(i: *const wasm_instance_t) -> *mut c_void;
  fn v82jsc_wasm_instance_func(
    store: *mut wasm_store_t,
    instance: *mut c_void,
    index: u32,
  ) -> *mut wasm_func_t;
  fn v82jsc_wasm_instance_memory_bytes(i: *const wasm_instance_t) -> u64;
  fn v82jsc_adjust_external_memory(rt: *mut JSRuntime, delta: i64) -> bool;
  fn v82jsc_wasm_instance_externrefs(
    i: *const wasm_instance_t,
    visit: unsafe extern "C" fn(u32, *mut c_void),
    data: *mut c_void,
  );
}

/// WAMR's null reference.
const NULL_REF: u32 = u32::MAX;

/// Handles made before the first sweep; later, a sweep runs once as many new
/// handles were made as survived the last one.
const SWEEP_FLOOR: usize = 1024;

/// What goes when an instance goes (its import functions, the boxes its
/// wrappers point into).
pub(super) type Release = Box<dyn FnOnce()>;

/// An instance of this runtime: what its functions need to become JS
/// functions, and what it owns.
struct InstanceEntry {
  instance: *mut wasm_instance_t,
  module_id: usize,
  imported_function_count: u32,
  /// Not counted: the instance's wrappers hold it, and this entry goes when
  /// it is freed.
  keeper: JSValue,
  /// How many values the keeper holds (its indexed properties).
  kept: u32,
  /// Its memories' JS views (wasm.rs MemoryEnv), detached on a grow.
  memory_envs: Vec<*const MemoryEnv>,
  release: Vec<Release>,
  /// Whether its memories count in the heap (not when they did not fit).
  counted: bool,
}

/// What one runtime's wasm holds of JS, and the function objects it was given.
#[derive(Default)]
struct RuntimeRefs {
  /// Its modules and instances (WAMR frees them with their store), made on
  /// first use.
  store: Option<std::ptr::NonNull<wasm_store_t>>,
  /// The value behind handle `i + 1`; None is a free slot.
  values: Vec<Option<JSValue>>,
  free: Vec<u32>,
  /// An object's handle, so passing one object again reuses its handle.
  by_object: HashMap<usize, u32>,
  made_since_sweep: usize,
  live_after_sweep: usize,
  /// Keyed by WAMR's module instance.
  instances: HashMap<usize, InstanceEntry>,
  /// JS-made externref globals, whose values are handles too.
  host_globals: Vec<*mut wasm_global_t>,
  /// (module instance, function index) -> the JS function, and back. Not
  /// counted: an instance's keeper holds its functions.
  functions: HashMap<(usize, u32), JSValue>,
  function_of: HashMap<usize, (usize, u32)>,
  /// The bytes of its wasm memories, counted in its heap (see `grow_check`).
  memory_bytes: u64,
  /// The private symbol wrappers hold their instance's keeper under.
  keeper_symbol: Option<JSValue>,
}

thread_local! {
  /// Instances whose keepers were freed: (runtime, instance key), released
  /// by `reap` where no wasm of theirs can be running.
  static DEAD: RefCell<Vec<(usize, usize)>> = const { RefCell::new(Vec::new()) };
  /// Whether DEAD has anything, read on every call.
  static ANY_DEAD: Cell<bool> = const { Cell::new(false) };
}

/// A runtime's refs hang off its opaque pointer (nothing else uses it), so
/// they go with the runtime whichever thread ends it.
fn with_refs<R>(
  ctx: *mut JSContext,
  f: impl FnOnce(&mut RuntimeRefs) -> R,
) -> R {
  with_runtime_refs(unsafe { JS_GetRuntime(ctx) }, f)
}

fn with_runtime_refs<R>(
  rt: *mut JSRuntime,
  f: impl FnOnce(&mut RuntimeRefs) -> R,
) -> R {
  let mut refs =
    unsafe { JS_GetRuntimeOpaque(rt) } as *mut RefCell<RuntimeRefs>;
  if refs.is_null() {
    refs = Box::into_raw(Box::new(RefCell::new(RuntimeRefs::default())));
    unsafe { JS_SetRuntimeOpaque(rt, refs as *mut c_void) };
  }
  f(&mut unsafe { &*refs }.borrow_mut())
}

/// The store of this runtime's modules and instances.
pub(super) unsafe fn store(ctx: *mut JSContext) -> *mut wasm_store_t {
  if let Some(store) = with_refs(ctx, |refs| refs.store) {
    return store.as_ptr();
  }
  let store = unsafe { wasm_store_new(engine()) };
  with_refs(ctx, |refs| refs.store = std::ptr::NonNull::new(store));
  store
}

/// Frees what a runtime's wasm held, and its modules, instances and their
/// memories, before the runtime goes (they lived as long as the thread).
pub(crate) fn release_runtime(ctx: *mut JSContext) {
  let rt = unsafe { JS_GetRuntime(ctx) };
  let refs = unsafe { JS_GetRuntimeOpaque(rt) } as *mut RefCell<RuntimeRefs>;
  if refs.is_null() {
    return;
  }
  unsafe { JS_SetRuntimeOpaque(rt, ptr::null_mut()) };
  let refs = unsafe { Box::from_raw(refs) }.into_inner();
  DEAD.with(|dead| dead.borrow_mut().retain(|(of, _)| *of != rt as usize));
  for value in refs.values.into_iter().flatten() {
    unsafe { JS_FreeValue(ctx, value) };
  }
  if let Some(symbol) = refs.keeper_symbol {
    unsafe { JS_FreeValue(ctx, symbol) };
  }
  if refs.memory_bytes > 0 {
    unsafe { v82jsc_adjust_external_memory(rt, -(refs.memory_bytes as i64)) };
  }
  if let Some(store) = refs.store {
    unsafe { wasm_store_delete(store.as_ptr()) };
    forget_modules_of(rt as usize);
  }
  // The keepers' finalizers, which run with the runtime, find no refs and
  // leave these to this.
  for (_, entry) in refs.instances {
    for release in entry.release {
      release();
    }
  }
}

// ---------------------------------------------------------------- externref

/// The handle wasm keeps for a JS value (0 for null).
pub(super) unsafe fn js_to_externref(
  ctx: *mut JSContext,
  value: JSValue,
) -> u64 {
  if jsv_is_null(&value) {
    return 0;
  }
  let object = jsv_is_object(&value).then(|| jsv_get_ptr(&value) as usize);
  with_refs(ctx, |refs| {
    if let Some(handle) = object.and_then(|o| refs.by_object.get(&o).copied()) {
      return handle as u64;
    }
    let held = unsafe { JS_DupValue(ctx, value) };
    let slot = match refs.free.pop() {
      Some(slot) => {
        refs.values[slot as usize] = Some(held);
        slot
      }
      None => {
        refs.values.push(Some(held));
        (refs.values.len() - 1) as u32
      }
    };
    let handle = slot + 1;
    if let Some(object) = object {
      refs.by_object.insert(object, handle);
    }
    refs.made_since_sweep += 1;
    handle as u64
  })
}

/// The JS value behind a handle (null for 0).
pub(super) unsafe fn externref_to_js(
  ctx: *mut JSContext,
  handle: u64,
) -> JSValue {
  if handle == 0 || handle >= NULL_REF as u64 {
    return jsv_null();
  }
  let value = with_refs(ctx, |refs| {
    refs.values.get(handle as usize - 1).copied().flatten()
  });
  match value {
    Some(value) => unsafe { JS_DupValue(ctx, value) },
    None => jsv_undefined(),
  }
}

unsafe extern "C" fn mark_handle(handle: u32, marks: *mut c_void) {
  let marks = unsafe { &mut *(marks as *mut Vec<bool>) };
  if let Some(mark) = (handle as usize)
    .checked_sub(1)
    .and_then(|i| marks.get_mut(i))
  {
    *mark = true;
  }
}

/// Releases the values no table or global of this runtime's wasm holds. Only
/// between calls (no wasm frame is running, so no handle is in flight), and
/// only once enough handles were made to pay for the walk.
pub(super) unsafe fn sweep(ctx: *mut JSContext) {
  if WASM_CALL_DEPTH.with(|depth| depth.get()) != 0 {
    return;
  }
  unsafe { reap(ctx) };
  let due = with_refs(ctx, |refs| {
    refs.made_since_sweep >= SWEEP_FLOOR.max(refs.live_after_sweep)
  });
  if !due {
    return;
  }
  let (instances, globals, len) = with_refs(ctx, |refs| {
    let instances: Vec<_> =
      refs.instances.values().map(|e| e.instance).collect();
    (instances, refs.host_globals.clone(), refs.values.len())
  });
  let mut marks = vec![false; len];
  for instance in instances {
    unsafe {
      v82jsc_wasm_instance_externrefs(
        instance,
        mark_handle,
        &mut marks as *mut Vec<bool> as *mut c_void,
      )
    };
  }
  for global in globals {
    let mut value = wasm_val_t {
      kind: 0,
      _pad: [0; 7],
      of: 0,
    };
    unsafe { wasm_global_get(global, &mut value) };
    unsafe {
      mark_handle(value.of as u32, &mut marks as *mut Vec<bool> as *mut c_void)
    };
  }
  let released = with_refs(ctx, |refs| {
    let mut released = Vec::new();
    for (slot, marked) in marks.iter().enumerate() {
      if *marked {
        continue;
      }
      if let Some(value) = refs.values[slot].take() {
        if jsv_is_object(&value) {
          refs.by_object.remove(&(jsv_get_ptr(&value) as usize));
        }
        refs.free.push(slot as u32);
        released.push(value);
      }
    }
    refs.made_since_sweep = 0;
    refs.live_after_sweep = refs.values.len() - refs.free.len();
    released
  });
  // Freed outside the borrow: a finalizer may run.
  for value in released {
    unsafe { JS_FreeValue(ctx, value) };
  }
}

// ---------------------------------------------------------------- instances

/// The class of instance keepers, registered with the runtime's other
/// classes (before its first context).
pub(crate) fn register_keeper_class(rt: *mut JSRuntime) -> JSClassID {
  super::function::register_finalized_class(
    rt,
    c"v8x_wasm_instance",
    keeper_finalize,
  )
}

/// A keeper was freed: its instance goes at the next safe point. Nothing is
/// freed here, as the collector may be running and wasm may be on the stack.
unsafe extern "C" fn keeper_finalize(rt: *mut JSRuntime, value: JSValue) {
  let mut class_id: JSClassID = 0;
  let key = unsafe { JS_GetAnyOpaque(value, &mut class_id) } as usize;
  // A runtime that is ending released its instances already.
  if key == 0 || unsafe { JS_GetRuntimeOpaque(rt) }.is_null() {
    return;
  }
  // try_with: a thread that is ending has no list, nor wasm to run.
  let _ = DEAD.try_with(|dead| dead.borrow_mut().push((rt as usize, key)));
  let _ = ANY_DEAD.try_with(|any| any.set(true));
}

/// Registers a new instance and makes its keeper (returned, owned), which
/// holds `held` (the instance's imports). Err when its memories do not fit
/// the heap limit (V8 refuses such an instance with a RangeError too); the
/// instance then goes with the keeper the caller drops.
pub(super) fn instance_created(
  ctx: *mut JSContext,
  instance: *mut wasm_instance_t,
  module_id: usize,
  imported_function_count: u32,
  held: Vec<JSValue>,
  release: Vec<Release>,
) -> Result<JSValue, JSValue> {
  let key = unsafe { v82jsc_wasm_instance_runtime(instance) } as usize;
  let rt = unsafe { JS_GetRuntime(ctx) };
  let bytes = unsafe { v82jsc_wasm_instance_memory_bytes(instance) };
  let iso = current_iso();
  let keeper = if iso.is_null() {
    unsafe { JS_NewObject(ctx) }
  } else {
    unsafe {
      JS_NewObjectClass(ctx, iso_state(iso).wasm_keeper_class_id as c_int)
    }
  };
  unsafe { JS_SetOpaque(keeper, key as *mut c_void) };
  let kept = held.len() as u32;
  for (i, value) in held.into_iter().enumerate() {
    unsafe { JS_SetPropertyUint32(ctx, keeper, i as u32, value) };
  }
  with_refs(ctx, |refs| {
    refs.instances.insert(
      key,
      InstanceEntry {
        instance,
        module_id,
        imported_function_count,
        keeper,
        kept,
        memory_envs: Vec::new(),
        release,
        counted: false,
      },
    )
  });
  if memory_allocated(rt, bytes) {
    with_refs(ctx, |refs| {
      if let Some(entry) = refs.instances.get_mut(&key) {
        entry.counted = true;
      }
    });
    return Ok(keeper);
  }
  unsafe { JS_FreeValue(ctx, keeper) };
  Err(unsafe {
    range_error(
      ctx,
      "WebAssembly.Instance(): Out of memory: Cannot allocate Wasm memory for new instance",
    )
  })
}

/// Before `bytes` more of wasm memory count in the heap: a collection where
/// QuickJS would run one before an allocation that size, then the instances
/// it found unreachable go, and the next threshold is QuickJS's own rule
/// (half as much again as what is left).
fn collect_before(rt: *mut JSRuntime, bytes: u64) {
  if unsafe { v82jsc_collect_before_external(rt, bytes as usize) } {
    reap_runtime(rt);
    let size = unsafe { v82jsc_malloc_size(rt) };
    unsafe { JS_SetGCThreshold(rt, size + size / 2) };
  }
}

/// Frees the instances whose keepers were freed.
pub(super) unsafe fn reap(ctx: *mut JSContext) {
  reap_runtime(unsafe { JS_GetRuntime(ctx) });
}

/// Frees `rt`'s instances whose keepers were freed. Only where none of them
/// can be running: they are unreachable, and a running instance's function
/// is on the JS stack.
fn reap_runtime(rt: *mut JSRuntime) {
  if !ANY_DEAD.with(|any| any.get()) {
    return;
  }
  let keys = DEAD.with(|dead| {
    let mut dead = dead.borrow_mut();
    let (mine, others): (Vec<_>, Vec<_>) =
      dead.drain(..).partition(|(of, _)| *of == rt as usize);
    *dead = others;
    ANY_DEAD.with(|any| any.set(!dead.is_empty()));
    mine
  });
  let (store, gone) = with_runtime_refs(rt, |refs| {
    let mut gone = Vec::new();
    for (_, key) in keys {
      if let Some(entry) = refs.instances.remove(&key) {
        refs.functions.retain(|(instance, _), _| *instance != key);
        refs.function_of.retain(|_, (instance, _)| *instance != key);
        gone.push(entry);
      }
    }
    (refs.store, gone)
  });
  for entry in gone {
    if entry.counted {
      let bytes = unsafe { v82jsc_wasm_instance_memory_bytes(entry.instance) };
      with_runtime_refs(rt, |refs| {
        refs.memory_bytes = refs.memory_bytes.saturating_sub(bytes)
      });
      unsafe { v82jsc_adjust_external_memory(rt, -(bytes as i64)) };
    }
    if let Some(store) = store {
      unsafe { v82jsc_wasm_instance_release(store.as_ptr(), entry.instance) };
    }
    for release in entry.release {
      release();
    }
  }
}

/// `release` runs when the instance `key` goes.
pub(super) fn on_release(ctx: *mut JSContext, key: usize, release: Release) {
  let unowned = with_refs(ctx, |refs| match refs.instances.get_mut(&key) {
    Some(entry) => {
      entry.release.push(release);
      None
    }
    None => Some(release),
  });
  // An instance this runtime does not know: its things live as long as the
  // thread, as everything did before instances were freed.
  if let Some(release) = unowned {
    std::mem::forget(release);
  }
}

/// `obj` keeps the instance `key` alive (its wrappers and memory buffers).
pub(super) unsafe fn tie_to_instance(
  ctx: *mut JSContext,
  obj: JSValue,
  key: usize,
) {
  let Some(keeper) =
    with_refs(ctx, |refs| refs.instances.get(&key).map(|e| e.keeper))
  else {
    return;
  };
  let symbol = with_refs(ctx, |refs| refs.keeper_symbol);
  let symbol = match symbol {
    Some(symbol) => symbol,
    None => {
      let symbol =
        unsafe { v82jsc_new_private_symbol(ctx, c"wasm instance".as_ptr()) };
      if jsv_is_exception(&symbol) {
        let _ = unsafe { JS_GetException(ctx) };
        return;
      }
      with_refs(ctx, |refs| refs.keeper_symbol = Some(symbol));
      symbol
    }
  };
  unsafe {
    let atom = JS_ValueToAtom(ctx, symbol);
    JS_DefinePropertyValue(ctx, obj, atom, JS_DupValue(ctx, keeper), 0);
    JS_FreeAtom(ctx, atom);
  }
}

/// The keeper of instance `key` holds `value` (owned) as long as it lives.
unsafe fn keep(ctx: *mut JSContext, key: usize, value: JSValue) {
  let slot = with_refs(ctx, |refs| {
    refs.instances.get_mut(&key).map(|entry| {
      entry.kept += 1;
      (entry.keeper, entry.kept - 1)
    })
  });
  match slot {
    Some((keeper, index)) => unsafe {
      JS_SetPropertyUint32(ctx, keeper, index, value);
    },
    None => unsafe { JS_FreeValue(ctx, value) },
  }
}

/// The keeper a new wrapper of instance `key` refers to (owned), or undefined.
pub(super) unsafe fn keeper_of(ctx: *mut JSContext, key: usize) -> JSValue {
  match with_refs(ctx, |refs| refs.instances.get(&key).map(|e| e.keeper)) {
    Some(keeper) => unsafe { JS_DupValue(ctx, keeper) },
    None => jsv_undefined(),
  }
}

/// Counts `bytes` more of wasm memory in the runtime's heap, as V8 counts a
/// Wasm memory in its isolate's: the heap limit (and the callback that raises
/// it or stops the isolate) covers both. Garbage instances hold memory too,
/// so they are collected first where due. False, and nothing counted, when
/// the bytes do not fit.
fn memory_allocated(rt: *mut JSRuntime, bytes: u64) -> bool {
  if bytes == 0 {
    return true;
  }
  collect_before(rt, bytes);
  let fits = unsafe { v82jsc_adjust_external_memory(rt, bytes as i64) };
  if fits {
    with_runtime_refs(rt, |refs| refs.memory_bytes += bytes);
  }
  fits
}

/// WAMR asks before a linear memory grows: on the isolate's own thread, while
/// its wasm runs.
pub(super) unsafe extern "C" fn grow_check(additional_bytes: u64) -> bool {
  let iso = current_iso();
  if iso.is_null() {
    return true;
  }
  memory_allocated(iso_state(iso).rt, additional_bytes)
}

/// A memory of instance `key` got a JS object; its views go with the
/// instance.
pub(super) fn memory_env_created(
  ctx: *mut JSContext,
  key: usize,
  env: std::rc::Rc<MemoryEnv>,
) {
  let raw = std::rc::Rc::into_raw(env);
  let known = with_refs(ctx, |refs| match refs.instances.get_mut(&key) {
    Some(entry) => {
      entry.memory_envs.push(raw);
      true
    }
    None => false,
  });
  if known {
    on_release(
      ctx,
      key,
      Box::new(move || drop(unsafe { std::rc::Rc::from_raw(raw) })),
    );
  }
}

/// The memory views of the runtime running on this thread.
pub(super) fn current_memory_envs() -> Vec<std::rc::Rc<MemoryEnv>> {
  let iso = current_iso();
  if iso.is_null() {
    return Vec::new();
  }
  with_runtime_refs(iso_state(iso).rt, |refs| {
    let envs = refs.instances.values().flat_map(|e| e.memory_envs.iter());
    envs
      .map(|&env| unsafe {
        std::rc::Rc::increment_strong_count(env);
        std::rc::Rc::from_raw(env)
      })
      .collect()
  })
}

pub(super) fn host_global_created(
  ctx: *mut JSContext,
  global: *mut wasm_global_t,
) {
  with_refs(ctx, |refs| refs.host_globals.push(global));
}

// ---------------------------------------------------------------- functions

/// The one JS function for function `index` of module instance `instance`,
/// made by `make` (given the instance's keeper) the first time. The keeper
/// holds it, so it is the same object while the instance lives.
pub(super) unsafe fn function_object(
  ctx: *mut JSContext,
  instance: usize,
  index: u32,
  make: impl FnOnce(JSValue) -> JSValue,
) -> JSValue {
  unsafe { reap(ctx) };
  let key = (instance, index);
  if let Some(function) =
    with_refs(ctx, |refs| refs.functions.get(&key).copied())
  {
    return unsafe { JS_DupValue(ctx, function) };
  }
  let keeper = unsafe { keeper_of(ctx, instance) };
  let known = !jsv_is_undefined(&keeper);
  let function = make(keeper);
  if known && jsv_is_object(&function) {
    with_refs(ctx, |refs| {
      refs.functions.insert(key, function);
      refs
        .function_of
        .insert(jsv_get_ptr(&function) as usize, key);
    });
    unsafe { keep(ctx, instance, JS_DupValue(ctx, function)) };
  }
  function
}

/// The wasm function `value` stands for: (module instance, index).
unsafe fn wasm_function_of(
  ctx: *mut JSContext,
  value: JSValue,
) -> Option<(usize, u32)> {
  if !jsv_is_object(&value) {
    return None;
  }
  // A freed function's address may be a new object's by now.
  unsafe { reap(ctx) };
  with_refs(ctx, |refs| {
    refs
      .function_of
      .get(&(jsv_get_ptr(&value) as usize))
      .copied()
  })
}

/// The JS function for function `index` of a module instance.
unsafe fn function_at(
  ctx: *mut JSContext,
  instance: *mut c_void,
  index: u32,
) -> JSValue {
  let entry = with_refs(ctx, |refs| {
    refs
      .instances
      .get(&(instance as usize))
      .map(|e| (e.module_id, e.imported_function_count))
  });
  let Some((module_id, imported_function_count)) = entry else {
    return jsv_null();
  };
  unsafe {
    function_object(ctx, instance as usize, index, |keeper| {
      let func = v82jsc_wasm_instance_func(store(ctx), instance, index);
      if func.is_null() {
        JS_FreeValue(ctx, keeper);
        return jsv_null();
      }
      on_release(
        ctx,
        instance as usize,
        Box::new(move || wasm_func_delete(func)),
      );
      new_export_func(ctx, func, keeper, module_id, imported_function_count)
    })
  }
}

// ---------------------------------------------------------------- wrappers

/// Ties `obj` to an engine object, unforgeably (see the module comment).
pub(super) unsafe fn attach_native(
  ctx: *mut JSContext,
  obj: JSValue,
  key: &CStr,
  native: *mut c_void,
) {
  let iso = current_iso();
  if iso.is_null() {
    return;
  }
  let external = make_external_jsvalue(iso, ctx, native);
  unsafe { JS_DefinePropertyValueStr(ctx, obj, key.as_ptr(), external, 0) };
}

/// The engine object `obj` stands for, or null when it stands for none.
pub(super) unsafe fn native_of(
  ctx: *mut JSContext,
  obj: JSValue,
  key: &CStr,
) -> *mut c_void {
  let iso = current_iso();
  if iso.is_null() || !jsv_is_object(&obj) {
    return ptr::null_mut();
  }
  let value = unsafe { JS_GetPropertyStr(ctx, obj, key.as_ptr()) };
  if jsv_is_exception(&value) {
    let _ = unsafe { JS_GetException(ctx) };
    return ptr::null_mut();
  }
  let native = if jsv_is_object(&value) {
    unsafe { JS_GetOpaque(value, iso_state(iso).ext_class_id) }
  } else {
    ptr::null_mut()
  };
  unsafe { JS_FreeValue(ctx, value) };
  native
}

// ---------------------------------------------------------------- tables

/// A table: one of a wasm instance, or one made by `new WebAssembly.Table`,
/// whose elements live in a JS array (WAMR cannot import a host table).
enum TableEnv {
  Wasm { table: *mut wasm_table_t, kind: u8 },
  Host { kind: u8, maximum: Option<u32> },
}

impl TableEnv {
  fn kind(&self) -> u8 {
    match self {
      TableEnv::Wasm { kind, .. } | TableEnv::Host { kind, .. } => *kind,
    }
  }
}

const TABLE_KEY: &CStr = c"__wasm_table";
const ELEMENTS_KEY: &CStr = c"__wasm_elements";

fn kind_name(kind: u8) -> &'static str {
  if kind == WASM_FUNCREF {
    "funcref"
  } else {
    "externref"
  }
}

/// The object for table `table` of instance `key`.
pub(super) unsafe fn make_table_obj(
  ctx: *mut JSContext,
  key: usize,
  table: *mut wasm_table_t,
  kind: u8,
) -> JSValue {
  let obj = unsafe { JS_NewObject(ctx) };
  let env = Box::into_raw(Box::new(TableEnv::Wasm { table, kind }));
  unsafe {
    attach_native(ctx, obj, TABLE_KEY, env as *mut c_void);
    set_wasm_object_prototype(ctx, obj, c"Table");
    tie_to_instance(ctx, obj, key);
  }
  on_release(
    ctx,
    key,
    Box::new(move || drop(unsafe { Box::from_raw(env) })),
  );
  obj
}

/// `new WebAssembly.Table({ element, initial, maximum }, value)`.
pub(super) unsafe extern "C" fn wa_table_ctor(
  ctx: *mut JSContext,
  _this: JSValue,
  argc: c_int,
  argv: *mut JSValue,
) -> JSValue {
  let desc = if argc >= 1 {
    unsafe { *argv }
  } else {
    jsv_undefined()
  };
  if !jsv_is_object(&desc) {
    return unsafe {
      throw(
        ctx,
        "WebAssembly.Table(): Argument 0 must be a table descriptor",
      )
    };
  }
  let element = unsafe { string_prop(ctx, desc, c"element") };
  let kind = match element.as_deref() {
    Some("anyfunc") | Some("funcref") => WASM_FUNCREF,
    Some("externref") => WASM_EXTERNREF,
    _ => {
      return unsafe {
        throw(
          ctx,
          "WebAssembly.Table(): Descriptor property 'element' must be a WebAssembly reference type",
        )
      };
    }
  };
  let Some(initial) = (unsafe { index_prop(ctx, desc, c"initial") }) else {
    return unsafe {
      throw(ctx, "WebAssembly.Table(): Property 'initial' is required")
    };
  };
  let maximum = unsafe { index_prop(ctx, desc, c"maximum") };
  if maximum.is_some_and(|maximum| maximum < initial) {
    return unsafe {
      range_error(
        ctx,
        "WebAssembly.Table(): Property 'maximum': value is below 'initial'",
      )
    };
  }
  let fill = if argc >= 2 {
    unsafe { *argv.add(1) }
  } else {
    jsv_undefined()
  };
  let fill = match unsafe {
    element_for(ctx, kind, fill, argc >= 2, "WebAssembly.Table()")
  } {
    Ok(fill) => fill,
    Err(exception) => return exception,
  };
  let elements = unsafe { JS_NewArray(ctx) };
  for i in 0..initial {
    unsafe { JS_SetPropertyUint32(ctx, elements, i, JS_DupValue(ctx, fill)) };
  }
  unsafe { JS_FreeValue(ctx, fill) };
  let obj = unsafe { JS_NewObject(ctx) };
  let env = Box::into_raw(Box::new(TableEnv::Host { kind, maximum }));
  unsafe {
    JS_DefinePropertyValueStr(ctx, obj, ELEMENTS_KEY.as_ptr(), elements, 0);
    attach_native(ctx, obj, TABLE_KEY, env as *mut c_void);
    set_wasm_object_prototype(ctx, obj, c"Table");
  }
  obj
}

/// The value a table of `kind` holds for `value` (owned), or the exception.
/// A funcref element is null or a wasm function; `given` false means the
/// caller passed nothing, which is the type's default.
unsafe fn element_for(
  ctx: *mut JSContext,
  kind: u8,
  value: JSValue,
  given: bool,
  method: &str,
) -> Result<JSValue, JSValue> {
  if kind != WASM_FUNCREF {
    return Ok(unsafe { JS_DupValue(ctx, value) });
  }
  if !given || jsv_is_null(&value) {
    return Ok(jsv_null());
  }
  let is_wasm = unsafe { wasm_function_of(ctx, value) }.is_some();
  if !is_wasm {
    let message = format!(
      "{method}: Argument 1 is invalid for table: function-typed object must be null (if nullable) or a Wasm function object"
    );
    return Err(unsafe { throw(ctx, &message) });
  }
  Ok(unsafe { JS_DupValue(ctx, value) })
}

unsafe fn table_env(
  ctx: *mut JSContext,
  this: JSValue,
) -> Option<&'static TableEnv> {
  let env = unsafe { native_of(ctx, this, TABLE_KEY) } as *const TableEnv;
  (!env.is_null()).then(|| unsafe { &*env })
}

unsafe fn host_elements(ctx: *mut JSContext, this: JSValue) -> JSValue {
  unsafe { JS_GetPropertyStr(ctx, this, ELEMENTS_KEY.as_ptr()) }
}

unsafe fn table_length(
  ctx: *mut JSContext,
  this: JSValue,
  env: &TableEnv,
) -> u32 {
  match env {
    TableEnv::Wasm { table, .. } => unsafe { wasm_table_size(*table) },
    TableEnv::Host { .. } => {
      let elements = unsafe { host_elements(ctx, this) };
      let mut length = 0i64;
      unsafe {
        let value = JS_GetPropertyStr(ctx, elements, c"length".as_ptr());
        JS_ToInt64(ctx, &mut length, value);
        JS_FreeValue(ctx, value);
        JS_FreeValue(ctx, elements);
      }
      length as u32
    }
  }
}

/// A wasm table's raw element as a JS value.
unsafe fn wasm_element_to_js(
  ctx: *mut JSContext,
  table: *mut wasm_table_t,
  kind: u8,
  raw: u32,
) -> JSValue {
  if raw == NULL_REF {
    return jsv_null();
  }
  if kind == WASM_FUNCREF {
    unsafe { function_at(ctx, v82jsc_wasm_table_instance(table), raw) }
  } else {
    unsafe { externref_to_js(ctx, raw as u64) }
  }
}

/// A JS value as a wasm table's raw element (checked by `element_for`).
unsafe fn js_to_wasm_element(
  ctx: *mut JSContext,
  table: *mut wasm_table_t,
  kind: u8,
  value: JSValue,
  method: &str,
) -> Result<u32, JSValue> {
  if jsv_is_null(&value) {
    return Ok(NULL_REF);
  }
  if kind != WASM_FUNCREF {
    return Ok(unsafe { js_to_externref(ctx, value) } as u32);
  }
  match unsafe { wasm_function_of(ctx, value) } {
    Some((instance, index))
      if instance == unsafe { v82jsc_wasm_table_instance(table) } as usize =>
    {
      Ok(index)
    }
    _ => Err(unsafe {
      throw(
        ctx,
        &format!(
          "{method}: a function of another instance cannot be stored in this table"
        ),
      )
    }),
  }
}

fn this_is_not_a_table(ctx: *mut JSContext, method: &str) -> JSValue {
  unsafe {
    throw(
      ctx,
      &format!("{method}: Receiver is not a WebAssembly.Table"),
    )
  }
}

unsafe fn index_arg(
  ctx: *mut JSContext,
  argc: c_int,
  argv: *mut JSValue,
  at: c_int,
) -> Option<u32> {
  if argc <= at {
    return None;
  }
  let mut number = 0f64;
  if unsafe { JS_ToFloat64(ctx, &mut number, *argv.add(at as usize)) } != 0 {
    let _ = unsafe { JS_GetException(ctx) };
    return None;
  }
  (number.is_finite() && number >= 0.0 && number <= u32::MAX as f64)
    .then_some(number as u32)
}

fn out_of_range(
  ctx: *mut JSContext,
  method: &str,
  index: u32,
  kind: u8,
  length: u32,
) -> JSValue {
  let message = format!(
    "{method}: invalid address {index} in {} table of size {length}",
    kind_name(kind)
  );
  unsafe { range_error(ctx, &message) }
}

pub(super) unsafe extern "C" fn table_proto_get(
  ctx: *mut JSContext,
  this: JSValue,
  argc: c_int,
  argv: *mut JSValue,
) -> JSValue {
  const METHOD: &str = "WebAssembly.Table.get()";
  let Some(env) = (unsafe { table_env(ctx, this) }) else {
    return this_is_not_a_table(ctx, METHOD);
  };
  let length = unsafe { table_length(ctx, this, env) };
  let index = unsafe { index_arg(ctx, argc, argv, 0) }.unwrap_or(u32::MAX);
  let kind = env.kind();
  if index >= length {
    return out_of_range(ctx, METHOD, index, kind, length);
  }
  match env {
    TableEnv::Wasm { table, kind } => {
      let mut raw = NULL_REF;
      unsafe { v82jsc_wasm_table_get(*table, index, &mut raw) };
      unsafe { wasm_element_to_js(ctx, *table, *kind, raw) }
    }
    TableEnv::Host { .. } => {
      let elements = unsafe { host_elements(ctx, this) };
      let value = unsafe { JS_GetPropertyUint32(ctx, elements, index) };
      unsafe { JS_FreeValue(ctx, elements) };
      value
    }
  }
}

pub(super) unsafe extern "C" fn table_proto_set(
  ctx: *mut JSContext,
  this: JSValue,
  argc: c_int,
  argv: *mut JSValue,
) -> JSValue {
  const METHOD: &str = "WebAssembly.Table.set()";
  let Some(env) = (unsafe { table_env(ctx, this) }) else {
    return this_is_not_a_table(ctx, METHOD);
  };
  let kind = env.kind();
  let length = unsafe { table_length(ctx, this, env) };
  let index = unsafe { index_arg(ctx, argc, argv, 0) }.unwrap_or(u32::MAX);
  if index >= length {
    return out_of_range(ctx, METHOD, index, kind, length);
  }
  let given = if argc >= 2 {
    unsafe { *argv.add(1) }
  } else {
    jsv_undefined()
  };
  let value = match unsafe { element_for(ctx, kind, given, argc >= 2, METHOD) }
  {
    Ok(value) => value,
    Err(exception) => return exception,
  };
  let result = match env {
    TableEnv::Wasm { table, kind } => {
      match unsafe { js_to_wasm_element(ctx, *table, *kind, value, METHOD) } {
        Ok(raw) => {
          unsafe { v82jsc_wasm_table_set(*table, index, raw) };
          jsv_undefined()
        }
        Err(exception) => exception,
      }
    }
    TableEnv::Host { .. } => {
      let elements = unsafe { host_elements(ctx, this) };
      unsafe {
        JS_SetPropertyUint32(ctx, elements, index, JS_DupValue(ctx, value))
      };
      unsafe { JS_FreeValue(ctx, elements) };
      jsv_undefined()
    }
  };
  unsafe { JS_FreeValue(ctx, value) };
  unsafe { sweep(ctx) };
  result
}

pub(super) unsafe extern "C" fn table_proto_grow(
  ctx: *mut JSContext,
  this: JSValue,
  argc: c_int,
  argv: *mut JSValue,
) -> JSValue {
  const METHOD: &str = "WebAssembly.Table.grow()";
  let Some(env) = (unsafe { table_env(ctx, this) }) else {
    return this_is_not_a_table(ctx, METHOD);
  };
  let kind = env.kind();
  let old = unsafe { table_length(ctx, this, env) };
  let Some(delta) = (unsafe { index_arg(ctx, argc, argv, 0) }) else {
    return unsafe {
      throw(
        ctx,
        &format!("{METHOD}: Argument 0 must be convertible to a valid number"),
      )
    };
  };
  let given = if argc >= 2 {
    unsafe { *argv.add(1) }
  } else {
    jsv_undefined()
  };
  let fill = match unsafe { element_for(ctx, kind, given, argc >= 2, METHOD) } {
    Ok(value) => value,
    Err(exception) => return exception,
  };
  let failed = || unsafe {
    range_error(ctx, &format!("{METHOD}: failed to grow table by {delta}"))
  };
  let result = match env {
    TableEnv::Wasm { table, kind } => {
      let maximum = unsafe { v82jsc_wasm_table_max(*table) };
      if (old as u64 + delta as u64) > maximum as u64 {
        failed()
      } else {
        match unsafe { js_to_wasm_element(ctx, *table, *kind, fill, METHOD) } {
          Ok(raw) if unsafe { v82jsc_wasm_table_grow(*table, delta, raw) } => unsafe {
            JS_NewInt32(ctx, old as i32)
          },
          Ok(_) => failed(),
          Err(exception) => exception,
        }
      }
    }
    TableEnv::Host { maximum, .. } => {
      let limit = maximum.unwrap_or(10_000_000) as u64;
      if old as u64 + delta as u64 > limit {
        failed()
      } else {
        let elements = unsafe { host_elements(ctx, this) };
        for i in old..old + delta {
          unsafe {
            JS_SetPropertyUint32(ctx, elements, i, JS_DupValue(ctx, fill))
          };
        }
        unsafe { JS_FreeValue(ctx, elements) };
        unsafe { JS_NewInt32(ctx, old as i32) }
      }
    }
  };
  unsafe { JS_FreeValue(ctx, fill) };
  unsafe { sweep(ctx) };
  result
}

pub(super) unsafe extern "C" fn table_proto_length(
  ctx: *mut JSContext,
  this: JSValue,
  _argc: c_int,
  _argv: *mut JSValue,
) -> JSValue {
  let Some(env) = (unsafe { table_env(ctx, this) }) else {
    return this_is_not_a_table(ctx, "WebAssembly.Table.length");
  };
  let length = unsafe { table_length(ctx, this, env) };
  unsafe { JS_NewInt64(ctx, length as i64) }
}

/// Table.prototype's methods and `length`, installed with the constructor.
pub(super) unsafe fn install_table_prototype(
  ctx: *mut JSContext,
  prototype: JSValue,
) {
  let method = |name: &CStr, f: JSCFunction, length: c_int| unsafe {
    let function = JS_NewCFunction(ctx, f, name.as_ptr(), length);
    JS_DefinePropertyValueStr(
      ctx,
      prototype,
      name.as_ptr(),
      function,
      JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE,
    );
  };
  method(c"get", table_proto_get, 1);
  method(c"set", table_proto_set, 1);
  method(c"grow", table_proto_grow, 1);
  unsafe {
    let getter =
      JS_NewCFunction(ctx, table_proto_length, c"length".as_ptr(), 0);
    let atom = JS_NewAtom(ctx, c"length".as_ptr());
    JS_DefinePropertyGetSet(
      ctx,
      prototype,
      atom,
      getter,
      jsv_undefined(),
      JS_PROP_CONFIGURABLE,
    );
    JS_FreeAtom(ctx, atom);
  }
}

// ---------------------------------------------------------------- helpers

unsafe fn string_prop(
  ctx: *mut JSContext,
  obj: JSValue,
  name: &CStr,
) -> Option<String> {
  let value = unsafe { JS_GetPropertyStr(ctx, obj, name.as_ptr()) };
  if !jsv_is_string(&value) {
    unsafe { JS_FreeValue(ctx, value) };
    return None;
  }
  let mut len = 0usize;
  let chars = unsafe { JS_ToCStringLen(ctx, &mut len, value) };
  unsafe { JS_FreeValue(ctx, value) };
  if chars.is_null() {
    return None;
  }
  let text = String::from_utf8_lossy(unsafe {
    std::slice::from_raw_parts(chars as *const u8, len)
  })
  .into_owned();
  unsafe { JS_FreeCString(ctx, chars) };
  Some(text)
}

unsafe fn index_prop(
  ctx: *mut JSContext,
  obj: JSValue,
  name: &CStr,
) -> Option<u32> {
  let mut value = [unsafe { JS_GetPropertyStr(ctx, obj, name.as_ptr()) }];
  let index = if jsv_is_undefined(&value[0]) {
    None
  } else {
    unsafe { index_arg(ctx, 1, value.as_mut_ptr(), 0) }
  };
  unsafe { JS_FreeValue(ctx, value[0]) };
  index
}
