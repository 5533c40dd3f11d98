//! Secrets for served workers (`worky secret put NAME --deployment D`): kept
//! sealed at rest, AES-256-GCM with the deployment and the name as associated
//! data (a sealed value cannot be moved to another name or deployment), in the
//! deployment's state directory (`secrets.json`, read afresh for every use, so
//! worker processes never hold a stale copy); the key is `WORKY_SECRETS_KEY`
//! (base64 of 32 bytes) or the host's `<state_dir>/secrets.key`, made with
//! mode 0600 on first start. A worker sees its secrets only in `env`; values
//! are never logged, and the admin API lists names only.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};

/// The environment variable that gives the key instead of the key file.
pub const KEY_ENV: &str = "WORKY_SECRETS_KEY";
/// Cloudflare's limit on one secret's value.
pub const MAX_VALUE_BYTES: usize = 5 * 1024;
const MAX_NAME_BYTES: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("secret names are letters, digits and _, not starting with a digit (as environment variables): {0:?}")]
    BadName(String),
    #[error("the secret {name} is {size} bytes; a secret holds at most {MAX_VALUE_BYTES} bytes")]
    TooLarge { name: String, size: usize },
    #[error("{KEY_ENV} must be the base64 of 32 bytes (e.g. `openssl rand -base64 32`)")]
    BadKey,
    #[error("cannot use the secrets key {path}: {reason}")]
    KeyFile { path: PathBuf, reason: String },
    #[error("cannot read or write {path}: {reason}")]
    Store { path: PathBuf, reason: String },
    #[error(
        "the secret {name} of {deployment} cannot be opened with this key (another key sealed it, or the file was altered)"
    )]
    Unsealable { deployment: String, name: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Sealed {
    nonce: String,
    value: String,
}

pub struct Secrets {
    cipher: Aes256Gcm,
    /// One change at a time (a read, then the file replaced).
    writing: Mutex<()>,
}

/// Checks a secret's name and value before anything is stored.
pub fn check(name: &str, value: &str) -> Result<(), SecretError> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !first_ok || name.len() > MAX_NAME_BYTES || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(SecretError::BadName(name.to_string()));
    }
    if value.len() > MAX_VALUE_BYTES {
        return Err(SecretError::TooLarge { name: name.to_string(), size: value.len() });
    }
    Ok(())
}

fn file_of(deployment_dir: &Path) -> PathBuf {
    deployment_dir.join("secrets.json")
}

fn store_error(path: &Path, err: &dyn std::fmt::Display) -> SecretError {
    SecretError::Store { path: path.to_path_buf(), reason: err.to_string() }
}

fn read(path: &Path) -> Result<BTreeMap<String, Sealed>, SecretError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|err| store_error(path, &err)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(err) => Err(store_error(path, &err)),
    }
}

/// Replaces the file whole (a temporary file renamed over it).
fn write(path: &Path, sealed: &BTreeMap<String, Sealed>) -> Result<(), SecretError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|err| store_error(path, &err))?;
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|err| store_error(path, &err))?;
    let text = serde_json::to_vec_pretty(sealed).map_err(|err| store_error(path, &err))?;
    file.write_all(&text).and_then(|()| file.as_file().sync_all()).map_err(|err| store_error(path, &err))?;
    file.persist(path).map_err(|err| store_error(path, &err.error))?;
    Ok(())
}

impl Secrets {
    /// The secrets of the host whose state is in `state_dir` (its key).
    pub fn open(state_dir: &Path) -> Result<Secrets, SecretError> {
        let cipher = Aes256Gcm::new_from_slice(&key(state_dir)?).map_err(|_| SecretError::BadKey)?;
        Ok(Secrets { cipher, writing: Mutex::new(()) })
    }

    /// Seals `value` as `name` of `deployment`, whose state is in `dir`.
    pub fn put(&self, dir: &Path, deployment: &str, name: &str, value: &str) -> Result<(), SecretError> {
        check(name, value)?;
        let nonce: [u8; 12] = rand::random();
        let aad = associated(deployment, name);
        let ciphertext = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: value.as_bytes(), aad: &aad })
            .map_err(|_| SecretError::BadKey)?;
        let _writing = self.writing.lock().expect("secrets lock");
        let path = file_of(dir);
        let mut sealed = read(&path)?;
        sealed.insert(name.to_string(), Sealed { nonce: BASE64.encode(nonce), value: BASE64.encode(ciphertext) });
        write(&path, &sealed)
    }

    /// Removes a secret; whether it was there.
    pub fn delete(&self, dir: &Path, name: &str) -> Result<bool, SecretError> {
        let _writing = self.writing.lock().expect("secrets lock");
        let path = file_of(dir);
        let mut sealed = read(&path)?;
        let removed = sealed.remove(name).is_some();
        if removed {
            write(&path, &sealed)?;
        }
        Ok(removed)
    }

    pub fn names(&self, dir: &Path) -> Result<Vec<String>, SecretError> {
        Ok(read(&file_of(dir))?.into_keys().collect())
    }

    /// The deployment's secrets, opened, for its `env`.
    pub fn values(&self, dir: &Path, deployment: &str) -> Result<BTreeMap<String, String>, SecretError> {
        let unsealable =
            |name: &str| SecretError::Unsealable { deployment: deployment.to_string(), name: name.to_string() };
        read(&file_of(dir))?
            .into_iter()
            .map(|(name, entry)| {
                let nonce = BASE64.decode(&entry.nonce).map_err(|_| unsealable(&name))?;
                let ciphertext = BASE64.decode(&entry.value).map_err(|_| unsealable(&name))?;
                if nonce.len() != 12 {
                    return Err(unsealable(&name));
                }
                let aad = associated(deployment, &name);
                let plain = self
                    .cipher
                    .decrypt(Nonce::from_slice(&nonce), Payload { msg: &ciphertext, aad: &aad })
                    .map_err(|_| unsealable(&name))?;
                let value = String::from_utf8(plain).map_err(|_| unsealable(&name))?;
                Ok((name, value))
            })
            .collect()
    }
}

