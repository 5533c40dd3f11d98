//! A state directory's record of its Durable Object namespaces
//! (`objects/namespaces.json`): the namespace each class's objects are in,
//! and the names retired with classes that were deleted.
//!
//! Cloudflare remembers a rename: once an `exports` tombstone has renamed a
//! class, the tombstone may go and the class keeps its objects. worky keeps
//! them the same way. Where a version's config says a class's namespace (its
//! migrations, a tombstone), that is recorded; where it does not, the record
//! answers. A class the record has never seen gets its own name, or `Name@2`
//! when that name is taken or retired: a class made again starts empty, as a
//! new namespace does.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use super::storage::StorageError;
use crate::bundle::{DurableObjectBinding, namespace_names};

const RECORD_FILE: &str = "namespaces.json";

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Record {
    /// class -> namespace, for every class a version here has had.
    classes: BTreeMap<String, String>,
    /// Namespaces of deleted classes: no class gets them again.
    retired: BTreeSet<String>,
}

impl Record {
    /// A namespace for a class with none yet: its own name if free.
    fn fresh(&self, class: &str) -> String {
        let taken = |name: &String| self.retired.contains(name) || self.classes.values().any(|used| used == name);
        namespace_names(class).find(|name| !taken(name)).expect("some name is free")
    }
}

/// Gives each of this worker's own classes in `bindings` its namespace (the
/// config's, or the record's), retires the namespaces of the classes in
/// `gone`, and records it all in `objects_dir`.
pub fn settle(objects_dir: &Path, bindings: &mut [DurableObjectBinding], gone: &[String]) -> Result<(), StorageError> {
    let path = objects_dir.join(RECORD_FILE);
    let mut record = read(&path)?;
    let before = record.clone();
    for class in gone {
        let namespace = record.classes.remove(class).unwrap_or_else(|| class.clone());
        record.retired.insert(namespace);
    }
    for binding in bindings.iter_mut().filter(|binding| binding.script_name.is_none()) {
        let namespace = match &binding.namespace {
            Some(namespace) => namespace.clone(),
            None => {
                let known = record.classes.get(&binding.class_name).cloned();
                known.unwrap_or_else(|| record.fresh(&binding.class_name))
            }
        };
        binding.namespace = Some(namespace.clone()).filter(|namespace| *namespace != binding.class_name);
        // A namespace is one class's: the class it was renamed from has it no more.
        record.classes.retain(|class, used| *used != namespace || *class == binding.class_name);
        record.classes.insert(binding.class_name.clone(), namespace);
    }
    if record != before {
        write(objects_dir, &path, &record)?;
    }
    Ok(())
}

fn read(path: &Path) -> Result<Record, StorageError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|err| StorageError(format!("{} is not a namespace record: {err}", path.display()))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Record::default()),
        Err(err) => Err(StorageError(format!("cannot read {}: {err}", path.display()))),
    }
}

/// Written whole and renamed over the old one, so a crash leaves one or the other.
fn write(dir: &Path, path: &Path, record: &Record) -> Result<(), StorageError> {
    let failed = |err: std::io::Error| StorageError(format!("cannot write {}: {err}", path.display()));
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
    let json = serde_json::to_vec_pretty(record).expect("a record serializes");
    file.write_all(&json).and_then(|()| file.as_file().sync_all()).map_err(failed)?;
    file.persist(path).map_err(|err| failed(err.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(class: &str, namespace: Option<&str>) -> DurableObjectBinding {
        DurableObjectBinding {
            name: String::new(),
            class_name: class.into(),
            sqlite: true,
            namespace: namespace.map(str::to_string),
            script_name: None,
        }
    }

    /// The namespace each class gets in a state directory, version after version.
    fn settled(dir: &Path, classes: &[(&str, Option<&str>)], gone: &[&str]) -> Vec<String> {
        let mut bindings: Vec<_> = classes.iter().map(|(class, namespace)| binding(class, *namespace)).collect();
        let gone: Vec<String> = gone.iter().map(|class| class.to_string()).collect();
        settle(dir, &mut bindings, &gone).unwrap();
        bindings.iter().map(|binding| binding.namespace_name().to_string()).collect()
    }

    #[test]
    fn a_rename_outlives_its_tombstone_and_a_deleted_class_comes_back_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(settled(dir.path(), &[("ChatRoom", None)], &[]), ["ChatRoom"]);
        // The tombstone says Room's objects are ChatRoom's...
        assert_eq!(settled(dir.path(), &[("Room", Some("ChatRoom"))], &[]), ["ChatRoom"]);
        // ...and once it is gone, the record does; a new ChatRoom is a new namespace.
        assert_eq!(settled(dir.path(), &[("Room", None), ("ChatRoom", None)], &[]), ["ChatRoom", "ChatRoom@2"]);
        // Deleted, then made again: empty.
        assert_eq!(settled(dir.path(), &[("Room", None)], &["ChatRoom"]), ["ChatRoom"]);
        assert_eq!(settled(dir.path(), &[], &["Room"]), Vec::<String>::new());
        assert_eq!(settled(dir.path(), &[("Room", None)], &[]), ["Room"]);
        assert_eq!(settled(dir.path(), &[("ChatRoom", None)], &[]), ["ChatRoom@3"]);
    }

    #[test]
    fn a_record_that_is_not_one_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(RECORD_FILE), "{").unwrap();
        let err = settle(dir.path(), &mut [binding("A", None)], &[]).unwrap_err();
        assert!(err.0.contains("namespaces.json is not a namespace record"), "{}", err.0);
    }
}
