//! W3C Trace Context for requests: a request whose `traceparent` is valid
//! continues that trace, any other starts one; either way it is a span of its
//! own, and its id is the parent of every outbound `fetch()` the worker makes
//! (runtime_js/00_globals.js sets their `traceparent`). The trace id goes into
//! the access record, so a request can be found across services.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::HeaderMap;

/// A request's place in a trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceContext {
    pub trace_id: [u8; 16],
    /// This request's own span.
    pub span_id: [u8; 8],
    /// The caller's span, when the trace is continued.
    pub parent_id: Option<[u8; 8]>,
    pub sampled: bool,
}

/// The share of new traces that are sampled (recorded), as f64 bits; 1.0
/// until the host sets it (serve's `otlp_sample_ratio`).
static SAMPLE_RATIO: AtomicU64 = AtomicU64::new(0x3FF0_0000_0000_0000);

/// Samples this share (0 to 1) of the traces requests start from now on.
pub fn set_sample_ratio(ratio: f64) {
    SAMPLE_RATIO.store(ratio.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
}

impl TraceContext {
    /// Continues the trace of a valid incoming `traceparent` (and its caller's
    /// sampling decision), or starts one, sampled at the host's ratio; the
    /// request gets a new span id either way.
    pub fn continue_or_start(headers: &HeaderMap) -> TraceContext {
        let incoming = headers.get("traceparent").and_then(|value| value.to_str().ok()).and_then(parse);
        let (trace_id, parent_id, sampled) = match incoming {
            Some((trace_id, parent_id, sampled)) => (trace_id, Some(parent_id), sampled),
            None => (non_zero(), None, sample_new_trace()),
        };
        TraceContext { trace_id, span_id: non_zero(), parent_id, sampled }
    }

    /// The `traceparent` this request's outbound requests carry. Written into
    /// one buffer: it is made for every request (`format!` with `hex::encode`
    /// cost ~3.7k instructions a request).
    pub fn child_traceparent(&self) -> String {
        let mut text = *b"00-00000000000000000000000000000000-0000000000000000-00";
        hex::encode_to_slice(self.trace_id, &mut text[3..35]).expect("32 hex digits");
        hex::encode_to_slice(self.span_id, &mut text[36..52]).expect("16 hex digits");
        if self.sampled {
            text[54] = b'1';
        }
        String::from_utf8(text.to_vec()).expect("ASCII")
    }

    /// The trace id in hex, without allocating.
    pub fn trace_id_hex(&self) -> TraceIdHex {
        let mut text = [0u8; 32];
        hex::encode_to_slice(self.trace_id, &mut text).expect("32 hex digits");
        TraceIdHex(text)
    }
}

/// A trace id as 32 lower-case hex digits.
pub struct TraceIdHex([u8; 32]);

impl TraceIdHex {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("hex digits")
    }
}

fn sample_new_trace() -> bool {
    let ratio = f64::from_bits(SAMPLE_RATIO.load(Ordering::Relaxed));
    ratio >= 1.0 || rand::random::<f64>() < ratio
}

/// Random bytes, not all zero (an all-zero id is invalid).
fn non_zero<const N: usize>() -> [u8; N] {
    loop {
        let mut bytes = [0u8; N];
        rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
        if bytes.iter().any(|&b| b != 0) {
            return bytes;
        }
    }
}

/// The trace id, parent id and sampled flag of a `traceparent`
/// (version-trace-parent-flags, lower-case hex); None when it is not valid, as
/// the spec says to start anew.
fn parse(value: &str) -> Option<([u8; 16], [u8; 8], bool)> {
    let mut fields = value.trim().split('-');
    let (version, trace, parent, flags) = (fields.next()?, fields.next()?, fields.next()?, fields.next()?);
    let rest = fields.next();
    let lower_hex = |text: &str, len: usize| {
        text.len() == len && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    if !lower_hex(version, 2) || version == "ff" || (version == "00" && rest.is_some()) {
        return None;
    }
    if !lower_hex(trace, 32) || !lower_hex(parent, 16) || !lower_hex(flags, 2) {
        return None;
    }
    let trace_id: [u8; 16] = hex::decode(trace).ok()?.try_into().ok()?;
    let parent_id: [u8; 8] = hex::decode(parent).ok()?.try_into().ok()?;
    if trace_id == [0; 16] || parent_id == [0; 8] {
        return None;
    }
    let sampled = u8::from_str_radix(flags, 16).ok()? & 1 == 1;
    Some((trace_id, parent_id, sampled))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    #[test]
    fn a_valid_traceparent_is_continued() {
        let (trace, parent, sampled) = parse(VALID).unwrap();
        assert_eq!(hex::encode(trace), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(hex::encode(parent), "00f067aa0ba902b7");
        assert!(sampled);
        assert!(!parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").unwrap().2);
        // A later version may add fields; its first four are read.
        assert!(parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra").is_some());
    }

    #[test]
    fn invalid_traceparents_start_a_new_trace() {
        for bad in [
            "",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn children_carry_the_trace_with_the_request_as_parent() {
        let mut headers = HeaderMap::new();
        headers.insert("traceparent", VALID.parse().unwrap());
        let context = TraceContext::continue_or_start(&headers);
        let child = context.child_traceparent();
        assert!(child.starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-"), "{child}");
        assert!(child.ends_with("-01") && !child.contains("00f067aa0ba902b7"), "{child}");
        let fresh = TraceContext::continue_or_start(&HeaderMap::new());
        assert_ne!(fresh.trace_id, context.trace_id);
        assert!(fresh.sampled);
    }
}
