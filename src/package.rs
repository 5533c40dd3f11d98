//! Packages: a `Bundle` as one signed file, `<name>-<version>.worky`.
//!
//! A package is a tar archive, compressed with zstd, of exactly the bundle's
//! files (`manifest.json`, `worker.js`, `worker.js.map`) plus `signature.json`:
//! the publisher's ed25519 public key and its signature over the sha256 of
//! `manifest.json`. The manifest lists the sha256 and size of every other file,
//! so the signature covers everything. `unpack` checks all of it (and refuses
//! links, paths, unknown or duplicate entries, oversize content) before a
//! single byte of the worker can run.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use base64::Engine as _;
use ed25519_dalek::{Signer, Verifier};
use serde::{Deserialize, Serialize};

use crate::bundle::{Bundle, CODE_FILE, MANIFEST_FILE, MAP_FILE, Manifest, sha256_hex};

pub const EXTENSION: &str = "worky";
pub const SIGNATURE_FILE: &str = "signature.json";
/// Largest package accepted, compressed.
pub const MAX_PACKAGE_BYTES: u64 = 64 << 20;
/// Largest total of the unpacked files (a guard against decompression bombs).
pub const MAX_UNPACKED_BYTES: u64 = 256 << 20;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// `signature.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Signature {
    pub algorithm: String,
    /// Base64 of the 32-byte ed25519 public key.
    pub public_key: String,
    /// What was signed: `sha256:<hex of manifest.json>`.
    pub signed: String,
    /// Base64 of the 64-byte signature over `signed`.
    pub signature: String,
}

/// Why a package was refused; the text is what the registry answers and serve logs.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageError(pub String);

impl std::fmt::Display for PackageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PackageError {}

fn refuse<T>(reason: impl Into<String>) -> Result<T, PackageError> {
    Err(PackageError(reason.into()))
}

/// A publisher's key pair.
pub struct SigningKey(ed25519_dalek::SigningKey);

#[derive(Serialize, Deserialize)]
struct KeyFile {
    algorithm: String,
    public_key: String,
    secret_key: String,
}

impl SigningKey {
    pub fn generate() -> SigningKey {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the OS random source works");
        SigningKey(ed25519_dalek::SigningKey::from_bytes(&secret))
    }

    pub fn public_key(&self) -> String {
        B64.encode(self.0.verifying_key().as_bytes())
    }

    /// Writes the key file, readable by its owner only.
    pub fn save(&self, path: &Path) -> Result<()> {
        let file = KeyFile {
            algorithm: "ed25519".into(),
            public_key: self.public_key(),
            secret_key: B64.encode(self.0.to_bytes()),
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = options.open(path).with_context(|| format!("cannot create {}", path.display()))?;
        std::io::Write::write_all(&mut out, serde_json::to_string_pretty(&file)?.as_bytes())?;
        Ok(())
    }

    pub fn load(path: &Path) -> Result<SigningKey> {
        let text = std::fs::read_to_string(path).with_context(|| {
            format!("cannot read the signing key {}; create one with `worky keygen`", path.display())
        })?;
        let file: KeyFile =
            serde_json::from_str(&text).with_context(|| format!("{} is not a worky key file", path.display()))?;
        let secret: [u8; 32] = B64
            .decode(&file.secret_key)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .with_context(|| format!("{}: secret_key is not a base64 ed25519 key", path.display()))?;
        Ok(SigningKey(ed25519_dalek::SigningKey::from_bytes(&secret)))
    }
}

/// Packs and signs a bundle.
pub fn pack(bundle: &Bundle, key: &SigningKey) -> Result<Vec<u8>> {
    let manifest = bundle.manifest_json()?;
    let signed = format!("sha256:{}", sha256_hex(manifest.as_bytes()));
    let signature = Signature {
        algorithm: "ed25519".into(),
        public_key: key.public_key(),
        signature: B64.encode(key.0.sign(signed.as_bytes()).to_bytes()),
        signed,
    };
    let signature = serde_json::to_string_pretty(&signature)? + "\n";
    let mut archive = tar::Builder::new(Vec::new());
    let files = [
        (MANIFEST_FILE, manifest.as_bytes()),
        (CODE_FILE, bundle.code.as_bytes()),
        (MAP_FILE, bundle.map.as_bytes()),
        (SIGNATURE_FILE, signature.as_bytes()),
    ];
    for (name, bytes) in files {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0); // reproducible: the same bundle and key give the same package
        header.set_entry_type(tar::EntryType::Regular);
        archive.append_data(&mut header, name, bytes)?;
    }
    let tar = archive.into_inner()?;
    Ok(zstd::encode_all(tar.as_slice(), 19)?)
}

