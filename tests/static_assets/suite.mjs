// What tests/static_assets/record.mjs asks miniflare (the runtime of `wrangler dev`,
// with Cloudflare's own asset and router workers) and tests/static_assets.rs asks
// worky: sites (files), projects (wrangler's `assets` keys over a site, with or
// without a worker) and the requests to send each. A request goes over HTTP (what a
// browser sees: the router decides between assets and worker) or, `via: "binding"`,
// through the worker's `env.ASSETS.fetch(new Request(target, { method, headers }))`
// ("binding-manual": with redirect: "manual"; "binding-url": env.ASSETS.fetch(target)).
// `{{etag:/path}}` in a header value is the ETag a GET of /path answers.

const html = (path) => `<!doctype html>FILE:${path}`;
const text = (path) => `FILE:${path}`;
const files = (paths) => Object.fromEntries(paths.map((p) => [p, /\.html?$/i.test(p) ? html(`/${p}`) : text(`/${p}`)]));

const sites = {
  pages: files(["index.html", "about.html", "blog/index.html", "blog/post.html", "style.css", "dir/file.txt", "a.b/index.html"]),
  conflicts: { ...files(["foo.html", "foo/index.html", "index.html"]), "bar/index": text("/bar/index") },
  names: files(["[id].html", "space file.txt", "ü.txt", "%5Bx%5D.txt", "a+b.txt", "c@d.txt"]),
  fallbacks: files(["index.html", "404.html", "blog/404.html", "blog/post.html", "style.css"]),
  // The Content-Type of each extension a site is likely to have.
  types: files([
    ..."html htm xhtml css js mjs cjs json map jsonld webmanifest xml rss atom svg svgz png apng jpg jpeg gif webp avif ico bmp tif tiff heic woff woff2 ttf otf eot wasm pdf zip gz tgz br zst tar 7z rar txt md markdown csv tsv yaml yml toml ini mp3 mp4 m4a webm ogg ogv oga opus wav flac aac mov avi mkv m3u8 ts glb gltf obj stl jsx tsx vue php py rb sh bat exe dmg iso apk epub doc docx xls xlsx ppt pptx odt rtf ics vcf sql wat bin dat log lock vtt srt txt.br unknownext"
      .split(" ").map((ext) => `a.${ext}`),
    "noext", "A.HTML", "style.css", "index.html",
  ]),
  routing: files([
    "index.html", "about.html", "style.css", "api/data.json", "api/docs/index.html", "blogpost.txt",
    "blog/keep.txt", "blog/x.txt", "404.html",
  ]),
  rules: {
    ...files(["index.html", "about.html", "style.css", "dir/file.txt", "users/id.html", "blog/x.txt"]),
    _redirects: [
      "# comment line",
      "/old /about 301",
      "/old-q /about?y=2 302",
      "/default /about",
      "/perm /about 308",
      "/see /about 303",
      "/temp /about 307",
      "/ext https://example.com/path 301",
      "/ext-q https://example.com/path?z=9 301",
      "/proxy /about.html 200",
      "/proxy-missing /nothing.html 200",
      "/proxy-users/* /users/id 200",
      "/style.css /about 301",
      "/frag /about#section 301 # a trailing comment",
      "/bad /about 404",
      "/trailing/ /about 301",
      "/blog/* /posts/:splat 301",
      "/users/:id /u?id=:id 302",
      "/users/:id/profile /profile/:id 301",
      "/news/:year/:month/* /archive/:year-:month/:splat 301",
      "/two/*/stars/* /x 301",
      "/static-after-dynamic /about 301",
      "/old /dup 302",
      "/a /b 301 extra",
      "/loop/* /index.html 200",
      "/enc/%5Bx%5D /about 301",
    ].join("\n") + "\n",
    _headers: [
      "# comment",
      "/*",
      "  X-All: yes",
      "/style.css",
      "  Cache-Control: max-age=3600",
      "  X-Css: one",
      "  X-Css: two",
      "/*.txt",
      "  X-Text: 1",
      "  ! Cache-Control",
      "/users/:id",
      "  X-User: :id",
      "/about",
      "  X-All: about",
      "  ! ETag",
      "/missing",
      "  X-Missing: 1",
      "/old",
      "  X-Old: 1",
      "/empty",
      "no colon here",
      "https://:sub.example.net/*",
      "  X-Sub: :sub",
    ].join("\n") + "\n",
  },
  ignored: {
    ...files(["index.html", "secret.txt", "app.js.map", "private/x.txt", ".well-known/security.txt", ".hidden", "keep/.env"]),
    ".assetsignore": "secret.txt\n*.map\nprivate/\n# a comment\n",
    // Never served; their rules (not applied by worky yet) match no request here.
    _headers: "/nothing-matches\n  X-All: yes\n",
    _redirects: "/nothing-matches /about 301\n",
  },
};

