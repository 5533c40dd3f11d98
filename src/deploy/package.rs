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
use std::path::{Path, PathBuf};

use base64::Engine as _;
use ed25519_dalek::{Signer, Verifier};
use etcetera::BaseStrategy;
use serde::{Deserialize, Serialize};

use crate::bundle::{Bundle, CODE_FILE, MANIFEST_FILE, MAP_FILE, Manifest, ManifestError, sha256_hex};

pub const EXTENSION: &str = "worky";
pub const SIGNATURE_FILE: &str = "signature.json";
/// Largest package accepted, compressed.
pub const MAX_PACKAGE_BYTES: u64 = 64 << 20;
/// Largest total of the unpacked files (a guard against decompression bombs).
pub const MAX_UNPACKED_BYTES: u64 = 256 << 20;
/// The only entries a package may have, all at the top level.
const ALLOWED: [&str; 4] = [MANIFEST_FILE, CODE_FILE, MAP_FILE, SIGNATURE_FILE];
/// Static assets are entries `assets/<sha256>`: one per distinct content, found
/// by the digests the manifest's `assets.files` list.
const ASSETS_DIR: &str = "assets/";

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
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PackageError {
    #[error("package is {0} bytes, over the limit of {MAX_PACKAGE_BYTES}")]
    TooLarge(u64),
    #[error("package unpacks to more than {MAX_UNPACKED_BYTES} bytes")]
    UnpacksTooLarge,
    #[error("not a zstd stream: {0}")]
    NotZstd(String),
    #[error("not a tar archive: {0}")]
    NotTar(String),
    #[error("corrupt package: {0}")]
    Corrupt(String),
    #[error("package entry {0} is not a regular file (links are refused)")]
    NotAFile(String),
    #[error(
        "package entry {0:?} is not allowed (only {allowed} at the top level, and assets/<sha256>)",
        allowed = ALLOWED.join(", ")
    )]
    EntryNotAllowed(String),
    #[error(
        "package entry {0} comes before signature.json; packages must be packed by this worky (signature.json right after manifest.json)"
    )]
    SignatureNotFirst(String),
    #[error("package entry {0} appears twice")]
    DuplicateEntry(String),
    #[error("package has no manifest.json")]
    NoManifest,
    #[error("package is not signed (no signature.json)")]
    Unsigned,
    #[error("signature.json is malformed: {0}")]
    MalformedSignature(String),
    #[error("unsupported signature algorithm {0}")]
    UnsupportedAlgorithm(String),
    #[error("the signature is for a different manifest (tampered?)")]
    SignedOtherManifest,
    #[error("signature.json: public_key is not an ed25519 key")]
    BadPublicKey,
    #[error("the signature does not verify")]
    BadSignature,
    #[error("package is signed by an untrusted key {0}")]
    UntrustedKey(String),
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("package entry {0} is not in the manifest")]
    NotInManifest(String),
    #[error("{0} is in the manifest but not in the package")]
    Missing(String),
    #[error("{0} does not match the digest in the manifest (tampered?)")]
    DigestMismatch(String),
    #[error("{0} is not UTF-8")]
    NotUtf8(String),
}

/// A signing key that cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read the signing key {}: {source}; create one with `worky keygen`", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{} is not a worky key file: {detail}", path.display())]
    NotAKeyFile { path: PathBuf, detail: String },
    #[error("{}: secret_key is not a base64 ed25519 key", path.display())]
    BadSecret { path: PathBuf },
    #[error("{} already exists; worky never overwrites a key (pass --key for another file)", path.display())]
    Exists { path: PathBuf },
    #[error("cannot create {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
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

    /// Writes the key file, readable by its owner only; never over an existing file.
    pub fn save(&self, path: &Path) -> Result<(), KeyError> {
        let file = KeyFile {
            algorithm: "ed25519".into(),
            public_key: self.public_key(),
            secret_key: B64.encode(self.0.to_bytes()),
        };
        let failed = |source: std::io::Error| match source.kind() {
            std::io::ErrorKind::AlreadyExists => KeyError::Exists { path: path.to_path_buf() },
            _ => KeyError::Write { path: path.to_path_buf(), source },
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(failed)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = options.open(path).map_err(failed)?;
        let json = serde_json::to_string_pretty(&file).expect("a key file serializes");
        std::io::Write::write_all(&mut out, json.as_bytes()).map_err(failed)
    }

    pub fn load(path: &Path) -> Result<SigningKey, KeyError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| KeyError::Read { path: path.to_path_buf(), source })?;
        let file: KeyFile = serde_json::from_str(&text)
            .map_err(|err| KeyError::NotAKeyFile { path: path.to_path_buf(), detail: err.to_string() })?;
        let secret: [u8; 32] = B64
            .decode(&file.secret_key)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| KeyError::BadSecret { path: path.to_path_buf() })?;
        Ok(SigningKey(ed25519_dalek::SigningKey::from_bytes(&secret)))
    }
}

