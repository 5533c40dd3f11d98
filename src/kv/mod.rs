//! KV storage with the Workers KV semantics: the rules (limits, expiration,
//! ordering, cursors) live here, the bytes live behind `KvStore` (SQLite by
//! default, `sqlite.rs`). Store calls block: the runtime calls them from a
//! blocking pool, never on an isolate's thread. `worky kv` (cli/kv.rs) uses the
//! same rules and store.

pub mod sqlite;

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use serde::Serialize;

pub use sqlite::SqliteStore;

pub const MAX_KEY_BYTES: usize = 512;
pub const MAX_VALUE_BYTES: usize = 25 * 1024 * 1024;
pub const MAX_METADATA_BYTES: usize = 1024;
pub const MIN_EXPIRATION_TTL: i64 = 60;
pub const MAX_LIST_KEYS: usize = 1000;
pub const MAX_BULK_KEYS: usize = 100;

/// A stored value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub value: Vec<u8>,
    /// JSON text, at most 1024 bytes.
    pub metadata: Option<String>,
    /// Seconds since the epoch after which the entry is gone.
    pub expiration: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedKey {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration: Option<i64>,
    /// JSON text of the metadata (parsed on the JS side).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListPage {
    pub keys: Vec<ListedKey>,
    pub list_complete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// A KV error. Its text is Workers' own (`KV PUT failed: 414 UTF-8 encoded length
/// of 513 exceeds key length limit of 512.` is `status()` and this `Display`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KvError {
    #[error("Key names must not be empty")]
    EmptyKey,
    #[error("Illegal key name \"{0}\". Please use a different name.")]
    IllegalKey(String),
    #[error("UTF-8 encoded length of {0} exceeds key length limit of {MAX_KEY_BYTES}.")]
    KeyTooLong(usize),
    #[error("Value length of {0} exceeds limit of {MAX_VALUE_BYTES}.")]
    ValueTooLarge(usize),
    #[error("Metadata length of {0} exceeds limit of {MAX_METADATA_BYTES}.")]
    MetadataTooLarge(usize),
    #[error("Invalid expiration_ttl of {0}. Expiration TTL must be at least {MIN_EXPIRATION_TTL}.")]
    TtlTooShort(f64),
    #[error("Invalid expiration of {0}. Expiration times must be at least {MIN_EXPIRATION_TTL} seconds in the future.")]
    ExpirationTooSoon(f64),
    #[error("Invalid key_count_limit of {0}. Please specify an integer greater than 0.")]
    ListLimitTooSmall(f64),
    #[error("Invalid key_count_limit of {0}. Please specify an integer less than {MAX_LIST_KEYS}.")]
    ListLimitTooLarge(f64),
    #[error("Invalid cursor \"{0}\"")]
    InvalidCursor(String),
    #[error("You can request a maximum of {MAX_BULK_KEYS} keys")]
    TooManyKeys,
    #[error(
        "the KV state file {} is corrupt or not a SQLite database ({detail}); move it away or delete it \
         to start with an empty store",
        path.display()
    )]
    Corrupt { path: std::path::PathBuf, detail: String },
    #[error(
        "the KV state file {} is locked by another process ({detail}); is another worky using the same state?",
        path.display()
    )]
    Locked { path: std::path::PathBuf, detail: String },
    #[error("cannot open the KV state file {} for writing ({detail})", path.display())]
    CannotOpen { path: std::path::PathBuf, detail: String },
    #[error("KV storage error in {}: {detail}", path.display())]
    Storage { path: std::path::PathBuf, detail: String },
    /// The store could not run at all (its directory, its writer thread).
    #[error("{0}")]
    Unavailable(String),
}

impl KvError {
    /// The HTTP-like status Workers reports with the message.
    pub fn status(&self) -> u16 {
        match self {
            KvError::KeyTooLong(_) => 414,
            KvError::ValueTooLarge(_) | KvError::MetadataTooLarge(_) => 413,
            KvError::Corrupt { .. }
            | KvError::Locked { .. }
            | KvError::CannotOpen { .. }
            | KvError::Storage { .. }
            | KvError::Unavailable(_) => 500,
            _ => 400,
        }
    }
}

pub type KvResult<T> = Result<T, KvError>;

/// Where KV data lives. Namespaces are separate key spaces in one store.
pub trait KvStore: Send + Sync {
    /// The entry, unless missing or expired.
    fn get(&self, namespace: &str, key: &str) -> KvResult<Option<Entry>>;
    /// Durable when it returns.
    fn put(&self, namespace: &str, key: &str, entry: Entry) -> KvResult<()>;
    fn delete(&self, namespace: &str, key: &str) -> KvResult<()>;
    /// Up to `limit` live keys with `prefix`, after `start_after`, in key byte order;
    /// one more than asked tells whether the listing is complete.
    fn list(&self, namespace: &str, prefix: &str, start_after: Option<&str>, limit: usize) -> KvResult<Vec<ListedKey>>;
}

pub fn now_seconds() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

pub fn validate_key(key: &str) -> KvResult<()> {
    if key.is_empty() {
        return Err(KvError::EmptyKey);
    }
    if key == "." || key == ".." {
        return Err(KvError::IllegalKey(key.to_string()));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(KvError::KeyTooLong(key.len()));
    }
    Ok(())
}

