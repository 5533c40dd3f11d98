//! R2 buckets: `env.BUCKET` on a local SQLite file per bucket
//! (`<r2 dir>/<bucket>.sqlite`: each object's bytes and metadata in one row),
//! shared by every isolate of a host. What the objects look like to a worker
//! (runtime_js/20_r2.js) follows Cloudflare's R2 as miniflare answers
//! (tests/workerd/r2.js): the etag is the MD5 of the bytes, the version a
//! fresh random id per put, keys list in UTF-8 byte order. A multipart upload
//! keeps its parts in their own table until `complete` joins them into one
//! object (its etag the MD5 of the parts' MD5s, then `-` and how many).

use std::path::Path;

use md5::{Digest, Md5};
use rusqlite::{Connection, OptionalExtension, params};

use super::sqlite_files::{Shared, SqliteFiles};

/// An object's metadata, as stored and as JS gets it (JSON texts inside).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Meta {
    pub key: String,
    pub size: u64,
    pub etag: String,
    pub version: String,
    /// Milliseconds since the epoch.
    pub uploaded: f64,
    pub http: String,
    pub custom: String,
    pub checksums: String,
}

/// `onlyIf`: HTTP's conditional rules (an etag condition outweighs the date one beside it).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    pub etag_matches: Option<String>,
    pub etag_does_not_match: Option<String>,
    pub uploaded_before: Option<f64>,
    pub uploaded_after: Option<f64>,
}

impl Condition {
    /// Whether an object (`None`: none) satisfies the condition.
    pub fn holds(&self, object: Option<&Meta>) -> bool {
        let Some(object) = object else { return self.etag_matches.is_none() };
        let matches = |etag: &str| etag == "*" || etag == object.etag;
        let first = match (&self.etag_matches, self.uploaded_before) {
            (Some(etag), _) => matches(etag),
            (None, Some(before)) => object.uploaded < before,
            (None, None) => true,
        };
        let second = match (&self.etag_does_not_match, self.uploaded_after) {
            (Some(etag), _) => !matches(etag),
            (None, Some(after)) => object.uploaded > after,
            (None, None) => true,
        };
        first && second
    }
}

/// A failed call; the message is what JS sees.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct R2Error(pub String);

fn failed(err: rusqlite::Error) -> R2Error {
    R2Error(format!("R2 storage failed: {err}"))
}

/// What `list` found: objects and the prefixes grouped by the delimiter, in
/// key order, and the key to continue after when there is more.
#[derive(Debug, Default)]
pub struct Listing {
    pub objects: Vec<Meta>,
    pub prefixes: Vec<String>,
    pub continue_after: Option<String>,
}

/// The smallest a multipart upload's part may be, but the last.
pub const MIN_PART_BYTES: usize = 5 * 1024 * 1024;

/// An upload's states, as stored.
const IN_PROGRESS: i64 = 0;
const COMPLETED: i64 = 1;
const ABORTED: i64 = 2;

fn upload_state(db: &Connection, key: &str, upload_id: &str) -> Result<Option<i64>, R2Error> {
    db.query_row("SELECT state FROM uploads WHERE upload_id = ?1 AND key = ?2", params![upload_id, key], |row| {
        row.get(0)
    })
    .optional()
    .map_err(failed)
}

/// Marks an upload done (completed or aborted) and drops its parts.
fn finish_upload(db: &Connection, upload_id: &str, state: i64) -> Result<(), R2Error> {
    db.execute("DELETE FROM parts WHERE upload_id = ?1", [upload_id]).map_err(failed)?;
    db.execute("UPDATE uploads SET state = ?2 WHERE upload_id = ?1", params![upload_id, state]).map_err(failed)?;
    Ok(())
}

fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as f64)
        .unwrap_or_default()
}

/// An object, and its bytes when a `get`'s condition held.
pub type Found = (Meta, Option<Vec<u8>>);

/// The R2 buckets of one host, opened on first use.
pub struct R2Store {
    files: SqliteFiles,
}

const COLUMNS: &str = "key, length(body), etag, version, uploaded, http, custom, checksums";