/// Packs and signs a bundle, with its static assets read from `assets_dir` (the
/// directory the manifest's `assets.files` were scanned from).
pub fn pack(bundle: &Bundle, key: &SigningKey, assets_dir: Option<&Path>) -> std::io::Result<Vec<u8>> {
    let manifest = bundle.manifest_json();
    let signed = format!("sha256:{}", sha256_hex(manifest.as_bytes()));
    let signature = Signature {
        algorithm: "ed25519".into(),
        public_key: key.public_key(),
        signature: B64.encode(key.0.sign(signed.as_bytes()).to_bytes()),
        signed,
    };
    let signature = serde_json::to_string_pretty(&signature).expect("a signature serializes") + "\n";
    let mut archive = tar::Builder::new(Vec::new());
    // The signature right after the manifest: it can be verified before the rest
    // is inflated (`Layout::SignedFirst`).
    let files = [
        (MANIFEST_FILE, manifest.as_bytes()),
        (SIGNATURE_FILE, signature.as_bytes()),
        (CODE_FILE, bundle.code.as_bytes()),
        (MAP_FILE, bundle.map.as_bytes()),
    ];
    for (name, bytes) in files {
        append(&mut archive, name, bytes)?;
    }
    let listed = bundle.manifest.assets.iter().flat_map(|assets| &assets.files);
    let mut packed = std::collections::BTreeSet::new();
    for file in listed.filter(|file| packed.insert(file.sha256.clone())) {
        let dir = assets_dir.ok_or_else(|| std::io::Error::other("the bundle lists assets but none were given"))?;
        let path = dir.join(file.path.trim_start_matches('/'));
        let bytes = std::fs::read(&path)
            .map_err(|err| std::io::Error::new(err.kind(), format!("{}: {err}", path.display())))?;
        if sha256_hex(&bytes) != file.sha256 {
            let message = format!("{} changed while it was being packed; publish again", path.display());
            return Err(std::io::Error::other(message));
        }
        append(&mut archive, &format!("{ASSETS_DIR}{}", file.sha256), &bytes)?;
    }
    let tar = archive.into_inner()?;
    zstd::encode_all(tar.as_slice(), 19)
}

fn append(archive: &mut tar::Builder<Vec<u8>>, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let mut header = tar::Header::new_ustar();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(0); // reproducible: the same bundle and key give the same package
    header.set_entry_type(tar::EntryType::Regular);
    archive.append_data(&mut header, name, bytes)
}

/// A package whose every check passed.
#[derive(Debug)]
pub struct Verified {
    pub bundle: Bundle,
    /// The publisher's public key (base64).
    pub publisher: String,
    /// The static assets' contents by sha256 (each checked against its digest).
    pub assets: Vec<(String, Vec<u8>)>,
}

/// Which archive layouts `unpack_from` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `signature.json` right after `manifest.json`, as `pack` writes them: the
    /// signature is verified before any other entry is inflated, and each of those
    /// is read only up to the size the signed manifest gives it.
    SignedFirst,
    /// Also packages packed before worky wrote that order (signature last): their
    /// entries are read, up to `MAX_UNPACKED_BYTES` in all, before it is verified.
    Any,
}

/// Largest `manifest.json` and `signature.json` read before the signature verifies.
const MAX_MANIFEST_BYTES: u64 = 1 << 20;
const MAX_SIGNATURE_BYTES: u64 = 4 << 10;

