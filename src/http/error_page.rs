//! What a client sees when there is no worker response: in dev the title and
//! the whole story (message, mapped stack, the code around the throwing line and
//! the request), as HTML for browsers and text for curl; in production only the
//! status, since details belong in the log.

use std::fmt::Write as _;

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};

use super::front::Mode;

/// Lines of source shown on each side of the throwing line.
const CONTEXT_LINES: usize = 3;

/// What a dev page shows besides the message and the user's frames.
#[derive(Debug, Clone, Default)]
pub struct DevContext {
    /// The stack frames inside worky's runtime, hidden unless asked for.
    pub internal_frames: Vec<String>,
    /// The code around the first frame in the user's code.
    pub code_frame: Option<CodeFrame>,
    /// The request that failed: method, URL and headers.
    pub request: Option<RequestSummary>,
}

#[derive(Debug, Clone)]
pub struct RequestSummary {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

/// Source lines around a position (1-based line and column).
#[derive(Debug, Clone, PartialEq)]
pub struct CodeFrame {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// (line number, text), the throwing line among them.
    pub lines: Vec<(usize, String)>,
}

impl CodeFrame {
    /// The lines of `source` around `line`; `None` if the file has no such line.
    pub fn around(file: &str, source: &str, line: usize, column: usize) -> Option<CodeFrame> {
        let all: Vec<&str> = source.lines().collect();
        if line == 0 || line > all.len() {
            return None;
        }
        let first = line.saturating_sub(CONTEXT_LINES).max(1);
        let last = (line + CONTEXT_LINES).min(all.len());
        let lines = (first..=last).map(|number| (number, all[number - 1].to_string())).collect();
        Some(CodeFrame { file: file.to_string(), line, column, lines })
    }

    /// As plain text: a gutter with line numbers, `>` at the throwing line and a caret under the column.
    pub fn to_text(&self) -> String {
        let width = self.lines.last().map_or(1, |(number, _)| number.to_string().len());
        let mut out = format!("{}:{}:{}\n", self.file, self.line, self.column);
        for (number, text) in &self.lines {
            let marker = if *number == self.line { '>' } else { ' ' };
            let _ = writeln!(out, "{marker} {number:>width$} | {text}");
            if *number == self.line {
                let _ = writeln!(out, "  {:width$} | {}^", "", " ".repeat(self.column.saturating_sub(1)));
            }
        }
        out
    }
}

/// A stack split into the user's frames and worky's own (`ext:` modules of the runtime).
pub fn split_stack(stack: &str) -> (String, Vec<String>) {
    let (internal, shown): (Vec<&str>, Vec<&str>) = stack.lines().partition(|line| is_internal_frame(line));
    (shown.join("\n"), internal.into_iter().map(|line| line.trim().to_string()).collect())
}

fn is_internal_frame(line: &str) -> bool {
    frame_location(line).is_some_and(|(file, _, _)| file.starts_with("ext:"))
}

/// `file`, line and column of a stack line such as `    at f (src/a.ts:3:11)` or `    at src/a.ts:3:11`.
pub fn frame_location(line: &str) -> Option<(&str, usize, usize)> {
    let frame = line.trim_start().strip_prefix("at ")?.trim_end();
    let location = match frame.strip_suffix(')') {
        Some(inner) => &inner[inner.rfind('(')? + 1..],
        None => frame.rsplit(' ').next()?,
    };
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, column))
}