fn meta_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<Meta> {
    Ok(Meta {
        key: row.get(0)?,
        size: row.get::<_, i64>(1)? as u64,
        etag: row.get(2)?,
        version: row.get(3)?,
        uploaded: row.get(4)?,
        http: row.get(5)?,
        custom: row.get(6)?,
        checksums: row.get(7)?,
    })
}

impl R2Store {
    pub fn new(dir: &Path) -> R2Store {
        let setup = |db: &Connection| {
            db.execute_batch(
                "CREATE TABLE IF NOT EXISTS objects (key TEXT PRIMARY KEY, body BLOB NOT NULL, etag TEXT NOT NULL,
                   version TEXT NOT NULL, uploaded REAL NOT NULL, http TEXT NOT NULL, custom TEXT NOT NULL,
                   checksums TEXT NOT NULL);
                 CREATE TABLE IF NOT EXISTS uploads (upload_id TEXT PRIMARY KEY, key TEXT NOT NULL, http TEXT NOT NULL,
                   custom TEXT NOT NULL, state INTEGER NOT NULL DEFAULT 0);
                 CREATE TABLE IF NOT EXISTS parts (upload_id TEXT NOT NULL, part_number INTEGER NOT NULL,
                   body BLOB NOT NULL, etag TEXT NOT NULL, md5 BLOB NOT NULL, PRIMARY KEY (upload_id, part_number));",
            )
        };
        R2Store { files: SqliteFiles::new(dir, setup) }
    }

    fn bucket(&self, bucket: &str) -> Result<Shared, R2Error> {
        self.files.get(bucket).map_err(R2Error)
    }

    fn head_in(db: &Connection, key: &str) -> Result<Option<Meta>, R2Error> {
        db.query_row(&format!("SELECT {COLUMNS} FROM objects WHERE key = ?1"), [key], meta_of)
            .optional()
            .map_err(failed)
    }

    pub fn head(&self, bucket: &str, key: &str) -> Result<Option<Meta>, R2Error> {
        let bucket = self.bucket(bucket)?;
        let db = bucket.lock().expect("r2 bucket lock");
        R2Store::head_in(&db, key)
    }

    /// Stores an object unless `condition` fails on what is there (`None`
    /// then); `md5`, when given, must be the bytes' digest.
    #[allow(clippy::too_many_arguments)]
    pub fn put(
        &self,
        bucket: &str,
        key: &str,
        body: &[u8],
        http: &str,
        custom: &str,
        checksums: serde_json::Map<String, serde_json::Value>,
        condition: Option<&Condition>,
    ) -> Result<Option<Meta>, R2Error> {
        let etag = hex::encode(Md5::digest(body));
        if let Some(given) = checksums.get("md5").and_then(|md5| md5.as_str())
            && given != etag
        {
            return Err(R2Error(format!(
                "put: The MD5 checksum you specified did not match what we received.\nYou provided a MD5 \
                 checksum with value: {given}\nActual MD5 was: {etag} (10037)"
            )));
        }
        let mut checksums = checksums;
        checksums.insert("md5".into(), serde_json::Value::String(etag.clone()));
        let bucket = self.bucket(bucket)?;
        let db = bucket.lock().expect("r2 bucket lock");
        if let Some(condition) = condition
            && !condition.holds(R2Store::head_in(&db, key)?.as_ref())
        {
            return Ok(None);
        }
        let version = hex::encode(rand::random::<[u8; 16]>());
        let uploaded = now_ms();
        let checksums = serde_json::Value::Object(checksums).to_string();
        db.execute(
            "INSERT OR REPLACE INTO objects (key, body, etag, version, uploaded, http, custom, checksums)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![key, body, etag, version, uploaded, http, custom, checksums],
        )
        .map_err(failed)?;
        Ok(Some(Meta {
            key: key.to_string(),
            size: body.len() as u64,
            etag,
            version,
            uploaded,
            http: http.to_string(),
            custom: custom.to_string(),
            checksums,
        }))
    }

    /// An object and, when `condition` holds, its bytes.
    pub fn get(&self, bucket: &str, key: &str, condition: Option<&Condition>) -> Result<Option<Found>, R2Error> {
        let bucket = self.bucket(bucket)?;
        let db = bucket.lock().expect("r2 bucket lock");
        let Some(meta) = R2Store::head_in(&db, key)? else { return Ok(None) };
        if condition.is_some_and(|condition| !condition.holds(Some(&meta))) {
            return Ok(Some((meta, None)));
        }
        let body: Vec<u8> =
            db.query_row("SELECT body FROM objects WHERE key = ?1", [key], |row| row.get(0)).map_err(failed)?;
        Ok(Some((meta, Some(body))))
    }

    pub fn delete(&self, bucket: &str, keys: &[String]) -> Result<(), R2Error> {
        let bucket = self.bucket(bucket)?;
        let db = bucket.lock().expect("r2 bucket lock");
        for key in keys {
            db.execute("DELETE FROM objects WHERE key = ?1", [key]).map_err(failed)?;
        }
        Ok(())
    }

    /// Starts a multipart upload of `key`; answers its id.
    pub fn create_upload(&self, bucket: &str, key: &str, http: &str, custom: &str) -> Result<String, R2Error> {
        let bucket = self.bucket(bucket)?;
        let db = bucket.lock().expect("r2 bucket lock");
        let upload_id = hex::encode(rand::random::<[u8; 32]>());
        db.execute(
            "INSERT INTO uploads (upload_id, key, http, custom) VALUES (?1, ?2, ?3, ?4)",
            params![upload_id, key, http, custom],
        )
        .map_err(failed)?;
        Ok(upload_id)
    }

    /// Stores (or replaces) one part of an upload in progress; answers its etag.
    pub fn upload_part(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        part_number: u32,
        body: &[u8],
    ) -> Result<String, R2Error> {
        let bucket = self.bucket(bucket)?;
        let db = bucket.lock().expect("r2 bucket lock");
        if upload_state(&db, key, upload_id)? != Some(IN_PROGRESS) {
            return Err(R2Error("uploadPart: The specified multipart upload does not exist. (10024)".into()));
        }
        let etag = hex::encode(rand::random::<[u8; 16]>());
        db.execute(
            "INSERT OR REPLACE INTO parts (upload_id, part_number, body, etag, md5) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![upload_id, part_number, body, etag, Md5::digest(body).to_vec()],
        )
        .map_err(failed)?;
        Ok(etag)
    }

    /// Joins the `parts` named ((number, etag) each) into the object, by R2's
    /// rules: every part but the last at least 5 MiB and all of one size, the
    /// last no larger; the upload's other parts are dropped.
    pub fn complete_upload(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        parts: &[(u32, String)],
    ) -> Result<Meta, R2Error> {
        let refuse = |why: &str| R2Error(format!("completeMultipartUpload: {why}"));
        let internal = || refuse("We encountered an internal error. Please try again. (10001)");
        let bucket = self.bucket(bucket)?;
        let mut db = bucket.lock().expect("r2 bucket lock");
        let transaction = db.transaction().map_err(failed)?;
        let upload: Option<(String, String, i64)> = transaction
            .query_row(
                "SELECT http, custom, state FROM uploads WHERE upload_id = ?1 AND key = ?2",
                params![upload_id, key],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()
            .map_err(failed)?;
        let Some((http, custom, state)) = upload else { return Err(internal()) };
        if state != IN_PROGRESS {
            return Err(refuse("The specified multipart upload does not exist. (10024)"));
        }
        let mut numbers = std::collections::HashSet::new();
        if !parts.iter().all(|(number, _)| numbers.insert(*number)) {
            return Err(internal());
        }
        // (number, size, md5) of each part named, in the order given.
        let mut chosen: Vec<(u32, usize, Vec<u8>)> = Vec::with_capacity(parts.len());
        for (number, etag) in parts {
            let found: Option<(usize, Vec<u8>)> = transaction
                .query_row(
                    "SELECT length(body), md5 FROM parts WHERE upload_id = ?1 AND part_number = ?2 AND etag = ?3",
                    params![upload_id, number, etag],
                    |row| Ok((row.get::<_, i64>(0)? as usize, row.get(1)?)),
                )
                .optional()
                .map_err(failed)?;
            let (size, md5) =
                found.ok_or_else(|| refuse("One or more of the specified parts could not be found. (10025)"))?;
            chosen.push((*number, size, md5));
        }
        if chosen.iter().rev().skip(1).any(|(_, size, _)| *size < MIN_PART_BYTES) {
            return Err(refuse("Your proposed upload is smaller than the minimum allowed object size. (10011)"));
        }
        chosen.sort_by_key(|(number, _, _)| *number);
        let bad = || refuse("There was a problem with the multipart upload. (10048)");
        if let Some(((_, size, _), rest)) = chosen.split_first().filter(|_| chosen.len() > 1) {
            let (last, middle) = rest.split_last().expect("two parts or more");
            if *size < MIN_PART_BYTES || middle.iter().any(|(_, other, _)| other != size) || last.1 > *size {
                return Err(bad());
            }
        }
        let mut body = Vec::with_capacity(chosen.iter().map(|(_, size, _)| size).sum());
        let mut digests = Vec::with_capacity(chosen.len() * 16);
        for (number, _, md5) in &chosen {
            let part: Vec<u8> = transaction
                .query_row(
                    "SELECT body FROM parts WHERE upload_id = ?1 AND part_number = ?2",
                    params![upload_id, number],
                    |row| row.get(0),
                )
                .map_err(failed)?;
            body.extend_from_slice(&part);
            digests.extend_from_slice(md5);
        }
        let meta = Meta {
            key: key.to_string(),
            size: body.len() as u64,
            etag: format!("{}-{}", hex::encode(Md5::digest(&digests)), chosen.len()),
            version: hex::encode(rand::random::<[u8; 16]>()),
            uploaded: now_ms(),
            http,
            custom,
            checksums: "{}".into(),
        };
        transaction
            .execute(
                "INSERT OR REPLACE INTO objects (key, body, etag, version, uploaded, http, custom, checksums)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![key, body, meta.etag, meta.version, meta.uploaded, meta.http, meta.custom, meta.checksums],
            )
            .map_err(failed)?;
        finish_upload(&transaction, upload_id, COMPLETED)?;
        transaction.commit().map_err(failed)?;
        Ok(meta)
    }

    /// Drops an upload's parts; an upload already finished is left as it is.
    pub fn abort_upload(&self, bucket: &str, key: &str, upload_id: &str) -> Result<(), R2Error> {
        let bucket = self.bucket(bucket)?;
        let db = bucket.lock().expect("r2 bucket lock");
        match upload_state(&db, key, upload_id)? {
            None => {
                Err(R2Error("abortMultipartUpload: We encountered an internal error. Please try again. (10001)".into()))
            }
            Some(IN_PROGRESS) => finish_upload(&db, upload_id, ABORTED),
            Some(_) => Ok(()),
        }
    }

    /// Up to `limit` entries (objects, and prefixes grouped by `delimiter`, each
    /// counting one) after `start_after`, with `prefix`, in UTF-8 byte order.
    pub fn list(
        &self,
        bucket: &str,
        prefix: &str,
        start_after: &str,
        delimiter: Option<&str>,
        limit: usize,
    ) -> Result<Listing, R2Error> {
        let bucket = self.bucket(bucket)?;
        let db = bucket.lock().expect("r2 bucket lock");
        let mut statement =
            db.prepare(&format!("SELECT {COLUMNS} FROM objects WHERE key > ?1 ORDER BY key")).map_err(failed)?;
        let rows = statement.query_map([start_after], meta_of).map_err(failed)?;
        let mut listing = Listing::default();
        let mut last: Option<String> = None;
        for row in rows {
            let meta = row.map_err(failed)?;
            let Some(rest) = meta.key.strip_prefix(prefix) else { continue };
            let group = delimiter.filter(|delimiter| !delimiter.is_empty()).and_then(|delimiter| {
                rest.find(delimiter).map(|at| format!("{prefix}{}", &rest[..at + delimiter.len()]))
            });
            if let Some(group) = &group
                && listing.prefixes.last() == Some(group)
            {
                last = Some(meta.key.clone());
                continue;
            }
            if listing.objects.len() + listing.prefixes.len() == limit {
                listing.continue_after = last;
                return Ok(listing);
            }
            last = Some(meta.key.clone());
            match group {
                Some(group) => listing.prefixes.push(group),
                None => listing.objects.push(meta),
            }
        }
        Ok(listing)
    }
}