/// Unpacks and verifies a package in memory (any layout); `trusted` are the
/// accepted publisher keys (base64).
pub fn unpack(package: &[u8], trusted: &[String]) -> Result<Verified, PackageError> {
    if package.len() as u64 > MAX_PACKAGE_BYTES {
        return Err(PackageError::TooLarge(package.len() as u64));
    }
    unpack_from(package, trusted, Layout::Any)
}

/// Unpacks and verifies a package as it is read (the caller bounds its
/// compressed size). Every allocation is bounded by what was read or by a
/// size the signed manifest gives, never by a size a tar header claims.
pub fn unpack_from(package: impl Read, trusted: &[String], layout: Layout) -> Result<Verified, PackageError> {
    let decoder = zstd::Decoder::new(package).map_err(|err| PackageError::NotZstd(err.to_string()))?;
    // Reading one byte past the limit tells a bomb from a big package.
    let mut archive = tar::Archive::new(decoder.take(MAX_UNPACKED_BYTES + 1));
    let entries = archive.entries().map_err(|err| PackageError::NotTar(err.to_string()))?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut signed: Option<(Manifest, String)> = None;
    let mut total = 0u64;
    for entry in entries {
        let mut entry = entry.map_err(|err| PackageError::Corrupt(err.to_string()))?;
        let name = entry_name(&entry, &files)?;
        let limit = match (&signed, name.as_str()) {
            (_, MANIFEST_FILE) => MAX_MANIFEST_BYTES,
            (_, SIGNATURE_FILE) => MAX_SIGNATURE_BYTES,
            (Some((manifest, _)), _) => listed_size(manifest, &name)?,
            (None, _) if layout == Layout::SignedFirst => return Err(PackageError::SignatureNotFirst(name)),
            (None, _) => MAX_UNPACKED_BYTES,
        };
        if entry.size() > limit {
            let size = entry.size();
            return Err(match (name.as_str(), &signed) {
                (MANIFEST_FILE | SIGNATURE_FILE, _) => {
                    PackageError::Corrupt(format!("{name} is {size} bytes, over {limit}"))
                }
                (_, Some(_)) => PackageError::DigestMismatch(name),
                (_, None) => PackageError::UnpacksTooLarge,
            });
        }
        total += entry.size();
        if total > MAX_UNPACKED_BYTES {
            return Err(PackageError::UnpacksTooLarge);
        }
        let mut bytes = Vec::new();
        (&mut entry).take(limit).read_to_end(&mut bytes).map_err(|err| PackageError::Corrupt(err.to_string()))?;
        files.push((name, bytes));
        if signed.is_none() {
            signed = verify_if_signed(&files, trusted)?;
        }
    }
    let get = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, bytes)| bytes.as_slice());
    let (manifest, publisher) = match signed {
        Some(signed) => signed,
        None if get(MANIFEST_FILE).is_none() => return Err(PackageError::NoManifest),
        None => return Err(PackageError::Unsigned),
    };
    for (name, _) in &files {
        let listed = manifest.files.iter().any(|f| &f.path == name) || listed_asset(&manifest, name).is_some();
        if !listed && name != MANIFEST_FILE && name != SIGNATURE_FILE {
            return Err(PackageError::NotInManifest(name.clone()));
        }
    }
    let mut assets = Vec::new();
    for listed in manifest.assets.iter().flat_map(|assets| &assets.files) {
        let name = format!("{ASSETS_DIR}{}", listed.sha256);
        if assets.iter().any(|(sha256, _)| *sha256 == listed.sha256) {
            continue;
        }
        let bytes = get(&name).ok_or_else(|| PackageError::Missing(listed.path.clone()))?;
        if bytes.len() as u64 != listed.size || sha256_hex(bytes) != listed.sha256 {
            return Err(PackageError::DigestMismatch(listed.path.clone()));
        }
        assets.push((listed.sha256.clone(), bytes.to_vec()));
    }
    for listed in &manifest.files {
        let bytes = get(&listed.path).ok_or_else(|| PackageError::Missing(listed.path.clone()))?;
        if bytes.len() as u64 != listed.size || sha256_hex(bytes) != listed.sha256 {
            return Err(PackageError::DigestMismatch(listed.path.clone()));
        }
    }
    let text = |name: &str| -> Result<String, PackageError> {
        let bytes = get(name).ok_or_else(|| PackageError::Missing(name.to_string()))?;
        String::from_utf8(bytes.to_vec()).map_err(|_| PackageError::NotUtf8(name.to_string()))
    };
    let bundle = Bundle::from_manifest(manifest, text(CODE_FILE)?, text(MAP_FILE)?);
    Ok(Verified { bundle, publisher, assets })
}

