// worky's JS glue, part 25: a Secrets Store secret binding
// (`[[secrets_store_secrets]]`): `await env.API_KEY.get()` answers the secret's
// value, which the host found for it (src/host/mod.rs `secrets_store_values`),
// or throws Cloudflare's words for a secret the store lacks
// (tests/workerd/secrets_store.js).
// Extension code must be 7-bit ASCII.

// Evaluated when a worker has such a binding (04_serve.js `lazyModule`).

(function (_core, primordials) {
"use strict";

const { Error } = primordials;

class SecretsStoreSecret {
  #name;
  #value;

  constructor(name, value) {
    this.#name = name;
    this.#value = value;
  }

  async get() {
    if (this.#value === null) throw new Error(`Secret "${this.#name}" not found`);
    return this.#value;
  }
}

return { SecretsStoreSecret };
})
