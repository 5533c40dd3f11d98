//! How a call between worker processes and its answer are written on their
//! connection (calls.rs): a head (its length in 4 bytes, big-endian, then its
//! JSON), then the body as frames, so that a streamed body passes chunk by
//! chunk, and its end, clean or failed, is told apart from a connection that
//! broke: a chunk (`0`, its length, its bytes), a failure (`1`, the length of
//! its message, the message), the end (`2`).

use std::fmt::Display;

use axum::body::Body;
use bytes::{Buf, Bytes, BytesMut};
use futures::StreamExt;
use http_body_util::BodyExt as _;

use crate::runtime::protocol::BodyStream;

const CHUNK: u8 = 0;
const FAILURE: u8 = 1;
const END: u8 = 2;

/// A body to send: whole, or as it streams.
pub(super) enum OutBody {
    Whole(Bytes),
    Streamed(BodyStream),
}

/// The HTTP body of a message: `head`, then `body` in frames.
pub(super) fn message(head: &impl serde::Serialize, body: OutBody) -> Body {
    let json = serde_json::to_vec(head).expect("a call's head serializes");
    let mut start = BytesMut::with_capacity(4 + json.len());
    start.extend_from_slice(&(json.len() as u32).to_be_bytes());
    start.extend_from_slice(&json);
    match body {
        OutBody::Whole(bytes) => {
            if !bytes.is_empty() {
                start.extend_from_slice(&chunk_frame(CHUNK, &bytes));
            }
            start.extend_from_slice(&[END]);
            Body::from(start.freeze())
        }
        OutBody::Streamed(chunks) => {
            // Frames until the body's end or its failure, which ends it too.
            let frames = futures::stream::unfold(Some(chunks), |chunks| async move {
                let mut chunks = chunks?;
                Some(match chunks.next().await {
                    Some(Ok(bytes)) => (chunk_frame(CHUNK, &bytes), Some(chunks)),
                    Some(Err(err)) => (chunk_frame(FAILURE, err.to_string().as_bytes()), None),
                    None => (Bytes::from_static(&[END]), None),
                })
            });
            let message = futures::stream::once(async move { start.freeze() }).chain(frames);
            Body::from_stream(message.map(Ok::<_, std::convert::Infallible>))
        }
    }
}

fn chunk_frame(kind: u8, bytes: &[u8]) -> Bytes {
    let mut frame = BytesMut::with_capacity(5 + bytes.len());
    frame.extend_from_slice(&[kind]);
    frame.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    frame.extend_from_slice(bytes);
    frame.freeze()
}

/// Reads a message from an HTTP body as it arrives: its head, then its body
/// whole or chunk by chunk.
pub(super) struct Incoming<B> {
    body: B,
    buffer: BytesMut,
}

/// Why a body did not come to its end.
#[derive(Debug, PartialEq)]
pub(super) enum Unfinished {
    /// Its sender's stream failed, in its words.
    Failed(String),
    /// The connection broke, or the message is not one.
    Broken(String),
}

impl Unfinished {
    fn into_message(self) -> String {
        match self {
            Unfinished::Failed(message) | Unfinished::Broken(message) => message,
        }
    }
}

/// What is wrong with a message that is not one.
fn malformed() -> String {
    "a malformed call between worker processes".to_string()
}