/// An entry's name, once it is known to be a plain file at the top level, with
/// an allowed name, seen for the first time.
fn entry_name<R: Read>(entry: &tar::Entry<'_, R>, files: &[(String, Vec<u8>)]) -> Result<String, PackageError> {
    let path = entry.path().map_err(|err| PackageError::Corrupt(format!("bad entry name: {err}")))?.into_owned();
    let name = path.to_string_lossy().into_owned();
    if entry.header().entry_type() != tar::EntryType::Regular {
        return Err(PackageError::NotAFile(name));
    }
    let asset = name.strip_prefix(ASSETS_DIR).is_some_and(|digest| {
        digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    });
    let top_level = path.components().count() == 1 && ALLOWED.contains(&name.as_str());
    if !top_level && !asset {
        return Err(PackageError::EntryNotAllowed(name));
    }
    if files.iter().any(|(n, _)| *n == name) {
        return Err(PackageError::DuplicateEntry(name));
    }
    Ok(name)
}

/// The size the signed manifest gives `name`.
fn listed_size(manifest: &Manifest, name: &str) -> Result<u64, PackageError> {
    let listed = manifest.files.iter().find(|file| file.path == name).or_else(|| listed_asset(manifest, name));
    listed.map(|file| file.size).ok_or_else(|| PackageError::NotInManifest(name.to_string()))
}

/// The asset an `assets/<sha256>` entry holds, if the manifest lists one.
fn listed_asset<'a>(manifest: &'a Manifest, name: &str) -> Option<&'a crate::bundle::FileDigest> {
    let digest = name.strip_prefix(ASSETS_DIR)?;
    manifest.assets.as_ref()?.files.iter().find(|file| file.sha256 == digest)
}

/// Once both the manifest and the signature have been read: the manifest, if
/// the signature over it verifies with a trusted key, and that key.
fn verify_if_signed(
    files: &[(String, Vec<u8>)],
    trusted: &[String],
) -> Result<Option<(Manifest, String)>, PackageError> {
    let get = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, bytes)| bytes.as_slice());
    let (Some(manifest_bytes), Some(signature_bytes)) = (get(MANIFEST_FILE), get(SIGNATURE_FILE)) else {
        return Ok(None);
    };
    let signature: Signature =
        serde_json::from_slice(signature_bytes).map_err(|err| PackageError::MalformedSignature(err.to_string()))?;
    let publisher = verify_signature(&signature, manifest_bytes)?;
    if !trusted.contains(&publisher) {
        return Err(PackageError::UntrustedKey(publisher));
    }
    Ok(Some((Manifest::parse(manifest_bytes)?, publisher)))
}

fn verify_signature(signature: &Signature, manifest: &[u8]) -> Result<String, PackageError> {
    if signature.algorithm != "ed25519" {
        return Err(PackageError::UnsupportedAlgorithm(signature.algorithm.clone()));
    }
    if signature.signed != format!("sha256:{}", sha256_hex(manifest)) {
        return Err(PackageError::SignedOtherManifest);
    }
    let key: [u8; 32] = B64
        .decode(&signature.public_key)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(PackageError::BadPublicKey)?;
    let key = ed25519_dalek::VerifyingKey::from_bytes(&key).map_err(|_| PackageError::BadPublicKey)?;
    let sig: [u8; 64] = B64
        .decode(&signature.signature)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| PackageError::MalformedSignature("signature is not 64 bytes of base64".into()))?;
    key.verify(signature.signed.as_bytes(), &ed25519_dalek::Signature::from_bytes(&sig))
        .map_err(|_| PackageError::BadSignature)?;
    Ok(signature.public_key.clone())
}