/// A package whose every check passed.
#[derive(Debug)]
pub struct Verified {
    pub bundle: Bundle,
    /// The publisher's public key (base64).
    pub publisher: String,
}

/// Unpacks and verifies a package; `trusted` are the accepted publisher keys (base64).
pub fn unpack(package: &[u8], trusted: &[String]) -> Result<Verified, PackageError> {
    if package.len() as u64 > MAX_PACKAGE_BYTES {
        return refuse(format!("package is {} bytes, over the limit of {MAX_PACKAGE_BYTES}", package.len()));
    }
    let files = read_entries(package)?;
    let get = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, bytes)| bytes.as_slice());
    let Some(manifest_bytes) = get(MANIFEST_FILE) else { return refuse("package has no manifest.json") };
    let Some(signature_bytes) = get(SIGNATURE_FILE) else { return refuse("package is not signed (no signature.json)") };
    let signature: Signature = serde_json::from_slice(signature_bytes)
        .map_err(|err| PackageError(format!("signature.json is malformed: {err}")))?;
    let publisher = verify_signature(&signature, manifest_bytes)?;
    if !trusted.contains(&publisher) {
        return refuse(format!("package is signed by an untrusted key {publisher}"));
    }
    let manifest: Manifest = serde_json::from_slice(manifest_bytes)
        .map_err(|err| PackageError(format!("manifest.json is malformed: {err}")))?;
    for (name, _) in &files {
        let listed = manifest.files.iter().any(|f| &f.path == name);
        if !listed && name != MANIFEST_FILE && name != SIGNATURE_FILE {
            return refuse(format!("package entry {name} is not in the manifest"));
        }
    }
    let mut contents = Vec::new();
    for listed in &manifest.files {
        let Some(bytes) = get(&listed.path) else {
            return refuse(format!("{} is in the manifest but not in the package", listed.path));
        };
        if bytes.len() as u64 != listed.size || sha256_hex(bytes) != listed.sha256 {
            return refuse(format!("{} does not match the digest in the manifest (tampered?)", listed.path));
        }
        contents.push(bytes);
    }
    let text = |name: &str| -> Result<String, PackageError> {
        let bytes = get(name).ok_or_else(|| PackageError(format!("package has no {name}")))?;
        String::from_utf8(bytes.to_vec()).map_err(|_| PackageError(format!("{name} is not UTF-8")))
    };
    let bundle = Bundle::from_manifest(manifest, text(CODE_FILE)?, text(MAP_FILE)?);
    Ok(Verified { bundle, publisher })
}

fn verify_signature(signature: &Signature, manifest: &[u8]) -> Result<String, PackageError> {
    if signature.algorithm != "ed25519" {
        return refuse(format!("unsupported signature algorithm {}", signature.algorithm));
    }
    let expected = format!("sha256:{}", sha256_hex(manifest));
    if signature.signed != expected {
        return refuse("the signature is for a different manifest (tampered?)");
    }
    let key: [u8; 32] = B64
        .decode(&signature.public_key)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| PackageError("signature.json: public_key is not an ed25519 key".into()))?;
    let key = ed25519_dalek::VerifyingKey::from_bytes(&key)
        .map_err(|_| PackageError("signature.json: public_key is not an ed25519 key".into()))?;
    let sig: [u8; 64] = B64
        .decode(&signature.signature)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| PackageError("signature.json: signature is malformed".into()))?;
    key.verify(signature.signed.as_bytes(), &ed25519_dalek::Signature::from_bytes(&sig))
        .map_err(|_| PackageError("the signature does not verify".into()))?;
    Ok(signature.public_key.clone())
}

