//! Workers Analytics Engine: `env.DATASET.writeDataPoint()` rows, kept in a
//! local SQLite file (`<analytics dir>/analytics.sqlite`), one table a dataset
//! with Analytics Engine's columns (`timestamp`, `index1`, `blob1`..`blob20`,
//! `double1`..`double20`, `_sample_interval`), so `worky analytics query` can
//! answer SQL over them as Cloudflare's SQL API does over its datasets. The
//! file is a D1 database underneath (runtime/d1.rs): the same SQLite handling.

use std::path::Path;

use super::d1::{D1Store, Statement};
use super::objects::storage::{SqlValue, StorageError};

/// The file's name in its directory (and the database `worky analytics query` reads).
pub const DATABASE: &str = "analytics";

/// Blobs and doubles a data point may have.
pub const MEMBERS: usize = 20;

/// One data point, checked (runtime_js/22_analytics.js): at most 20 blobs (a
/// text or bytes each, or none) and 20 doubles, and an index.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DataPoint {
    #[serde(default)]
    pub index: Option<Blob>,
    #[serde(default)]
    pub blobs: Vec<Option<Blob>>,
    #[serde(default)]
    pub doubles: Vec<f64>,
}

/// A blob as given: a string, or bytes.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
pub enum Blob {
    Text(String),
    Bytes(Vec<u8>),
}

impl Blob {
    fn value(&self) -> SqlValue {
        match self {
            Blob::Text(text) => SqlValue::Text(text.clone()),
            Blob::Bytes(bytes) => SqlValue::Blob(bytes.clone()),
        }
    }
}

/// The host's Analytics Engine data, opened on first write.
pub struct AnalyticsStore {
    d1: D1Store,
}

impl AnalyticsStore {
    pub fn new(dir: &Path) -> AnalyticsStore {
        AnalyticsStore { d1: D1Store::new(dir) }
    }

    /// Appends `point` to `dataset`'s table (made on its first point). Blobs not
    /// given are empty and doubles 0, as Analytics Engine stores them.
    pub fn write(&self, dataset: &str, point: &DataPoint) -> Result<(), StorageError> {
        let table = format!("\"{}\"", dataset.replace('"', "\"\""));
        let blobs = (1..=MEMBERS).map(|n| format!("blob{n} BLOB NOT NULL DEFAULT ''")).collect::<Vec<_>>().join(", ");
        let doubles =
            (1..=MEMBERS).map(|n| format!("double{n} REAL NOT NULL DEFAULT 0")).collect::<Vec<_>>().join(", ");
        let create = format!(
            "CREATE TABLE IF NOT EXISTS {table} (timestamp TEXT NOT NULL, _sample_interval INTEGER NOT NULL DEFAULT 1, \
             index1 BLOB NOT NULL DEFAULT '', {blobs}, {doubles})"
        );
        let mut columns = vec!["timestamp".to_string(), "index1".to_string()];
        let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S%.3f").to_string();
        let mut params =
            vec![SqlValue::Text(now), point.index.as_ref().map_or(SqlValue::Text(String::new()), Blob::value)];
        for (n, blob) in point.blobs.iter().enumerate() {
            if let Some(blob) = blob {
                columns.push(format!("blob{}", n + 1));
                params.push(blob.value());
            }
        }
        for (n, double) in point.doubles.iter().enumerate() {
            columns.push(format!("double{}", n + 1));
            params.push(SqlValue::Real(*double));
        }
        let marks = vec!["?"; params.len()].join(", ");
        let insert = format!("INSERT INTO {table} ({}) VALUES ({marks})", columns.join(", "));
        let statements = [Statement { sql: create, params: Vec::new() }, Statement { sql: insert, params }];
        self.d1.batch(DATABASE, &statements).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_lands_in_its_datasets_table_with_analytics_engines_columns() {
        let dir = tempfile::tempdir().unwrap();
        let store = AnalyticsStore::new(dir.path());
        let point = DataPoint {
            index: Some(Blob::Text("user-1".into())),
            blobs: vec![Some(Blob::Text("GET".into())), None, Some(Blob::Bytes(vec![1, 2]))],
            doubles: vec![200.0, 1.5],
        };
        store.write("requests", &point).unwrap();
        store.write("requests", &DataPoint::default()).unwrap();
        let d1 = D1Store::new(dir.path());
        let outcome = d1
            .script(
                DATABASE,
                "SELECT index1, blob1, blob2, blob3, double1, double2, double3 FROM requests ORDER BY rowid",
            )
            .unwrap();
        assert_eq!(
            outcome.rows[0],
            [
                SqlValue::Text("user-1".into()),
                SqlValue::Text("GET".into()),
                SqlValue::Text(String::new()),
                SqlValue::Blob(vec![1, 2]),
                SqlValue::Number(200.0),
                SqlValue::Number(1.5),
                SqlValue::Number(0.0)
            ]
        );
        assert_eq!(outcome.rows[1][0], SqlValue::Text(String::new()));
    }
}