/// `WORKY_KEY`, or `publisher-key.json` in worky's config directory
/// (`$XDG_CONFIG_HOME/worky`, `~/.config/worky` on Linux).
pub fn default_key_path() -> PathBuf {
    if let Some(path) = std::env::var_os("WORKY_KEY") {
        return path.into();
    }
    let config = match etcetera::choose_base_strategy() {
        Ok(strategy) => strategy.config_dir(),
        Err(_) => PathBuf::from(".config"),
    };
    config.join("worky").join("publisher-key.json")
}

/// Whether `key` is an ed25519 public key as worky writes them (base64 of 32 bytes).
pub fn is_public_key(key: &str) -> bool {
    B64.decode(key)
        .ok()
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .is_some_and(|bytes| ed25519_dalek::VerifyingKey::from_bytes(&bytes).is_ok())
}

/// `<name>-<version>.worky`
pub fn file_name(manifest: &Manifest) -> String {
    format!("{}-{}.{EXTENSION}", manifest.name, manifest.version.as_deref().unwrap_or("0.0.0"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::Metadata;

    fn bundle() -> Bundle {
        let metadata =
            Metadata { version: Some("1.0.0".into()), ..Metadata::new("app", crate::bundle::tests::limits()) };
        Bundle::new(
            metadata,
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
        let mut archive = tar::Archive::new(zstd::Decoder::new(package).unwrap());
        let entries = archive.entries().unwrap().map(|entry| {
            let mut entry = entry.unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.path().unwrap().to_string_lossy().into_owned(), bytes)
        });
        entries.collect()
    }

    fn repack(files: &[(String, Vec<u8>)]) -> Vec<u8> {
        let entries: Vec<(&str, tar::EntryType, &[u8])> =
            files.iter().map(|(n, b)| (n.as_str(), tar::EntryType::Regular, b.as_slice())).collect();
        archive(&entries)
    }

    #[test]
    fn round_trip_verifies_and_is_reproducible() {
        let key = SigningKey::generate();
        let package = pack(&bundle(), &key, None).unwrap();
        assert_eq!(package, pack(&bundle(), &key, None).unwrap(), "same input, same bytes");
        let verified = unpack(&package, &[key.public_key()]).unwrap();
        assert_eq!(verified.publisher, key.public_key());
        assert_eq!(verified.bundle.code.as_ref(), "export default {}\n");
        assert_eq!(verified.bundle.manifest, bundle().manifest);
        assert_eq!(file_name(&verified.bundle.manifest), "app-1.0.0.worky");
    }

    /// A bundle with static assets read from a directory: `/a.txt` and
    /// `/copy.txt` with one content, `/b.txt` with another.
    fn with_assets(dir: &Path) -> Bundle {
        std::fs::write(dir.join("a.txt"), "same").unwrap();
        std::fs::write(dir.join("copy.txt"), "same").unwrap();
        std::fs::write(dir.join("b.txt"), "other").unwrap();
        let file = |path: &str, text: &str| crate::bundle::FileDigest {
            path: path.into(),
            sha256: sha256_hex(text.as_bytes()),
            size: text.len() as u64,
        };
        let files = vec![file("/a.txt", "same"), file("/b.txt", "other"), file("/copy.txt", "same")];
        bundle().with_assets(Some(crate::bundle::AssetsManifest { files, ..Default::default() }))
    }

    #[test]
    fn assets_travel_once_per_content_and_are_verified() {
        let key = SigningKey::generate();
        let dir = tempfile::tempdir().unwrap();
        let bundle = with_assets(dir.path());
        assert_eq!(bundle.manifest.format, crate::bundle::manifest::FORMAT);
        let package = pack(&bundle, &key, Some(dir.path())).unwrap();
        let names: Vec<String> = entries_of(&package).into_iter().map(|(name, _)| name).collect();
        let same = format!("assets/{}", sha256_hex(b"same"));
        let other = format!("assets/{}", sha256_hex(b"other"));
        assert_eq!(names[4..], [same.clone(), other.clone()]);
        let verified = unpack(&package, &[key.public_key()]).unwrap();
        assert_eq!(
            verified.assets,
            [(sha256_hex(b"same"), b"same".to_vec()), (sha256_hex(b"other"), b"other".to_vec())]
        );
        assert_eq!(verified.bundle.manifest, bundle.manifest);

        // Changed bytes under a listed digest.
        let mut files = entries_of(&package);
        files.iter_mut().find(|(n, _)| *n == other).unwrap().1 = b"OTHER".to_vec();
        assert_eq!(
            unpack(&repack(&files), &[key.public_key()]).unwrap_err(),
            PackageError::DigestMismatch("/b.txt".into())
        );
        // A digest the manifest does not list, and one it lists that is missing.
        let mut files = entries_of(&package);
        files.push((format!("assets/{}", sha256_hex(b"extra")), b"extra".to_vec()));
        let err = unpack(&repack(&files), &[key.public_key()]).unwrap_err();
        assert!(matches!(err, PackageError::NotInManifest(_)), "{err}");
        let files: Vec<_> = entries_of(&package).into_iter().filter(|(n, _)| *n != same).collect();
        assert_eq!(unpack(&repack(&files), &[key.public_key()]).unwrap_err(), PackageError::Missing("/a.txt".into()));
        // Only digests: no path can be smuggled in under assets/.
        let mut files = entries_of(&package);
        files.push(("assets/../worker.js".into(), b"x".to_vec()));
        let err = unpack(&repack(&files), &[key.public_key()]).unwrap_err();
        assert_eq!(err, PackageError::EntryNotAllowed("assets/../worker.js".into()));

        // A file changed between the scan and the pack is not packed as it was listed.
        std::fs::write(dir.path().join("b.txt"), "changed").unwrap();
        let err = pack(&bundle, &key, Some(dir.path())).unwrap_err();
        assert!(err.to_string().contains("changed while it was being packed"), "{err}");
    }

    #[test]
    fn refuses_untrusted_tampered_and_unsigned_packages() {
        let key = SigningKey::generate();
        let package = pack(&bundle(), &key, None).unwrap();
        let other = SigningKey::generate();
        assert_eq!(unpack(&package, &[other.public_key()]).unwrap_err(), PackageError::UntrustedKey(key.public_key()));

        // A changed worker.js no longer matches the signed manifest.
        let mut files = entries_of(&package);
        files.iter_mut().find(|(n, _)| n == CODE_FILE).unwrap().1 = b"steal()".to_vec();
        let err = unpack(&repack(&files), &[key.public_key()]).unwrap_err();
        assert_eq!(err, PackageError::DigestMismatch("worker.js".into()));
        assert!(err.to_string().contains("worker.js does not match the digest"), "{err}");

        // A changed manifest (new digests) breaks the signature.
        let mut files = entries_of(&package);
        let manifest = &mut files.iter_mut().find(|(n, _)| n == MANIFEST_FILE).unwrap().1;
        *manifest = String::from_utf8(manifest.clone()).unwrap().replace("\"app\"", "\"evil\"").into_bytes();
        assert_eq!(unpack(&repack(&files), &[key.public_key()]).unwrap_err(), PackageError::SignedOtherManifest);

        // A signature made by another key for this manifest, claiming the trusted key.
        let mut files = entries_of(&package);
        let signature = &mut files.iter_mut().find(|(n, _)| n == SIGNATURE_FILE).unwrap().1;
        let mut parsed: Signature = serde_json::from_slice(signature).unwrap();
        parsed.signature = B64.encode(other.0.sign(parsed.signed.as_bytes()).to_bytes());
        *signature = serde_json::to_vec(&parsed).unwrap();
        assert_eq!(unpack(&repack(&files), &[key.public_key()]).unwrap_err(), PackageError::BadSignature);

        let unsigned: Vec<_> = entries_of(&package).into_iter().filter(|(n, _)| n != SIGNATURE_FILE).collect();
        assert_eq!(unpack(&repack(&unsigned), &[key.public_key()]).unwrap_err(), PackageError::Unsigned);
    }

    #[test]
    fn refuses_traversal_links_extra_entries_and_garbage() {
        let key = [SigningKey::generate().public_key()];
        let bad = archive(&[("../../etc/cron.d/x", tar::EntryType::Regular, b"x")]);
        assert_eq!(unpack(&bad, &key).unwrap_err(), PackageError::EntryNotAllowed("../../etc/cron.d/x".into()));
        let bad = archive(&[("worker.js", tar::EntryType::Symlink, b"")]);
        let err = unpack(&bad, &key).unwrap_err();
        assert_eq!(err, PackageError::NotAFile("worker.js".into()));
        assert!(err.to_string().contains("links are refused"), "{err}");
        let bad = archive(&[("extra.js", tar::EntryType::Regular, b"x")]);
        assert_eq!(unpack(&bad, &key).unwrap_err(), PackageError::EntryNotAllowed("extra.js".into()));
        let bad =
            archive(&[("worker.js", tar::EntryType::Regular, b"a"), ("worker.js", tar::EntryType::Regular, b"b")]);
        assert_eq!(unpack(&bad, &key).unwrap_err(), PackageError::DuplicateEntry("worker.js".into()));
        assert!(matches!(
            unpack(b"definitely not zstd", &key),
            Err(PackageError::NotZstd(_) | PackageError::NotTar(_) | PackageError::Corrupt(_))
        ));
        let oversized = vec![0u8; MAX_PACKAGE_BYTES as usize + 1];
        assert_eq!(unpack(&oversized, &key).unwrap_err(), PackageError::TooLarge(MAX_PACKAGE_BYTES + 1));
    }

    #[test]
    fn the_signature_is_verified_before_anything_else_is_inflated() {
        let key = SigningKey::generate();
        let trusted = [key.public_key()];
        let package = pack(&bundle(), &key, None).unwrap();
        let names: Vec<String> = entries_of(&package).into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, [MANIFEST_FILE, SIGNATURE_FILE, CODE_FILE, MAP_FILE]);
        assert!(unpack_from(package.as_slice(), &trusted, Layout::SignedFirst).is_ok());

        // Packed by an earlier worky (signature last): still read, but not where it must come first.
        let mut legacy = entries_of(&package);
        let signature = legacy.remove(1);
        legacy.push(signature);
        assert!(unpack(&repack(&legacy), &trusted).is_ok());
        let err = unpack_from(repack(&legacy).as_slice(), &trusted, Layout::SignedFirst).unwrap_err();
        assert_eq!(err, PackageError::SignatureNotFirst(CODE_FILE.into()));

        // A bomb in place of worker.js: 300 MB of zeros that compress to a few hundred
        // KB. Its header says more than the signed manifest does: refused unread.
        let mut bomb = entries_of(&package);
        bomb[2].1 = vec![0u8; 300 << 20];
        let bomb = repack(&bomb);
        assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
        for layout in [Layout::SignedFirst, Layout::Any] {
            let err = unpack_from(bomb.as_slice(), &trusted, layout).unwrap_err();
            assert_eq!(err, PackageError::DigestMismatch(CODE_FILE.into()));
        }
        // An untrusted signer is refused before its code is read.
        let other = [SigningKey::generate().public_key()];
        let err = unpack_from(bomb.as_slice(), &other, Layout::SignedFirst).unwrap_err();
        assert_eq!(err, PackageError::UntrustedKey(key.public_key()));
        // Without a signature first, a bomb stops at MAX_UNPACKED_BYTES.
        let unsigned = archive(&[(CODE_FILE, tar::EntryType::Regular, &vec![0u8; 300 << 20])]);
        assert_eq!(unpack(&unsigned, &trusted).unwrap_err(), PackageError::UnpacksTooLarge);
    }

    #[test]
    fn keys_save_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/publisher.json");
        let key = SigningKey::generate();
        key.save(&path).unwrap();
        assert_eq!(SigningKey::load(&path).unwrap().public_key(), key.public_key());
        assert!(matches!(key.save(&path), Err(KeyError::Exists { .. })), "never overwrites a key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