/// Every entry of the archive: plain files at the top level with known names only.
fn read_entries(package: &[u8]) -> Result<Vec<(String, Vec<u8>)>, PackageError> {
    let decoder = zstd::Decoder::new(package).map_err(|err| PackageError(format!("not a zstd stream: {err}")))?;
    // Reading one byte past the limit tells a bomb from a big package.
    let mut archive = tar::Archive::new(decoder.take(MAX_UNPACKED_BYTES + 1));
    let entries = archive.entries().map_err(|err| PackageError(format!("not a tar archive: {err}")))?;
    let allowed = [MANIFEST_FILE, CODE_FILE, MAP_FILE, SIGNATURE_FILE];
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut total = 0u64;
    for entry in entries {
        let mut entry = entry.map_err(|err| PackageError(format!("corrupt package: {err}")))?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            return refuse(format!("package entry {:?} is not a regular file (links are refused)", entry.path().ok()));
        }
        let path = entry.path().map_err(|err| PackageError(format!("bad entry name: {err}")))?.into_owned();
        let name = path.to_string_lossy().into_owned();
        if path.components().count() != 1 || !allowed.contains(&name.as_str()) {
            return refuse(format!(
                "package entry {name:?} is not allowed (only {} at the top level)",
                allowed.join(", ")
            ));
        }
        if files.iter().any(|(n, _)| *n == name) {
            return refuse(format!("package entry {name} appears twice"));
        }
        total += entry.size();
        if total > MAX_UNPACKED_BYTES {
            return refuse(format!("package unpacks to more than {MAX_UNPACKED_BYTES} bytes"));
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(|err| PackageError(format!("corrupt package: {err}")))?;
        files.push((name, bytes));
    }
    Ok(files)
}

/// `$XDG_CONFIG_HOME/worky/publisher-key.json` (or `~/.config/...`); `WORKY_KEY` overrides.
pub fn default_key_path() -> std::path::PathBuf {
    if let Some(path) = std::env::var_os("WORKY_KEY") {
        return path.into();
    }
    let config = match std::env::var_os("XDG_CONFIG_HOME") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".config"),
    };
    config.join("worky").join("publisher-key.json")
}