/// The page for `status` with `title` and `detail`, in the form the client asked for.
pub fn render(
    mode: Mode,
    status: StatusCode,
    title: &str,
    detail: &str,
    context: Option<&DevContext>,
    wants_html: bool,
) -> Response<Body> {
    let (title, detail, context) = match mode {
        Mode::Dev => (title.to_string(), detail, context),
        Mode::Production => (status.canonical_reason().unwrap_or("Error").to_string(), "", None),
    };
    let mut response = if wants_html {
        Response::new(Body::from(html_page(status, &title, detail, context)))
    } else {
        Response::new(Body::from(text_page(&title, detail, context)))
    };
    *response.status_mut() = status;
    let content_type = if wants_html { "text/html; charset=utf-8" } else { "text/plain; charset=utf-8" };
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn text_page(title: &str, detail: &str, context: Option<&DevContext>) -> String {
    let mut out = format!("{title}\n");
    if !detail.is_empty() {
        let _ = write!(out, "\n{detail}\n");
    }
    if let Some(context) = context {
        if !context.internal_frames.is_empty() {
            let _ = writeln!(out, "    ({})", hidden_frames_note(context.internal_frames.len()));
        }
        if let Some(frame) = &context.code_frame {
            let _ = write!(out, "\n{}", frame.to_text());
        }
    }
    out
}

/// "N frames inside worky hidden", for the page and the dev terminal alike.
pub fn hidden_frames_note(count: usize) -> String {
    match count {
        1 => "1 frame inside worky hidden".to_string(),
        n => format!("{n} frames inside worky hidden"),
    }
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;\
color:#222}h1{font-size:1.3rem;color:#b00020}h2{font-size:1rem;margin:1.5rem 0 .5rem}pre{background:#f6f6f6;\
padding:1rem;overflow-x:auto;border-radius:6px;font:13px/1.45 ui-monospace,monospace;margin:0}\
.code>span{display:block}.code .hit{background:#fde2e4}.code .no{color:#999;user-select:none}\
summary{cursor:pointer;color:#555;margin-top:.5rem}table{border-collapse:collapse;font:13px ui-monospace,\
monospace}td{padding:2px 12px 2px 0;vertical-align:top;word-break:break-all}td:first-child{color:#555}\
small{color:#777;display:block;margin-top:2rem}";

fn html_page(status: StatusCode, title: &str, detail: &str, context: Option<&DevContext>) -> String {
    let code = status.as_u16();
    let mut body = format!("<h1>{code} · {}</h1><pre id=\"error\">{}</pre>", escape_html(title), escape_html(detail));
    if let Some(context) = context {
        if !context.internal_frames.is_empty() {
            let _ = write!(
                body,
                "<details id=\"internal-frames\"><summary>{}</summary><pre>{}</pre></details>",
                hidden_frames_note(context.internal_frames.len()),
                escape_html(&context.internal_frames.join("\n"))
            );
        }
        if let Some(frame) = &context.code_frame {
            body.push_str(&code_frame_html(frame));
        }
        if let Some(request) = &context.request {
            body.push_str(&request_html(request));
        }
    }
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{code} {title}</title><style>{STYLE}</style>\
         </head><body>{body}<small>worky dev</small></body></html>\n",
        title = escape_html(title),
    )
}

fn code_frame_html(frame: &CodeFrame) -> String {
    let width = frame.lines.last().map_or(1, |(number, _)| number.to_string().len());
    let mut lines = String::new();
    for (number, text) in &frame.lines {
        let class = if *number == frame.line { " class=\"hit\"" } else { "" };
        let _ = write!(lines, "<span{class}><span class=\"no\">{number:>width$} | </span>{}</span>", escape_html(text));
    }
    format!(
        "<h2 id=\"source-location\">{}:{}:{}</h2><pre class=\"code\" id=\"source\">{lines}</pre>",
        escape_html(&frame.file),
        frame.line,
        frame.column
    )
}

fn request_html(request: &RequestSummary) -> String {
    let mut rows = String::new();
    for (name, value) in &request.headers {
        let _ = write!(rows, "<tr><td>{}</td><td>{}</td></tr>", escape_html(name), escape_html(value));
    }
    format!(
        "<h2>Request</h2><pre id=\"request-line\">{} {}</pre><table id=\"request-headers\">{rows}</table>",
        escape_html(&request.method),
        escape_html(&request.url)
    )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_text(response: Response<Body>) -> String {
        let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// Dev shows what went wrong; production tells the client only the status.
    #[tokio::test]
    async fn production_errors_are_generic() {
        let status = StatusCode::SERVICE_UNAVAILABLE;
        let detail = "exceeded CPU time limit of 50 ms\nError: at secret/path.ts:1:1";
        let context = DevContext {
            internal_frames: vec!["at handle (ext:worky_runtime/04_serve.js:1:1)".into()],
            code_frame: CodeFrame::around("secret/path.ts", "let x;\n", 1, 1),
            request: None,
        };
        for (mode, expected) in [(Mode::Dev, "exceeded"), (Mode::Production, "Service Unavailable\n")] {
            for html in [false, true] {
                let response =
                    render(mode, status, "The worker exceeded a resource limit", detail, Some(&context), html);
                assert_eq!(response.status(), status);
                let body = body_text(response).await;
                assert!(body.contains(expected.trim_end()), "{mode:?}: {body}");
                if mode == Mode::Production {
                    assert!(!body.contains("secret/path") && !body.contains("CPU") && !body.contains("ext:"), "{body}");
                }
            }
        }
    }

    #[test]
    fn html_is_escaped() {
        let request = RequestSummary {
            method: "GET".into(),
            url: "http://x/<b>".into(),
            headers: vec![("x-h".into(), "<i>".into())],
        };
        let context = DevContext {
            internal_frames: vec![],
            code_frame: CodeFrame::around("a<b>.ts", "if (a < b) {}\n", 1, 5),
            request: Some(request),
        };
        let page = html_page(StatusCode::INTERNAL_SERVER_ERROR, "x", "<script>alert(1)</script>", Some(&context));
        assert!(page.contains("&lt;script&gt;") && page.contains("a &lt; b") && page.contains("&lt;i&gt;"));
        assert!(!page.contains("<script>alert") && !page.contains("<b>") && !page.contains("<i>"));
    }

    #[test]
    fn stacks_split_into_the_users_frames_and_workys() {
        let stack = "Error: boom\n    at inner (src/index.ts:3:11)\n    at Object.fetch (src/index.ts:10:25)\n    \
                     at async handle (ext:worky_runtime/04_serve.js:86:17)\n    at map (native)";
        let (shown, internal) = split_stack(stack);
        assert_eq!(
            shown,
            "Error: boom\n    at inner (src/index.ts:3:11)\n    at Object.fetch (src/index.ts:10:25)\n    at map (native)"
        );
        assert_eq!(internal, ["at async handle (ext:worky_runtime/04_serve.js:86:17)"]);
        assert_eq!(frame_location("    at inner (src/index.ts:3:11)"), Some(("src/index.ts", 3, 11)));
        assert_eq!(frame_location("    at file:///p/src/a.ts:30:4"), Some(("file:///p/src/a.ts", 30, 4)));
        assert_eq!(frame_location("    at f (C:\\p\\a.ts:2:1)"), Some(("C:\\p\\a.ts", 2, 1)));
        assert_eq!(frame_location("    at map (native)"), None);
        assert_eq!(frame_location("Error: at x (y:1:2)"), None);
    }

    #[test]
    fn code_frames_mark_the_line_and_column() {
        let source = "a\nb\nc\nd\nthrow new Error(x);\nf\ng\nh\ni\n";
        let frame = CodeFrame::around("src/a.ts", source, 5, 7).unwrap();
        assert_eq!(frame.lines.first().unwrap().0, 2);
        assert_eq!(frame.lines.last().unwrap().0, 8);
        let text = frame.to_text();
        assert!(text.starts_with("src/a.ts:5:7\n"), "{text}");
        assert!(text.contains("> 5 | throw new Error(x);\n    |       ^\n"), "{text}");
        // At the edges of the file.
        assert_eq!(CodeFrame::around("a", source, 1, 1).unwrap().lines.first().unwrap().0, 1);
        assert_eq!(CodeFrame::around("a", source, 9, 1).unwrap().lines.last().unwrap().0, 9);
        assert!(CodeFrame::around("a", source, 10, 1).is_none());
        assert!(CodeFrame::around("a", source, 0, 1).is_none());
    }
}