/// Checks a value and its options; returns the absolute expiration, if any.
pub fn validate_put(
    value_len: usize,
    metadata: Option<&str>,
    expiration: Option<f64>,
    expiration_ttl: Option<f64>,
    now: i64,
) -> KvResult<Option<i64>> {
    if value_len > MAX_VALUE_BYTES {
        return Err(KvError::ValueTooLarge(value_len));
    }
    if let Some(metadata) = metadata
        && metadata.len() > MAX_METADATA_BYTES
    {
        return Err(KvError::MetadataTooLarge(metadata.len()));
    }
    if let Some(ttl) = expiration_ttl {
        if !ttl.is_finite() || (ttl as i64) < MIN_EXPIRATION_TTL {
            return Err(KvError::TtlTooShort(ttl));
        }
        return Ok(Some(now + ttl as i64));
    }
    if let Some(at) = expiration {
        if !at.is_finite() || (at as i64) < now + MIN_EXPIRATION_TTL {
            return Err(KvError::ExpirationTooSoon(at));
        }
        return Ok(Some(at as i64));
    }
    Ok(None)
}

/// `list()`: validates the options, and turns store rows into a page with a cursor.
pub fn list(
    store: &dyn KvStore,
    namespace: &str,
    prefix: &str,
    limit: Option<f64>,
    cursor: Option<&str>,
) -> KvResult<ListPage> {
    let limit = match limit {
        None => MAX_LIST_KEYS,
        Some(limit) if !limit.is_finite() || limit < 1.0 => return Err(KvError::ListLimitTooSmall(limit)),
        Some(limit) if limit > MAX_LIST_KEYS as f64 => return Err(KvError::ListLimitTooLarge(limit)),
        Some(limit) => limit as usize,
    };
    let start_after = match cursor.filter(|c| !c.is_empty()) {
        Some(cursor) => Some(decode_cursor(cursor)?),
        None => None,
    };
    let mut keys = store.list(namespace, prefix, start_after.as_deref(), limit + 1)?;
    let list_complete = keys.len() <= limit;
    keys.truncate(limit);
    // The cursor is the last key returned: keys added later sort before or after
    // it, so the next page neither repeats nor skips keys that existed.
    let cursor = if list_complete { None } else { keys.last().map(|k| encode_cursor(&k.name)) };
    Ok(ListPage { keys, list_complete, cursor })
}

fn encode_cursor(key: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.as_bytes())
}

fn decode_cursor(cursor: &str) -> KvResult<String> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| KvError::InvalidCursor(cursor.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_rules() {
        assert!(validate_key("a").is_ok());
        assert_eq!(validate_key(""), Err(KvError::EmptyKey));
        assert_eq!(validate_key("").unwrap_err().status(), 400);
        let err = validate_key(".").unwrap_err();
        assert_eq!(err, KvError::IllegalKey(".".into()));
        assert_eq!(err.to_string(), "Illegal key name \".\". Please use a different name.");
        assert!(validate_key("..").is_err());
        assert!(validate_key("...").is_ok());
        assert!(validate_key(&"k".repeat(512)).is_ok());
        let err = validate_key(&"k".repeat(513)).unwrap_err();
        assert_eq!(err, KvError::KeyTooLong(513));
        assert_eq!(
            (err.status(), err.to_string().as_str()),
            (414, "UTF-8 encoded length of 513 exceeds key length limit of 512.")
        );
        // Bytes, not characters: 171 three-byte characters are 513 bytes.
        assert_eq!(validate_key(&"\u{20ac}".repeat(171)), Err(KvError::KeyTooLong(513)));
    }

    #[test]
    fn put_rules() {
        let now = 1_000_000;
        assert_eq!(validate_put(10, None, None, None, now), Ok(None));
        let too_large = validate_put(MAX_VALUE_BYTES + 1, None, None, None, now).unwrap_err();
        assert_eq!((too_large.status(), too_large), (413, KvError::ValueTooLarge(MAX_VALUE_BYTES + 1)));
        assert!(validate_put(MAX_VALUE_BYTES, None, None, None, now).is_ok());
        let big = format!("\"{}\"", "m".repeat(1023));
        assert_eq!(validate_put(1, Some(&big), None, None, now), Err(KvError::MetadataTooLarge(1025)));
        assert_eq!(validate_put(1, None, None, Some(60.0), now), Ok(Some(now + 60)));
        assert_eq!(validate_put(1, None, None, Some(59.0), now), Err(KvError::TtlTooShort(59.0)));
        assert_eq!(validate_put(1, None, Some((now + 60) as f64), None, now), Ok(Some(now + 60)));
        let soon = (now + 59) as f64;
        assert_eq!(validate_put(1, None, Some(soon), None, now), Err(KvError::ExpirationTooSoon(soon)));
    }

    #[test]
    fn cursors_round_trip() {
        let key = "users/\u{00e9}/42";
        assert_eq!(decode_cursor(&encode_cursor(key)).unwrap(), key);
        assert_eq!(decode_cursor("!!"), Err(KvError::InvalidCursor("!!".into())));
    }
}
