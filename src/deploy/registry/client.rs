//! The one registry client: `worky publish` uploads with it, `worky serve`
//! resolves "latest" and downloads with it.

use futures::StreamExt;

use crate::deploy::package::MAX_PACKAGE_BYTES;

use super::{Listing, NewOwner, Owners, Published, owners_path, package_path, versions_path};

/// A registry request that did not give what was asked; each refusal says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(
        "cannot reach the registry at {url}: {}\n  check the URL (--registry or WORKY_REGISTRY) and that the registry is running",
        root_cause(cause)
    )]
    // Not `source`: the message already says the cause, without the layers repeating the URL.
    Unreachable { url: String, cause: reqwest::Error },
    #[error("the registry refused the token (401): check --token or WORKY_TOKEN")]
    Unauthorized,
    #[error("{reason} (409): bump `version` in worky.toml to publish again")]
    AlreadyPublished { reason: String },
    #[error("the registry refused the package (400): {reason}")]
    Refused { reason: String },
    #[error("the package is too large for the registry (413)")]
    TooLarge,
    #[error("{reason} (403)")]
    Forbidden { reason: String },
    #[error("the registry answered {status} for {url}: {reason}")]
    Status { url: String, status: u16, reason: String },
    #[error("{url} lists no semver versions")]
    NoVersions { url: String },
    #[error("{url} sends more than a package can be ({MAX_PACKAGE_BYTES} bytes)")]
    DownloadTooLarge { url: String },
    #[error("the registry's answer from {url} cannot be read: {source}")]
    BadAnswer { url: String, source: reqwest::Error },
}

/// The innermost cause ("Connection refused", "failed to lookup address
/// information: ..."), without the layers that repeat the URL.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    let text = cause.to_string();
    let text = match text.find(" (os error ") {
        Some(at) => &text[..at],
        None => &text,
    };
    if error.downcast_ref::<reqwest::Error>().is_some_and(reqwest::Error::is_timeout) {
        return format!("timed out ({text})");
    }
    text.to_string()
}

#[derive(Clone)]
pub struct RegistryClient {
    base: String,
    http: reqwest::Client,
    /// Sent with reads when the registry requires a read token.
    read_token: Option<String>,
}

impl RegistryClient {
    pub fn new(base: &str) -> RegistryClient {
        RegistryClient { base: base.trim_end_matches('/').to_string(), http: reqwest::Client::new(), read_token: None }
    }

    /// Reads (listings, downloads) send `token`: a registry started with
    /// `--read-token` refuses reads without one.
    pub fn with_read_token(mut self, token: Option<String>) -> RegistryClient {
        self.read_token = token;
        self
    }

    /// Where `name@version` is published.
    pub fn package_url(&self, name: &str, version: &str) -> String {
        format!("{}{}", self.base, package_path(name, version))
    }

    /// Every published version of `name`.
    pub async fn versions(&self, name: &str) -> Result<Listing, ClientError> {
        let url = format!("{}{}", self.base, versions_path(name));
        let response = self.get(&url).await?;
        response.json().await.map_err(|source| ClientError::BadAnswer { url, source })
    }

    /// The highest semver version of `name`.
    pub async fn latest(&self, name: &str) -> Result<String, ClientError> {
        let listing = self.versions(name).await?;
        let url = format!("{}{}", self.base, versions_path(name));
        listing.latest().map(|info| info.version.clone()).ok_or(ClientError::NoVersions { url })
    }

    /// The package file of `name@version` (verify it before use: `package::unpack`).
    pub async fn download(&self, name: &str, version: &str) -> Result<Vec<u8>, ClientError> {
        let url = self.package_url(name, version);
        let mut response = self.get(&url).await?;
        // Never more than a package can be, whatever the registry sends.
        let mut bytes = Vec::new();
        while let Some(chunk) =
            response.chunk().await.map_err(|source| ClientError::BadAnswer { url: url.clone(), source })?
        {
            if (bytes.len() + chunk.len()) as u64 > MAX_PACKAGE_BYTES {
                return Err(ClientError::DownloadTooLarge { url });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    /// Uploads a package; `progress` hears the bytes sent so far.
    pub async fn upload(
        &self,
        name: &str,
        version: &str,
        token: &str,
        bytes: Vec<u8>,
        progress: impl Fn(u64) + Send + Sync + 'static,
    ) -> Result<Published, ClientError> {
        let url = self.package_url(name, version);
        let total = bytes.len() as u64;
        // The registry would refuse it before reading it: do not send it.
        if total > MAX_PACKAGE_BYTES {
            return Err(ClientError::TooLarge);
        }
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = bytes.chunks(64 * 1024).map(|c| Ok(c.to_vec())).collect();
        let mut sent = 0;
        let stream = futures::stream::iter(chunks).inspect(move |chunk| {
            if let Ok(chunk) = chunk {
                sent += chunk.len() as u64;
                progress(sent);
            }
        });
        let response = self
            .http
            .put(&url)
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_LENGTH, total)
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(reqwest::Body::wrap_stream(stream))
            .send()
            .await
            .map_err(|cause| ClientError::Unreachable { url: url.clone(), cause })?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return response.json().await.map_err(|source| ClientError::BadAnswer { url, source });
        }
        let reason = error_text(response).await;
        Err(match status {
            401 => ClientError::Unauthorized,
            403 => ClientError::Forbidden { reason },
            409 => ClientError::AlreadyPublished { reason },
            400 => ClientError::Refused { reason },
            413 => ClientError::TooLarge,
            _ => ClientError::Status { url, status, reason },
        })
    }

    /// Who may publish `name`.
    pub async fn owners(&self, name: &str) -> Result<Owners, ClientError> {
        let url = format!("{}{}", self.base, owners_path(name));
        let response = self.get(&url).await?;
        response.json().await.map_err(|source| ClientError::BadAnswer { url, source })
    }

    /// Shares `name` with `public_key`; `token` must be an owner's.
    pub async fn add_owner(&self, name: &str, public_key: &str, token: &str) -> Result<Owners, ClientError> {
        let url = format!("{}{}", self.base, owners_path(name));
        let response = self
            .http
            .post(&url)
            .bearer_auth(token)
            .json(&NewOwner { public_key: public_key.to_string() })
            .send()
            .await
            .map_err(|cause| ClientError::Unreachable { url: url.clone(), cause })?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return response.json().await.map_err(|source| ClientError::BadAnswer { url, source });
        }
        let reason = error_text(response).await;
        Err(match status {
            401 => ClientError::Unauthorized,
            403 => ClientError::Forbidden { reason },
            _ => ClientError::Status { url, status, reason },
        })
    }

    async fn get(&self, url: &str) -> Result<reqwest::Response, ClientError> {
        let mut request = self.http.get(url);
        if let Some(token) = &self.read_token {
            request = request.bearer_auth(token);
        }
        let response =
            request.send().await.map_err(|cause| ClientError::Unreachable { url: url.to_string(), cause })?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let reason = error_text(response).await;
            return Err(ClientError::Status { url: url.to_string(), status, reason });
        }
        Ok(response)
    }
}

/// The `error` of a `{"error": ...}` answer, or nothing.
async fn error_text(response: reqwest::Response) -> String {
    response
        .json::<serde_json::Value>()
        .await
        .ok()
        .and_then(|body| body.get("error").and_then(|e| e.as_str()).map(str::to_string))
        .unwrap_or_default()
}
