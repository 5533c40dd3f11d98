//! Bodies across the front: a hyper request body becomes the runtime's byte
//! stream (cut off at the worker's size limit), and a worker's response body
//! becomes an axum body.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::Body;
use http_body_util::BodyExt;
use tokio_stream::wrappers::ReceiverStream;

use crate::runtime::{BodyStream, ResponseBody};

/// Draining a body we will not use stops after this much.
const MAX_DRAIN_BYTES: u64 = 16 << 20;
/// ... or after this long.
const MAX_DRAIN_TIME: Duration = Duration::from_secs(5);

/// Set when a streamed body was cut off at its limit, so the front can answer
/// 413 when the worker fails because of it.
#[derive(Clone, Default)]
pub struct TooLarge(Arc<AtomicBool>);

impl TooLarge {
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The message a worker reads when its request body passes the limit.
pub fn too_large_message(max_bytes: u64) -> String {
    format!("request body is larger than the limit of {} MB", max_bytes >> 20)
}

/// `body` as a stream of chunks that fails once more than `max_bytes` arrived;
/// the rest is then drained so the client can read the answer.
pub fn limited(body: Body, max_bytes: u64, too_large: TooLarge) -> BodyStream {
    struct Reading {
        body: Option<Body>,
        read: u64,
    }
    let reading = Reading { body: Some(body), read: 0 };
    let stream = futures::stream::unfold(reading, move |mut reading| {
        let too_large = too_large.clone();
        async move {
            let body = reading.body.as_mut()?;
            loop {
                match body.frame().await {
                    None => return None,
                    Some(Err(err)) => {
                        reading.body = None;
                        return Some((Err(std::io::Error::other(format!("request body: {err}"))), reading));
                    }
                    Some(Ok(frame)) => {
                        let Ok(data) = frame.into_data() else { continue };
                        reading.read += data.len() as u64;
                        if reading.read > max_bytes {
                            too_large.0.store(true, Ordering::SeqCst);
                            drain_in_background(reading.body.take().expect("reading a body"));
                            let error = std::io::Error::other(too_large_message(max_bytes));
                            return Some((Err(error), reading));
                        }
                        return Some((Ok(data), reading));
                    }
                }
            }
        }
    });
    Box::pin(stream)
}

/// Reads and discards what is left of a request body we will not use (up to
/// 16 MiB, for at most a few seconds), so the client can finish sending and
/// read our answer instead of seeing the connection reset.
pub fn drain_in_background(mut body: Body) {
    tokio::spawn(async move {
        let drain = async {
            let mut read = 0u64;
            while let Some(Ok(frame)) = body.frame().await {
                read += frame.data_ref().map_or(0, |data| data.len() as u64);
                if read > MAX_DRAIN_BYTES {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(MAX_DRAIN_TIME, drain).await;
    });
}

/// A worker's response body as an axum body; a stream stays a stream.
pub fn response_body(body: ResponseBody) -> Body {
    match body {
        ResponseBody::Empty => Body::empty(),
        ResponseBody::Full(bytes) => Body::from(bytes),
        ResponseBody::Stream(chunks) => Body::from_stream(ReceiverStream::new(chunks)),
        // The front bridges a WebSocket before it gets here; dropping the end closes it.
        ResponseBody::WebSocket(_) => Body::empty(),
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use futures::StreamExt;

    use super::*;

    async fn chunks(body: Body, max: u64) -> (Vec<Result<Bytes, String>>, bool) {
        let too_large = TooLarge::default();
        let stream = limited(body, max, too_large.clone());
        let read = stream.map(|chunk| chunk.map_err(|err| err.to_string())).collect().await;
        (read, too_large.is_set())
    }

    fn body_of(parts: &[&'static [u8]]) -> Body {
        let parts: Vec<Result<Bytes, std::io::Error>> = parts.iter().map(|p| Ok(Bytes::from_static(p))).collect();
        Body::from_stream(futures::stream::iter(parts))
    }

    #[tokio::test]
    async fn a_body_at_the_limit_passes_whole() {
        let (read, too_large) = chunks(body_of(&[b"ab", b"cd"]), 4).await;
        assert_eq!(read, vec![Ok(Bytes::from_static(b"ab")), Ok(Bytes::from_static(b"cd"))]);
        assert!(!too_large);
    }

    #[tokio::test]
    async fn one_byte_over_the_limit_fails_and_says_why() {
        let (read, too_large) = chunks(body_of(&[b"ab", b"cde"]), 4).await;
        assert_eq!(read[0], Ok(Bytes::from_static(b"ab")));
        assert_eq!(read[1], Err(too_large_message(4)));
        assert_eq!(read.len(), 2, "nothing after the error: {read:?}");
        assert!(too_large);
        assert_eq!(too_large_message(1 << 20), "request body is larger than the limit of 1 MB");
    }
}
