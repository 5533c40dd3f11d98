// Every name the global scope has (its own and its prototypes'), with what
// `typeof` says of it, grouped by first letter: a global workerd has and worky
// lacks, or one worky adds, shows as a difference in its letter.
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const names = new Set();
    for (let o = globalThis; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      for (const n of Object.getOwnPropertyNames(o)) names.add(n);
    }
    const r = {};
    for (const n of [...names].sort()) {
      let type;
      try {
        type = typeof globalThis[n];
      } catch {
        type = "throws";
      }
      const letter = n[0].toUpperCase();
      r[letter] = r[letter] === undefined ? `${n}:${type}` : `${r[letter]} ${n}:${type}`;
    }
    return Response.json(r);
  },
};
