//! Response compression, as Workers does it: a worker that labels its response
//! `content-encoding: gzip` (or `br`, `deflate`) and gives an uncompressed body
//! has the body compressed here, on its way out, unless it said
//! `encodeBody: "manual"` (its body is already encoded). A client whose
//! `Accept-Encoding` refuses the coding gets the body as it is, unlabelled, as
//! Cloudflare's edge sends it (local workerd would compress anyway).
//!
//! With `[http] compress` (serve), responses the worker left uncompressed are
//! compressed as Cloudflare's edge compresses them for a client that asks:
//! text-like content types, brotli first, then gzip (`compress_like_the_edge`).

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, header};
use futures::TryStreamExt;
use tokio_util::io::{ReaderStream, StreamReader};

/// A content coding the runtime compresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Gzip,
    Brotli,
    Deflate,
}

impl Coding {
    /// The coding a `content-encoding` value names, if it is one of ours alone.
    pub fn named(value: &[u8]) -> Option<Coding> {
        let value = std::str::from_utf8(value).ok()?.trim();
        [("gzip", Coding::Gzip), ("br", Coding::Brotli), ("deflate", Coding::Deflate)]
            .into_iter()
            .find(|(name, _)| value.eq_ignore_ascii_case(name))
            .map(|(_, coding)| coding)
    }

    fn token(self) -> &'static str {
        match self {
            Coding::Gzip => "gzip",
            Coding::Brotli => "br",
            Coding::Deflate => "deflate",
        }
    }
}

/// Whether `Accept-Encoding` lets the client take `coding`. No header at all
/// accepts any coding (RFC 9110, 12.5.3); `q=0` refuses one; `*` stands for the
/// codings not named.
pub fn accepts(accept_encoding: Option<&HeaderValue>, coding: Coding) -> bool {
    let Some(value) = accept_encoding.and_then(|value| value.to_str().ok()) else {
        return accept_encoding.is_none();
    };
    let mut wildcard = None;
    for entry in value.split(',') {
        let mut parts = entry.split(';');
        let name = parts.next().unwrap_or("").trim();
        let weight = parts
            .filter_map(|param| param.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding.token()) || (coding == Coding::Gzip && name.eq_ignore_ascii_case("x-gzip"))
        {
            return weight > 0.0;
        }
        if name == "*" {
            wildcard = Some(weight > 0.0);
        }
    }
    wildcard.unwrap_or(false)
}

/// Compresses `body` with `coding` as it streams. The levels are those of a
/// server compressing on the fly: gzip/deflate 6, brotli 4 (its default, 11,
/// costs ~20 times the CPU for a few percent).
pub fn compress(body: Body, coding: Coding) -> Body {
    use async_compression::Level;
    use async_compression::tokio::bufread::{BrotliEncoder, GzipEncoder, ZlibEncoder};
    let reader = StreamReader::new(body.into_data_stream().map_err(std::io::Error::other));
    match coding {
        Coding::Gzip => Body::from_stream(ReaderStream::new(GzipEncoder::with_quality(reader, Level::Precise(6)))),
        Coding::Brotli => Body::from_stream(ReaderStream::new(BrotliEncoder::with_quality(reader, Level::Precise(4)))),
        Coding::Deflate => Body::from_stream(ReaderStream::new(ZlibEncoder::with_quality(reader, Level::Precise(6)))),
    }
}

/// Applies the worker's `content-encoding` to an outgoing body, negotiated
/// with the client: compressed (its length then unknown), or sent as it is
/// without the label.
pub fn encode_response(headers: &mut HeaderMap, body: Body, accept_encoding: Option<&HeaderValue>) -> Body {
    let Some(coding) = headers.get(header::CONTENT_ENCODING).and_then(|value| Coding::named(value.as_bytes())) else {
        return body;
    };
    if accepts(accept_encoding, coding) {
        headers.remove(header::CONTENT_LENGTH);
        compress(body, coding)
    } else {
        headers.remove(header::CONTENT_ENCODING);
        body
    }
}

/// Below this many bytes a body is sent as it is: the coding's framing would
/// outweigh what it saves.
pub const MIN_COMPRESSED_BYTES: u64 = 256;