const paths = [
  "/", "/index.html", "/index", "/about", "/about.html", "/about/", "/blog", "/blog/", "/blog/index.html",
  "/blog/index", "/blog/post", "/blog/post/", "/blog/post.html", "/style.css", "/style.css/", "/missing",
  "/dir/file.txt", "/%61bout", "/about?x=1", "/about.html?x=1&y=2", "/blog?x=1", "/a.b", "/a.b/", "/a.b/index.html",
  "/dir", "/dir/", "/INDEX.HTML", "//about", "/blog//post", "/about/index.html", "/blog/post/index.html",
  "/%62log/", "/about%2Ehtml", "/blog%2Fpost",
].map((path) => ({ path }));

const conflictPaths = ["/foo", "/foo/", "/foo.html", "/foo/index.html", "/foo/index", "/bar/index", "/bar/", "/bar"]
  .map((path) => ({ path }));

const namePaths = [
  "/[id]", "/%5Bid%5D", "/%5bid%5d", "/[id].html", "/space%20file.txt", "/%C3%BC.txt", "/%c3%bc.txt",
  "/%5Bx%5D.txt", "/%255Bx%255D.txt", "/a+b.txt", "/a%2Bb.txt", "/c@d.txt", "/c%40d.txt", "/%E0%A4%A.txt",
].map((path) => ({ path }));

const fallbackRequests = [
  { path: "/missing" }, { path: "/blog/missing" }, { path: "/blog/deep/er/missing" }, { path: "/missing.css" },
  { path: "/blog" }, { path: "/404.html" }, { path: "/blog/404.html" }, { path: "/missing/" }, { path: "/missing?x=1" },
  { method: "HEAD", path: "/missing" }, { method: "POST", path: "/missing", body: "x" },
  { path: "/missing", headers: { "Sec-Fetch-Mode": "navigate" } },
  { path: "/blog/missing", headers: { "Sec-Fetch-Mode": "navigate" } },
  { method: "POST", path: "/missing", body: "x", headers: { "Sec-Fetch-Mode": "navigate" } },
  { path: "/missing", headers: { Accept: "text/html" } },
  { path: "/[nope]" },
];

const headerRequests = [
  { path: "/style.css" },
  { path: "/style.css", headers: { "If-None-Match": "{{etag:/style.css}}" } },
  { path: "/style.css", headers: { "If-None-Match": "W/{{etag:/style.css}}" } },
  { path: "/style.css", headers: { "If-None-Match": "\"nope\"" } },
  { path: "/style.css", headers: { "If-None-Match": "\"nope\", {{etag:/style.css}}" } },
  { path: "/style.css", headers: { "If-None-Match": "*" } },
  { path: "/style.css", headers: { "If-Modified-Since": "Wed, 21 Oct 2099 07:28:00 GMT" } },
  { method: "HEAD", path: "/style.css" },
  { method: "HEAD", path: "/style.css", headers: { "If-None-Match": "{{etag:/style.css}}" } },
  { path: "/style.css", headers: { Range: "bytes=0-3" } },
  { path: "/style.css", headers: { Authorization: "Bearer x" } },
  { path: "/", headers: { "If-None-Match": "{{etag:/}}" } },
  ...["POST", "PUT", "DELETE", "PATCH"].map((method) => ({ method, path: "/style.css", body: "x" })),
  { method: "POST", path: "/", body: "x" },
  { method: "POST", path: "/a", body: "x" },
  { method: "POST", path: "/missing", body: "x" },
  ...Object.keys(sites.types).map((name) => ({ path: `/${encodeURIComponent(name)}` })),
];