/// `<name>-<version>.worky`
pub fn file_name(manifest: &Manifest) -> String {
    format!("{}-{}.{EXTENSION}", manifest.name, manifest.version.as_deref().unwrap_or("0.0.0"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Config;

    fn bundle() -> Bundle {
        let config = Config { name: "app".into(), version: Some("1.0.0".into()), ..Default::default() };
        Bundle::new(
            &config,
            "export default {}\n".into(),
            "{\"version\":3,\"sources\":[],\"mappings\":\"\"}".into(),
            vec![],
        )
    }

    /// A tar.zst with the given raw entries (name, type, bytes).
    fn archive(entries: &[(&str, tar::EntryType, &[u8])]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (name, kind, bytes) in entries {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_entry_type(*kind);
            header.set_mode(0o644);
            if *kind == tar::EntryType::Symlink {
                header.set_link_name("/etc/passwd").unwrap();
            }
            // set_path refuses `..`; write the raw name like a hostile tool would.
            let raw = &mut header.as_old_mut().name;
            raw[..name.len()].copy_from_slice(name.as_bytes());
            header.set_cksum();
            builder.append(&header, *bytes).unwrap();
        }
        zstd::encode_all(builder.into_inner().unwrap().as_slice(), 3).unwrap()
    }

    fn entries_of(package: &[u8]) -> Vec<(String, Vec<u8>)> {
        read_entries(package).unwrap()
    }

    fn repack(files: &[(String, Vec<u8>)]) -> Vec<u8> {
        let entries: Vec<(&str, tar::EntryType, &[u8])> =
            files.iter().map(|(n, b)| (n.as_str(), tar::EntryType::Regular, b.as_slice())).collect();
        archive(&entries)
    }

    #[test]
    fn round_trip_verifies_and_is_reproducible() {
        let key = SigningKey::generate();
        let package = pack(&bundle(), &key).unwrap();
        assert_eq!(package, pack(&bundle(), &key).unwrap(), "same input, same bytes");
        let verified = unpack(&package, &[key.public_key()]).unwrap();
        assert_eq!(verified.publisher, key.public_key());
        assert_eq!(verified.bundle.code.as_ref(), "export default {}\n");
        assert_eq!(verified.bundle.manifest, bundle().manifest);
        assert_eq!(file_name(&verified.bundle.manifest), "app-1.0.0.worky");
    }

    #[test]
    fn refuses_untrusted_tampered_and_unsigned_packages() {
        let key = SigningKey::generate();
        let package = pack(&bundle(), &key).unwrap();
        let other = SigningKey::generate();
        assert!(unpack(&package, &[other.public_key()]).unwrap_err().0.contains("untrusted key"));

        // A changed worker.js no longer matches the signed manifest.
        let mut files = entries_of(&package);
        files.iter_mut().find(|(n, _)| n == CODE_FILE).unwrap().1 = b"steal()".to_vec();
        let err = unpack(&repack(&files), &[key.public_key()]).unwrap_err().0;
        assert!(err.contains("worker.js does not match the digest"), "{err}");

        // A changed manifest (new digests) breaks the signature.
        let mut files = entries_of(&package);
        let manifest = &mut files.iter_mut().find(|(n, _)| n == MANIFEST_FILE).unwrap().1;
        *manifest = String::from_utf8(manifest.clone()).unwrap().replace("\"app\"", "\"evil\"").into_bytes();
        assert!(unpack(&repack(&files), &[key.public_key()]).unwrap_err().0.contains("different manifest"));

        // A signature made by another key for this manifest, claiming the trusted key.
        let mut files = entries_of(&package);
        let signature = &mut files.iter_mut().find(|(n, _)| n == SIGNATURE_FILE).unwrap().1;
        let mut parsed: Signature = serde_json::from_slice(signature).unwrap();
        parsed.signature = B64.encode(other.0.sign(parsed.signed.as_bytes()).to_bytes());
        *signature = serde_json::to_vec(&parsed).unwrap();
        assert_eq!(unpack(&repack(&files), &[key.public_key()]).unwrap_err().0, "the signature does not verify");

        let unsigned: Vec<_> = entries_of(&package).into_iter().filter(|(n, _)| n != SIGNATURE_FILE).collect();
        assert!(unpack(&repack(&unsigned), &[key.public_key()]).unwrap_err().0.contains("not signed"));
    }

    #[test]
    fn refuses_traversal_links_extra_entries_and_garbage() {
        let key = [SigningKey::generate().public_key()];
        let bad = archive(&[("../../etc/cron.d/x", tar::EntryType::Regular, b"x")]);
        assert!(unpack(&bad, &key).unwrap_err().0.contains("not allowed"));
        let bad = archive(&[("worker.js", tar::EntryType::Symlink, b"")]);
        assert!(unpack(&bad, &key).unwrap_err().0.contains("links are refused"));
        let bad = archive(&[("extra.js", tar::EntryType::Regular, b"x")]);
        assert!(unpack(&bad, &key).unwrap_err().0.contains("not allowed"));
        let bad =
            archive(&[("worker.js", tar::EntryType::Regular, b"a"), ("worker.js", tar::EntryType::Regular, b"b")]);
        assert!(unpack(&bad, &key).unwrap_err().0.contains("twice"));
        assert!(unpack(b"definitely not zstd", &key).is_err());
        let oversized = vec![0u8; MAX_PACKAGE_BYTES as usize + 1];
        assert!(unpack(&oversized, &key).unwrap_err().0.contains("over the limit"));
    }

    #[test]
    fn keys_save_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/publisher.json");
        let key = SigningKey::generate();
        key.save(&path).unwrap();
        assert_eq!(SigningKey::load(&path).unwrap().public_key(), key.public_key());
        assert!(key.save(&path).is_err(), "never overwrites a key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
