//! Whom outbound TLS trusts, for every way a worker leaves the host (`fetch()`,
//! WebSockets, `cloudflare:sockets`): the Web PKI roots, plus the certificates
//! in the PEM file `WORKY_EXTRA_CA_CERTS` names (an internal CA, a database's
//! own), as `NODE_EXTRA_CA_CERTS` does for Node.js. Read once per process;
//! hosts check it when they start (`check_extra_roots`), so a bad file is an
//! error at start, naming it, not a failed handshake later.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use deno_error::JsErrorBox;
use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// The environment variable naming the extra certificates' PEM file.
pub const EXTRA_CA_CERTS_ENV: &str = "WORKY_EXTRA_CA_CERTS";

static ROOTS: LazyLock<Result<RootCertStore, String>> = LazyLock::new(|| {
    let mut roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    if let Some(path) = std::env::var_os(EXTRA_CA_CERTS_ENV).filter(|path| !path.is_empty()) {
        for certificate in extra_certificates(Path::new(&path))? {
            roots.add(certificate).map_err(|err| {
                format!("{EXTRA_CA_CERTS_ENV}={}: a certificate cannot be trusted: {err}", Path::new(&path).display())
            })?;
        }
    }
    Ok(roots)
});

fn extra_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let shown = path.display();
    let certificates = CertificateDer::pem_file_iter(path)
        .map_err(|err| format!("{EXTRA_CA_CERTS_ENV}={shown}: cannot read it: {err}"))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| format!("{EXTRA_CA_CERTS_ENV}={shown}: not PEM certificates: {err}"))?;
    if certificates.is_empty() {
        return Err(format!("{EXTRA_CA_CERTS_ENV}={shown}: holds no certificate (a PEM file of CERTIFICATE blocks)"));
    }
    Ok(certificates)
}

/// Reads the extra certificates now; the error names the file and what is wrong.
pub fn check_extra_roots() -> Result<(), String> {
    ROOTS.as_ref().map(drop).map_err(Clone::clone)
}

/// A client TLS connector trusting these roots.
pub fn connector() -> Result<tokio_rustls::TlsConnector, JsErrorBox> {
    static CONFIG: LazyLock<Result<Arc<rustls::ClientConfig>, String>> = LazyLock::new(|| {
        let roots = ROOTS.as_ref().map_err(Clone::clone)?.clone();
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|err| err.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Arc::new(config))
    });
    let config = CONFIG.as_ref().map_err(|err| JsErrorBox::generic(err.clone()))?;
    Ok(tokio_rustls::TlsConnector::from(config.clone()))
}

/// deno_fetch's view of the same roots.
pub struct FetchRoots;

impl deno_tls::RootCertStoreProvider for FetchRoots {
    fn get_or_try_init(&self) -> Result<&RootCertStore, JsErrorBox> {
        ROOTS.as_ref().map_err(|err| JsErrorBox::generic(err.clone()))
    }
}
