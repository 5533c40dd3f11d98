//! What a client sees when there is no worker response: in dev the title and
//! the whole story (message, mapped stack), as HTML for browsers and text for
//! curl; in production only the status, since details belong in the log.

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};

use super::front::Mode;

/// The page for `status` with `title` and `detail`, in the form the client asked for.
pub fn render(mode: Mode, status: StatusCode, title: &str, detail: &str, wants_html: bool) -> Response<Body> {
    let (title, detail) = match mode {
        Mode::Dev => (title.to_string(), detail),
        Mode::Production => (status.canonical_reason().unwrap_or("Error").to_string(), ""),
    };
    let mut response = if wants_html {
        Response::new(Body::from(html_page(status, &title, detail)))
    } else if detail.is_empty() {
        Response::new(Body::from(format!("{title}\n")))
    } else {
        Response::new(Body::from(format!("{title}\n\n{detail}\n")))
    };
    *response.status_mut() = status;
    let content_type = if wants_html { "text/html; charset=utf-8" } else { "text/plain; charset=utf-8" };
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn html_page(status: StatusCode, title: &str, detail: &str) -> String {
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{code} {title}</title>\
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}}\
h1{{font-size:1.3rem;color:#b00020}}pre{{background:#f6f6f6;padding:1rem;overflow-x:auto;border-radius:6px;\
font:13px/1.45 ui-monospace,monospace}}small{{color:#777}}</style></head>\
<body><h1>{code} · {title}</h1><pre>{detail}</pre><small>worky</small></body></html>\n",
        code = status.as_u16(),
        title = escape_html(title),
        detail = escape_html(detail),
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
        for (mode, expected) in [(Mode::Dev, "exceeded"), (Mode::Production, "Service Unavailable\n")] {
            for html in [false, true] {
                let response = render(mode, status, "The worker exceeded a resource limit", detail, html);
                assert_eq!(response.status(), status);
                let body = body_text(response).await;
                assert!(body.contains(expected.trim_end()), "{mode:?}: {body}");
                if mode == Mode::Production {
                    assert!(!body.contains("secret/path") && !body.contains("CPU"), "{body}");
                }
            }
        }
    }

    #[test]
    fn html_is_escaped() {
        let page = html_page(StatusCode::INTERNAL_SERVER_ERROR, "x", "<script>alert(1)</script>");
        assert!(page.contains("&lt;script&gt;"));
        assert!(!page.contains("<script>alert"));
    }
}
