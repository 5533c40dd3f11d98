//! HTTPS for `worky dev --local-protocol https`: a certificate for localhost,
//! made on the fly with rcgen (self-signed, as wrangler's), or the user's own
//! (`--https-cert-path`/`--https-key-path`); served with rustls.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

/// A made certificate is used this long, then made again (wrangler: 30 days).
const REUSE_FOR: Duration = Duration::from_secs(30 * 24 * 3600);

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{path} holds no PEM {what}: give a PEM file (-----BEGIN {what}-----)")]
    NoPem { path: PathBuf, what: &'static str },
    #[error("cannot make a certificate for localhost: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("the certificate and key do not make a TLS configuration: {0}")]
    Config(#[from] rustls::Error),
}

/// Where the certificate and key come from.
pub enum Certificate<'a> {
    /// Made for localhost and kept in `dir` (reused while it is fresh).
    Local { dir: &'a Path },
    /// The user's PEM files.
    Files { cert: &'a Path, key: &'a Path },
}

/// A TLS acceptor for `certificate`, offering HTTP/2 and HTTP/1.1.
pub fn acceptor(certificate: Certificate<'_>) -> Result<TlsAcceptor, TlsError> {
    let (cert, key) = match certificate {
        Certificate::Files { cert, key } => (cert.to_path_buf(), key.to_path_buf()),
        Certificate::Local { dir } => local_certificate(dir)?,
    };
    let read = |path: &Path| std::fs::read(path).map_err(|source| TlsError::Read { path: path.into(), source });
    let chain: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(&read(&cert)?).filter_map(Result::ok).collect();
    if chain.is_empty() {
        return Err(TlsError::NoPem { path: cert, what: "CERTIFICATE" });
    }
    let key =
        PrivateKeyDer::from_pem_slice(&read(&key)?).map_err(|_| TlsError::NoPem { path: key, what: "PRIVATE KEY" })?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// `dir/cert.pem` and `dir/key.pem`, made for localhost when missing or stale.
fn local_certificate(dir: &Path) -> Result<(PathBuf, PathBuf), TlsError> {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let fresh = |path: &Path| {
        std::fs::metadata(path)
            .and_then(|meta| meta.modified())
            .is_ok_and(|made| SystemTime::now().duration_since(made).is_ok_and(|age| age < REUSE_FOR))
    };
    if fresh(&cert) && fresh(&key) {
        return Ok((cert, key));
    }
    let names = ["localhost", "127.0.0.1", "::1"].map(str::to_string).to_vec();
    let made = rcgen::generate_simple_self_signed(names)?;
    let write = |path: &Path, text: String| {
        std::fs::create_dir_all(dir).map_err(|source| TlsError::Write { path: dir.into(), source })?;
        write_private(path, text.as_bytes()).map_err(|source| TlsError::Write { path: path.into(), source })
    };
    write(&cert, made.cert.pem())?;
    write(&key, made.signing_key.serialize_pem())?;
    Ok((cert, key))
}

/// Writes a file only its owner can read (the key), as the snapshot cache does:
/// a temp file (tempfile makes it 0600) renamed over the old one, so two dev
/// servers starting at once never read half a key.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut temp = tempfile::NamedTempFile::new_in(path.parent().unwrap_or(Path::new(".")))?;
    temp.write_all(bytes)?;
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_certificate_is_made_once_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        acceptor(Certificate::Local { dir: dir.path() }).unwrap();
        let first = std::fs::read(dir.path().join("cert.pem")).unwrap();
        acceptor(Certificate::Local { dir: dir.path() }).unwrap();
        assert_eq!(std::fs::read(dir.path().join("cert.pem")).unwrap(), first);
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.path().join("key.pem")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn files_that_are_not_pem_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("cert.pem");
        std::fs::write(&cert, "not a certificate").unwrap();
        let err = acceptor(Certificate::Files { cert: &cert, key: &cert }).err().unwrap().to_string();
        assert!(err.contains("cert.pem holds no PEM CERTIFICATE"), "{err}");
        let missing = dir.path().join("nope.pem");
        let err = acceptor(Certificate::Files { cert: &missing, key: &missing }).err().unwrap().to_string();
        assert!(err.contains("cannot read") && err.contains("nope.pem"), "{err}");
    }
}