const routingRequests = [
  { path: "/" }, { path: "/about" }, { path: "/about.html" }, { path: "/style.css" }, { path: "/missing" },
  { path: "/api" }, { path: "/api/" }, { path: "/api/x" }, { path: "/api/data.json" }, { path: "/api/docs/" },
  { path: "/api/docs" }, { path: "/api/docs/index.html" }, { path: "/API/x" }, { path: "/api/x?y=1" },
  { path: "/blogpost.txt" }, { path: "/blog/keep.txt" }, { path: "/blog/x.txt" }, { path: "/blog" },
  { method: "POST", path: "/style.css", body: "x" }, { method: "POST", path: "/about.html", body: "x" },
  { method: "POST", path: "/missing", body: "x" }, { method: "PUT", path: "/", body: "x" },
  { method: "HEAD", path: "/style.css" }, { method: "HEAD", path: "/missing" },
  { path: "/missing", headers: { "Sec-Fetch-Mode": "navigate" } },
];

const bindingRequests = [
  { via: "binding", path: "/about" },
  { via: "binding", path: "/about.html" },
  { via: "binding", path: "/about.html?x=1" },
  { via: "binding", path: "/" },
  { via: "binding", path: "/missing" },
  { via: "binding", path: "/missing", headers: { "Sec-Fetch-Mode": "navigate" } },
  { via: "binding", path: "/style.css", headers: { "If-None-Match": "{{etag:/style.css}}" } },
  { via: "binding", method: "HEAD", path: "/style.css" },
  { via: "binding", method: "POST", path: "/style.css" },
  { via: "binding", method: "POST", path: "/missing" },
  { via: "binding-url", path: "/about", target: "http://other.example.com/about" },
  { via: "binding-url", path: "/about.html", target: "https://other.example.com:8443/about.html?q=1" },
  { via: "binding-url", path: "/relative", target: "/about" },
  { via: "binding-manual", path: "/about.html?x=1" },
  { via: "binding-manual", path: "/%61bout" },
  { via: "binding", path: "/%61bout" },
];

const ruleRequests = [
  "/old", "/old?x=1", "/old-q?x=1", "/default", "/perm", "/see", "/temp", "/ext", "/ext?x=1", "/ext-q?x=1",
  "/proxy", "/proxy?x=1", "/proxy-missing", "/proxy-users/42", "/style.css", "/frag", "/bad", "/trailing/",
  "/trailing", "/blog/a/b", "/blog/", "/blog", "/blog/x.txt", "/users/42", "/users/42/profile",
  "/news/2024/05/a/b", "/two/a/stars/b", "/static-after-dynamic", "/a", "/loop/x", "/enc/%5Bx%5D", "/enc/[x]",
  "/about", "/dir/file.txt", "/missing", "/users/id", "/", "/_redirects", "/_headers",
].map((path) => ({ path })).concat([
  { method: "POST", path: "/old", body: "x" },
  { method: "POST", path: "/proxy", body: "x" },
  { path: "/style.css", headers: { "If-None-Match": "{{etag:/dir/file.txt}}" } },
  { method: "HEAD", path: "/about" },
]);

const HTML_HANDLING = ["auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none"];
const NOT_FOUND = ["none", "404-page", "single-page-application"];