fn associated(deployment: &str, name: &str) -> Vec<u8> {
    format!("worky-secret\0{deployment}\0{name}").into_bytes()
}

/// The key: from the environment, or the key file (made, 0600, on first use).
fn key(state_dir: &Path) -> Result<Vec<u8>, SecretError> {
    if let Ok(given) = std::env::var(KEY_ENV) {
        let key = BASE64.decode(given.trim()).map_err(|_| SecretError::BadKey)?;
        return if key.len() == 32 { Ok(key) } else { Err(SecretError::BadKey) };
    }
    let path = state_dir.join("secrets.key");
    let failed =
        |reason: &dyn std::fmt::Display| SecretError::KeyFile { path: path.clone(), reason: reason.to_string() };
    match std::fs::read(&path) {
        Ok(key) if key.len() == 32 => return Ok(key),
        Ok(key) => return Err(failed(&format!("it holds {} bytes, not 32", key.len()))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(failed(&err)),
    }
    std::fs::create_dir_all(state_dir).map_err(|err| failed(&err))?;
    let key: [u8; 32] = rand::random();
    // Written under a temporary name and linked into place: a worker process
    // starting beside this one reads a whole key or makes none.
    let mut file = tempfile::Builder::new()
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(state_dir)
        .map_err(|err| failed(&err))?;
    file.write_all(&key).and_then(|()| file.as_file().sync_all()).map_err(|err| failed(&err))?;
    match file.persist_noclobber(&path) {
        Ok(_) => Ok(key.to_vec()),
        Err(err) if err.error.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::read(&path).map_err(|err| failed(&err))
        }
        Err(err) => Err(failed(&err.error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_under_their_own_name_and_key() {
        let host = tempfile::tempdir().unwrap();
        let shop = host.path().join("shop");
        let secrets = Secrets::open(host.path()).unwrap();
        secrets.put(&shop, "shop", "API_KEY", "s3cr3t").unwrap();
        assert_eq!(secrets.values(&shop, "shop").unwrap()["API_KEY"], "s3cr3t");
        assert_eq!(secrets.names(&shop).unwrap(), ["API_KEY"]);
        assert!(secrets.values(&host.path().join("other"), "other").unwrap().is_empty());
        let file = std::fs::read_to_string(shop.join("secrets.json")).unwrap();
        assert!(!file.contains("s3cr3t"), "{file}");
        let mode = std::fs::metadata(host.path().join("secrets.key")).unwrap().permissions();
        assert_eq!(mode.mode() & 0o777, 0o600);
        // Moved to another name, or opened as another deployment's, the value does not open.
        assert!(matches!(secrets.values(&shop, "other"), Err(SecretError::Unsealable { .. })));
        std::fs::write(shop.join("secrets.json"), file.replace("API_KEY", "OTHER_KEY")).unwrap();
        let reopened = Secrets::open(host.path()).unwrap();
        assert!(matches!(reopened.values(&shop, "shop"), Err(SecretError::Unsealable { .. })));
        assert!(reopened.delete(&shop, "OTHER_KEY").unwrap());
        assert!(!reopened.delete(&shop, "OTHER_KEY").unwrap());
    }

    #[test]
    fn names_and_sizes_are_checked() {
        assert!(check("API_KEY", "x").is_ok());
        assert!(check("_private1", "x").is_ok());
        for bad in ["", "1ABC", "A-B", "A B", "é"] {
            assert!(matches!(check(bad, "x"), Err(SecretError::BadName(_))), "{bad}");
        }
        assert!(check("BIG", &"x".repeat(MAX_VALUE_BYTES)).is_ok());
        assert!(matches!(check("BIG", &"x".repeat(MAX_VALUE_BYTES + 1)), Err(SecretError::TooLarge { .. })));
    }
}
