//! worky's ops: the Rust half of `runtime_js/`. `http` carries requests and
//! responses across; `kv` is the KV binding.

pub mod http;
pub mod kv;