const projects = [
  ...HTML_HANDLING.map((mode) => ({ name: `html_handling ${mode}`, site: "pages", worker: true, assets: { html_handling: mode }, requests: paths })),
  ...HTML_HANDLING.map((mode) => ({ name: `conflicts, ${mode}`, site: "conflicts", worker: false, assets: { html_handling: mode }, requests: conflictPaths })),
  { name: "encoded names", site: "names", worker: false, assets: {}, requests: namePaths },
  ...NOT_FOUND.map((mode) => ({ name: `not_found_handling ${mode}, assets only`, site: "fallbacks", worker: false, assets: { not_found_handling: mode }, requests: fallbackRequests })),
  ...NOT_FOUND.slice(1).map((mode) => ({ name: `not_found_handling ${mode}, with a worker`, site: "fallbacks", worker: true, assets: { not_found_handling: mode }, requests: fallbackRequests })),
  { name: "single-page-application before 2025-04-01", site: "fallbacks", worker: true, compatibility_date: "2025-03-01", assets: { not_found_handling: "single-page-application" }, requests: fallbackRequests.slice(11, 13) },
  { name: "single-page-application, assets_navigation_has_no_effect", site: "fallbacks", worker: true, compatibility_flags: ["assets_navigation_has_no_effect"], assets: { not_found_handling: "single-page-application" }, requests: fallbackRequests.slice(11, 13) },
  { name: "404-page with run_worker_first patterns", site: "fallbacks", worker: true, assets: { not_found_handling: "404-page", run_worker_first: ["/api/*"] }, requests: [...fallbackRequests.slice(0, 3), { path: "/api/x" }, { path: "/api/x", headers: { "Sec-Fetch-Mode": "navigate" } }] },
  { name: "headers and methods", site: "types", worker: false, assets: {}, requests: headerRequests },
  { name: "routing, defaults", site: "routing", worker: true, assets: {}, requests: routingRequests },
  { name: "routing, run_worker_first = true", site: "routing", worker: true, assets: { run_worker_first: true }, requests: routingRequests },
  { name: "routing, run_worker_first patterns", site: "routing", worker: true, assets: { run_worker_first: ["/api/*", "/blog*", "!/api/docs/*", "!/blog/keep.txt"] }, requests: routingRequests },
  { name: "binding", site: "routing", worker: true, assets: { run_worker_first: true }, requests: bindingRequests },
  { name: "binding, single-page-application", site: "routing", worker: true, assets: { run_worker_first: true, not_found_handling: "single-page-application" }, requests: bindingRequests.slice(4, 6) },
  { name: "binding, 404-page", site: "routing", worker: true, assets: { run_worker_first: true, not_found_handling: "404-page" }, requests: bindingRequests.slice(4, 6) },
  { name: "_redirects and _headers, with a worker", site: "rules", worker: true, assets: {}, requests: ruleRequests },
  { name: "_redirects and _headers, assets only", site: "rules", worker: false, assets: {}, requests: ruleRequests },
  { name: "_redirects and _headers, html_handling none", site: "rules", worker: false, assets: { html_handling: "none" }, requests: ruleRequests.slice(10, 14) },
  {
    name: "_redirects and _headers through the binding", site: "rules", worker: true, assets: { run_worker_first: true },
    requests: [
      ...["/old?x=1", "/proxy", "/users/42", "/style.css", "/missing", "/about"].map((path) => ({ via: "binding-manual", path })),
      { via: "binding-manual", path: "/x", target: "https://shop.example.net/x" },
      { via: "binding", path: "/old" },
    ],
  },
  { name: "ignored files", site: "ignored", worker: false, assets: {}, requests: ["/", "/secret.txt", "/app.js.map", "/private/x.txt", "/.well-known/security.txt", "/.hidden", "/keep/.env", "/.assetsignore", "/_headers", "/_redirects"].map((path) => ({ path })) },
];

export default { sites, projects };
