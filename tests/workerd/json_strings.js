// Strings through JSON and across the engine boundary, as V8 handles them:
// JSON.stringify's quoting (escapes, control characters, Latin-1 and wide
// strings, surrogate pairs, lone surrogates written as \uXXXX, long runs with
// an escape at the end, keys that need quoting, indentation, boxed strings),
// JSON.parse of the same back, and text bodies in and out of Request/Response
// (ASCII, Latin-1 and wide text, a lone surrogate replaced by U+FFFD on the way
// out, sizes on both sides of 8-byte word boundaries).
const CASES = {
  plain: "plain",
  quotes: 'a"b\\c',
  whitespace: "tab\there\nnl\r\b\f",
  control: "\u0000\u0001\u001f\u007f",
  latin1: "é latin1 ÿ \u0080",
  wide: "wide ☃ snow",
  pair: "pair 😀 x",
  loneHigh: "lone \ud800 hi",
  loneLow: "lone lo \udc00",
  loneAtEnd: "\ud83d",
  reversedPair: "\udc00\ud800",
  empty: "",
  longThenQuote: "x".repeat(40) + '"' + "y".repeat(5),
  longWideThenNewline: "☃".repeat(20) + "\n",
  slash: "a/b</script>",
};

const lengths = [0, 1, 7, 8, 9, 15, 16, 17, 1023, 1024, 1025];

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/ready") return new Response("ok");
    const out = {};
    for (const [name, value] of Object.entries(CASES)) {
      const text = JSON.stringify(value);
      out[`stringify_${name}`] = text;
      out[`roundtrip_${name}`] = JSON.parse(text) === value;
    }
    out.keys = JSON.stringify({ ['k"ey']: 1, "é": "ÿ", "☃": ["☃", "\ud800"], nested: { "a\nb": null }, "": 0 });
    out.indented = JSON.stringify({ a: "x\ty", b: [1, "\u2028"] }, null, 2);
    out.boxed = JSON.stringify(new String('boxed"s'));
    out.replacerKeys = JSON.stringify({ 'q"': "v", n: 2 }, ['q"']);
    // Objects: which keys, in which order, through toJSON and replacers.
    const attempt = (f) => {
      try {
        return f();
      } catch (error) {
        return `threw: ${error.name}: ${error.message}`;
      }
    };
    const hidden = Object.defineProperty({ shown: 1 }, "hidden", { value: 2, enumerable: false });
    const withGetter = { get computed() { return "got"; }, plain: [undefined, () => 1, Symbol("s")] };
    const deleting = { a: { toJSON() { delete deleting.b; return "A"; } }, b: 2, c: 3 };
    const hiding = { a: { toJSON() { Object.defineProperty(hiding, "b", { enumerable: false }); return "A"; } }, b: 2 };
    const adding = { a: { toJSON() { adding.z = 26; return "A"; } }, b: 2 };
    const circular = { name: "loop" };
    circular.self = circular;
    const proxy = new Proxy({ x: 1, y: 2 }, { ownKeys: () => ["y", "x", "missing"], getOwnPropertyDescriptor: (t, k) => (k === "missing" ? undefined : { value: t[k], enumerable: true, configurable: true }) });
    out.objectCases = [
      attempt(() => JSON.stringify({ 2: "two", b: "b", 1: "one", a: "a", [Symbol("s")]: "sym", "-1": "neg", "01": "lead" })),
      attempt(() => JSON.stringify(hidden)),
      attempt(() => JSON.stringify(withGetter)),
      attempt(() => JSON.stringify({ u: undefined, f() {}, s: Symbol("x"), n: null, nan: NaN, inf: -Infinity, neg0: -0 })),
      attempt(() => JSON.stringify({ d: new Date(0), inner: { toJSON(key) { return `key=${key}`; } } })),
      attempt(() => JSON.stringify({ a: 1, b: { c: 2 } }, (key, value) => (key === "c" ? undefined : typeof value === "number" ? value * 10 : value))),
      attempt(() => JSON.stringify({ a: 1, b: 2, c: { a: 3, d: 4 } }, ["c", "a"])),
      attempt(() => JSON.stringify(deleting)),
      attempt(() => JSON.stringify(hiding)),
      attempt(() => JSON.stringify(adding)),
      attempt(() => JSON.stringify(circular)),
      attempt(() => JSON.stringify({ big: 1n })),
      attempt(() => JSON.stringify(proxy)),
      attempt(() => JSON.stringify(Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true } }))),
      attempt(() => JSON.stringify(new Map([[1, 2]]))),
      attempt(() => JSON.stringify({}, null, 2)),
      attempt(() => JSON.stringify({ a: [], b: {}, c: [{}] }, null, "--")),
      attempt(() => JSON.stringify(Object.assign(Object.create(null), { z: 1, y: [true, false] }))),
      attempt(() => JSON.stringify({ ["\ud800"]: "lone key", "é☃": 1 })),
      attempt(() => JSON.stringify(Object.assign([1, 2], { extra: 3 }))),
      attempt(() => JSON.stringify({ length: 2, 0: "a", 1: "b" })),
      attempt(() => JSON.stringify(new Uint8Array([1, 2]))),
      attempt(() => JSON.stringify(new Error("boom"))),
    ];
    // V8's message for a circular structure names the path around the circle.
    const chain = { p1: { p2: { p3: { p4: { p5: {} } } } } };
    chain.p1.p2.p3.p4.p5.loop = chain.p1;
    const three = { a: { b: { c: { d: {} } } } };
    three.a.b.c.d.back = three.a;
    const inArray = [1, []];
    inArray[1].push(inArray);
    class Foo {
      constructor() {
        this.me = this;
      }
    }
    const nullProto = Object.create(null);
    nullProto.e = nullProto;
    const viaToJSON = {};
    viaToJSON.x = { toJSON: () => viaToJSON };
    const underArray = { arr: [{}] };
    underArray.arr[0].up = underArray.arr;
    const throughMap = { m: new Map() };
    throughMap.m.l = throughMap;
    const quoted = { "q'uote": {} };
    quoted["q'uote"].z = quoted;
    out.circularCases = [chain, three, inArray, { wrap: new Foo() }, nullProto, viaToJSON, underArray, throughMap, quoted].map((value) => attempt(() => JSON.stringify(value)));
    out.circularWithReplacer = attempt(() => JSON.stringify(circular, (key, value) => value));
    out.bigintTop = attempt(() => JSON.stringify(2n));
    out.parseEscapes = JSON.parse('"\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\"\\\\"');
    out.parseRaw = JSON.parse('"é☃😀"');
    // Objects JSON.parse builds: repeated keys (the last wins, in the first's
    // place), __proto__ as an own property, index keys first, a reviver.
    const parsed = (text, reviver) => {
      const value = JSON.parse(text, reviver);
      return `${JSON.stringify(value)} keys=${Object.keys(value).join(",")} proto=${Object.getPrototypeOf(value) === Object.prototype}`;
    };
    out.parseObjects = [
      parsed('{"a":1,"b":2,"a":3}'),
      parsed('{"__proto__":{"x":1},"y":2}'),
      parsed('{"b":1,"2":"two","0":"zero","4294967295":"big","-1":"neg"}'),
      parsed('{"a":{"b":[1,{"c":2}]},"d":"e"}', (key, value) => (typeof value === "number" ? value + 100 : value)),
      parsed('{"x":1,"x":{"y":2},"z":[{"x":3,"x":4}]}'),
      parsed('{"":1," ":2}'),
    ];
    out.parseOwnProto = Object.hasOwn(JSON.parse('{"__proto__":1}'), "__proto__");
    for (const n of lengths) {
      for (const [label, unit] of [["ascii", "a"], ["latin1", "é"], ["wide", "☃"]]) {
        const text = unit.repeat(n);
        const echoed = await new Response(text).text();
        const bytes = new Uint8Array(await new Response(text).arrayBuffer()).length;
        out[`body_${label}_${n}`] = `${echoed === text} ${bytes}`;
      }
    }
    const mixed = "a".repeat(9) + "é" + "\ud800" + "z";
    out.bodyLoneSurrogate = JSON.stringify(await new Response(mixed).text());
    out.encodeInto = (() => {
      const target = new Uint8Array(12);
      const result = new TextEncoder().encodeInto("abcdefghij☃", target);
      return `${result.read} ${result.written} ${[...target].join(",")}`;
    })();
    out.requestText = JSON.stringify(await new Request("http://x/", { method: "POST", body: "héllo ☃ \ud800" }).text());
    return Response.json(out);
  },
};