impl<B> Incoming<B>
where
    B: hyper::body::Body<Data = Bytes> + Unpin + Send + 'static,
    B::Error: Display,
{
    pub(super) fn new(body: B) -> Incoming<B> {
        Incoming { body, buffer: BytesMut::new() }
    }

    /// Reads until `length` bytes are buffered.
    async fn fill(&mut self, length: usize) -> Result<(), String> {
        while self.buffer.len() < length {
            match self.body.frame().await {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.buffer.extend_from_slice(&data);
                    }
                }
                Some(Err(err)) => return Err(format!("the connection broke: {err}")),
                None => return Err("the connection ended before the message did".to_string()),
            }
        }
        Ok(())
    }

    async fn length(&mut self) -> Result<usize, String> {
        self.fill(4).await?;
        Ok(self.buffer.get_u32() as usize)
    }

    pub(super) async fn head<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, String> {
        let length = self.length().await?;
        self.fill(length).await?;
        let json = self.buffer.split_to(length);
        serde_json::from_slice(&json).map_err(|err| format!("{}: {err}", malformed()))
    }

    /// The body's next chunk; `None` at its end.
    pub(super) async fn chunk(&mut self) -> Result<Option<Bytes>, Unfinished> {
        loop {
            self.fill(1).await.map_err(Unfinished::Broken)?;
            let kind = self.buffer.get_u8();
            if kind == END {
                return Ok(None);
            }
            let length = self.length().await.map_err(Unfinished::Broken)?;
            self.fill(length).await.map_err(Unfinished::Broken)?;
            let bytes = self.buffer.split_to(length).freeze();
            match kind {
                CHUNK if bytes.is_empty() => continue,
                CHUNK => return Ok(Some(bytes)),
                FAILURE => return Err(Unfinished::Failed(String::from_utf8_lossy(&bytes).into_owned())),
                _ => return Err(Unfinished::Broken(malformed())),
            }
        }
    }

    /// The whole body.
    pub(super) async fn whole(mut self) -> Result<Bytes, String> {
        let mut whole = BytesMut::new();
        while let Some(chunk) = self.chunk().await.map_err(Unfinished::into_message)? {
            whole.extend_from_slice(&chunk);
        }
        Ok(whole.freeze())
    }

    /// The body as it comes: its sender's failure as the sender gave it, a
    /// broken connection as `broken` says it (for the reader).
    pub(super) fn streamed(self, broken: impl Fn(String) -> String + Send + 'static) -> BodyStream {
        let chunks = futures::stream::unfold(Some((self, broken)), |state| async move {
            let (mut incoming, broken) = state?;
            let failed = match incoming.chunk().await {
                Ok(Some(bytes)) => return Some((Ok(bytes), Some((incoming, broken)))),
                Ok(None) => return None,
                Err(Unfinished::Failed(message)) => message,
                Err(Unfinished::Broken(why)) => broken(why),
            };
            Some((Err(std::io::Error::other(failed)), None))
        });
        Box::pin(chunks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read_back(body: Body) -> (serde_json::Value, Result<Bytes, String>) {
        let mut incoming = Incoming::new(body);
        let head = incoming.head().await.unwrap();
        (head, incoming.whole().await)
    }

    #[tokio::test]
    async fn a_message_keeps_its_head_and_body_whole_or_streamed() {
        let head = serde_json::json!({ "status": 201, "bytes": "caf\u{e9}" });
        let whole = read_back(message(&head, OutBody::Whole(Bytes::from_static(b"body")))).await;
        assert_eq!(whole, (head.clone(), Ok(Bytes::from_static(b"body"))));
        let empty = read_back(message(&head, OutBody::Whole(Bytes::new()))).await;
        assert_eq!(empty.1, Ok(Bytes::new()));
        let parts = [Ok(Bytes::from_static(b"a")), Ok(Bytes::new()), Ok(Bytes::from(vec![7; 70_000]))];
        let streamed = read_back(message(&head, OutBody::Streamed(Box::pin(futures::stream::iter(parts))))).await;
        assert_eq!(streamed.1.unwrap().len(), 70_001);
    }

    #[tokio::test]
    async fn a_failure_and_a_broken_message_are_errors() {
        let parts = [Ok(Bytes::from_static(b"before")), Err(std::io::Error::other("broke mid-way"))];
        let failed = message(&serde_json::json!({}), OutBody::Streamed(Box::pin(futures::stream::iter(parts))));
        let mut incoming = Incoming::new(failed);
        incoming.head::<serde_json::Value>().await.unwrap();
        assert_eq!(incoming.chunk().await, Ok(Some(Bytes::from_static(b"before"))));
        assert_eq!(incoming.chunk().await, Err(Unfinished::Failed("broke mid-way".to_string())));
        // Cut short: no end frame.
        let cut = Body::from(Bytes::from_static(b"\0\0\0\x02{}\0\0\0\0\x05abc"));
        let (_, body) = read_back(cut).await;
        assert!(body.unwrap_err().contains("ended before the message did"));
        let not_json = Body::from(Bytes::from_static(b"\0\0\0\x02{x\x02"));
        assert!(Incoming::new(not_json).head::<serde_json::Value>().await.unwrap_err().contains("malformed"));
    }
}
