// HTMLRewriter throughput (bench/platform.sh): a 5 MB page, made once per
// isolate, rewritten with three handlers (an attribute on every link, the text
// of every paragraph, every comment removed); `/raw` sends it unrewritten.
const items = [];
for (let n = 0, length = 0; length < 5 * 1024 * 1024; n++) {
  const item = `<div class="item"><a href="/p/${n}">link ${n}</a><p>Paragraph ${n} with some text to rewrite.</p><!-- item ${n} --></div>\n`;
  items.push(item);
  length += item.length;
}
const PAGE = `<!doctype html><html><head><title>bench</title></head><body>${items.join("")}</body></html>`;
const HEADERS = { "content-type": "text/html; charset=utf-8" };

export default {
  fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/size") return new Response(String(PAGE.length));
    if (path === "/raw") return new Response(PAGE, { headers: HEADERS });
    return new HTMLRewriter()
      .on("a", { element(el) { el.setAttribute("rel", "nofollow"); } })
      .on("p", { text(chunk) { if (chunk.text) chunk.replace(chunk.text.toUpperCase()); } })
      .onDocument({ comments(comment) { comment.remove(); } })
      .transform(new Response(PAGE, { headers: HEADERS }));
  },
};