/// Whether a content type is worth compressing: text, and the structured and
/// script types that are text (not images, video, archives, already compressed).
fn compressible(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "text/event-stream" {
        // Events must reach the client as they are written, not when a compressor's buffer fills.
        return false;
    }
    essence.starts_with("text/")
        || essence.ends_with("+json")
        || essence.ends_with("+xml")
        || matches!(
            essence.as_str(),
            "application/json"
                | "application/javascript"
                | "application/x-javascript"
                | "application/ecmascript"
                | "application/xml"
                | "application/wasm"
                | "application/graphql"
                | "application/x-www-form-urlencoded"
                | "image/svg+xml"
                | "image/x-icon"
                | "image/vnd.microsoft.icon"
                | "font/ttf"
                | "font/otf"
                | "application/vnd.ms-fontobject"
        )
}

/// Compresses a response the worker sent uncompressed, as Cloudflare's edge
/// does for a client that asks (`Accept-Encoding`, brotli preferred to gzip):
/// a compressible content type, a body of at least `MIN_COMPRESSED_BYTES`
/// (when its size is known), and nothing that forbids it (`Cache-Control:
/// no-transform`, a range, a status without a body). Adds `Vary: Accept-Encoding`.
pub fn compress_like_the_edge(response: &mut axum::http::Response<Body>, accept_encoding: Option<&HeaderValue>) {
    use axum::body::HttpBody;
    let status = response.status().as_u16();
    if accept_encoding.is_none() || matches!(status, 100..=199 | 204 | 206 | 304) {
        return;
    }
    let headers = response.headers();
    let has = |name: header::HeaderName, needle: &str| {
        headers.get_all(name).iter().any(|value| value.to_str().is_ok_and(|v| v.to_ascii_lowercase().contains(needle)))
    };
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
    if headers.contains_key(header::CONTENT_ENCODING)
        || headers.contains_key(header::CONTENT_RANGE)
        || has(header::CACHE_CONTROL, "no-transform")
        || !compressible(content_type)
        || response.body().size_hint().exact().is_some_and(|size| size < MIN_COMPRESSED_BYTES)
    {
        return;
    }
    let Some(coding) = [Coding::Brotli, Coding::Gzip].into_iter().find(|coding| accepts(accept_encoding, *coding))
    else {
        return;
    };
    let vary = has(header::VARY, "accept-encoding") || has(header::VARY, "*");
    let headers = response.headers_mut();
    headers.remove(header::CONTENT_LENGTH);
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding.token()));
    if !vary {
        headers.append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    let body = std::mem::take(response.body_mut());
    *response.body_mut() = compress(body, coding);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_like_types_are_compressible_and_media_and_events_are_not() {
        for yes in ["text/html; charset=utf-8", "application/json", "application/ld+json", "image/svg+xml", "TEXT/CSS"]
        {
            assert!(compressible(yes), "{yes}");
        }
        for no in ["image/png", "video/mp4", "application/zip", "application/octet-stream", "text/event-stream", ""] {
            assert!(!compressible(no), "{no}");
        }
    }

    fn accept(value: &str) -> bool {
        accepts(Some(&HeaderValue::from_str(value).unwrap()), Coding::Gzip)
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        assert!(accepts(None, Coding::Gzip), "no header: any coding");
        assert!(accept("gzip, deflate, br"));
        assert!(accept("GZIP"));
        assert!(accept("x-gzip"));
        assert!(accept("br;q=1.0, *;q=0.5"));
        assert!(!accept("gzip;q=0"));
        assert!(!accept("gzip; q=0.0, br"));
        assert!(!accept("identity"));
        assert!(!accept("br"));
        assert!(!accept(""));
        assert!(!accept("*;q=0"));
    }

    #[test]
    fn only_our_codings_alone_are_compressed() {
        assert_eq!(Coding::named(b"gzip"), Some(Coding::Gzip));
        assert_eq!(Coding::named(b" BR "), Some(Coding::Brotli));
        assert_eq!(Coding::named(b"deflate"), Some(Coding::Deflate));
        for other in [&b"zstd"[..], b"identity", b"gzip, br", b"x-gzip", b""] {
            assert_eq!(Coding::named(other), None, "{}", String::from_utf8_lossy(other));
        }
    }
}
