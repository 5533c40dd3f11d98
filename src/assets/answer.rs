//! The asset server's answers, and the router in front of it: which requests
//! from outside the assets answer and which run the worker. Both as
//! Cloudflare's asset and router workers decide (workers-sdk's asset-worker
//! and router-worker, recorded with miniflare in tests/workerd/static_assets.js).

use url::Url;

use super::resolve::{self, Intent};
use super::rules::Redirected;
use super::{AssetFile, Assets};
use crate::bundle::{NotFoundHandling, RunWorkerFirst};

/// What the browser may cache: only after asking again.
const CACHE_CONTROL: &str = "public, max-age=0, must-revalidate";

/// A request as the assets see it.
pub struct AssetRequest<'a> {
    pub method: &'a str,
    /// Its path (as the URL parser writes it) is looked up; its query is kept on
    /// redirects; its host matters to `https://` rules of `_headers` and `_redirects`.
    pub url: &'a Url,
    pub headers: &'a [(String, Vec<u8>)],
}

impl AssetRequest<'_> {
    fn path(&self) -> &str {
        self.url.path()
    }

    fn host(&self) -> &str {
        self.url.host_str().unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, value)| std::str::from_utf8(value).ok())
    }

    /// `?query`, or nothing for an empty query (as a URL's `search` is).
    fn search(&self) -> String {
        search(self.url)
    }
}

/// An answer from the assets.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// `None`: no body (a redirect, a 304, a HEAD, a 404 without a page).
    pub body: Option<AssetFile>,
}

impl Answer {
    fn empty(status: u16) -> Answer {
        Answer { status, headers: Vec::new(), body: None }
    }
}

fn search(url: &Url) -> String {
    url.query().filter(|query| !query.is_empty()).map(|query| format!("?{query}")).unwrap_or_default()
}

/// What the asset server does with a path, before any file is read.
enum Decision {
    /// Nothing here: the worker's, or an empty 404.
    NoIntent,
    /// A `_redirects` rewrite to a path without a file: a 404 of the assets'.
    NotFound,
    MethodNotAllowed,
    Redirect {
        status: u16,
        location: String,
    },
    Serve {
        path: String,
        status: u16,
    },
}

impl Assets {
    /// `_redirects` first: a redirect answers at once; a rewrite (200) gives the
    /// path to look up instead of the request's (`true`: rewritten).
    fn redirected(&self, request: &AssetRequest<'_>) -> Result<(String, bool), Decision> {
        let unchanged = || Ok((request.path().to_string(), false));
        match self.redirects.find(request.host(), request.path()) {
            Some(Redirected::To { status, to }) => match location(request.url, &to) {
                Some(location) => Err(Decision::Redirect { status: status_of(status), location }),
                None => unchanged(),
            },
            Some(Redirected::Rewrite(to)) => match request.url.join(&to) {
                Ok(url) => Ok((url.path().to_string(), true)),
                Err(_) => unchanged(),
            },
            None => unchanged(),
        }
    }

    fn decide(&self, request: &AssetRequest<'_>, not_found: NotFoundHandling) -> Decision {
        let (path, rewritten) = match self.redirected(request) {
            Ok(found) => found,
            Err(redirect) => return redirect,
        };
        let decoded = resolve::decode_path(&path);
        let settings = &self.settings;
        let Some(intent) = resolve::intent(self, settings.html_handling, not_found, &decoded) else {
            return if rewritten { Decision::NotFound } else { Decision::NoIntent };
        };
        if !request.method.eq_ignore_ascii_case("GET") && !request.method.eq_ignore_ascii_case("HEAD") {
            return Decision::MethodNotAllowed;
        }
        let redirect = |to: String| Decision::Redirect { status: 307, location: to + &request.search() };
        match intent {
            Intent::Redirect(destination) => redirect(resolve::encode_path(&destination)),
            Intent::Asset { path: file, status, .. } => {
                // The canonical path of a file is its encoded form: `/[a]` redirects to `/%5Ba%5D`.
                let encoded = resolve::encode_path(&decoded);
                if encoded != path {
                    return redirect(encoded);
                }
                Decision::Serve { path: file, status }
            }
        }
    }

    /// The asset server's answer (`env.ASSETS.fetch`, and what the router
    /// sends it): a file, a 307 to a file's canonical path, a 304 for a
    /// matching `If-None-Match`, a 405 for a method other than GET and HEAD on
    /// a file, or an empty 404.
    pub fn answer(&self, request: &AssetRequest<'_>) -> Answer {
        let mut answer = self.answer_plain(request);
        self.headers.apply(request.host(), request.path(), &mut answer.headers);
        answer
    }

    /// The answer before `_headers` apply.
    fn answer_plain(&self, request: &AssetRequest<'_>) -> Answer {
        let (path, status) = match self.decide(request, self.settings.not_found_handling) {
            Decision::NoIntent | Decision::NotFound => return Answer::empty(404),
            Decision::MethodNotAllowed => return Answer::empty(405),
            Decision::Redirect { status, location } => {
                return Answer { status, headers: vec![("location".into(), location)], body: None };
            }
            Decision::Serve { path, status } => (path, status),
        };
        let entry = &self.by_path[&path];
        let etag = format!("\"{}\"", entry.etag);
        let mut headers = vec![("etag".to_string(), etag.clone())];
        if let Some(content_type) = &entry.content_type {
            headers.push(("content-type".into(), content_type.clone()));
        }
        if request.header("authorization").is_none() && request.header("range").is_none() {
            headers.push(("cache-control".into(), CACHE_CONTROL.into()));
        }
        // Cloudflare's says whether its KV store answered fast; worky's files are local.
        headers.push(("cf-cache-status".into(), "HIT".into()));
        let if_none_match = request.header("if-none-match").unwrap_or_default();
        if if_none_match == etag || if_none_match.strip_prefix("W/") == Some(etag.as_str()) {
            return Answer { status: 304, headers, body: None };
        }
        let body = (!request.method.eq_ignore_ascii_case("HEAD")).then(|| self.file_of(&path, entry));
        Answer { status, headers, body }
    }

    /// Whether a request from outside runs the worker (`has_worker`) rather than
    /// being answered by the assets, as Cloudflare's router decides:
    /// `run_worker_first` first (patterns: a `!/...` match goes to the assets,
    /// a `/...` match to the worker); then the assets answer whatever they
    /// have a file (or a redirect, or a 405) for. Their `not_found_handling`
    /// counts for that only with `run_worker_first` patterns, or for a browser's
    /// navigation (`Sec-Fetch-Mode: navigate`) when `navigation_prefers_assets`.
    pub fn runs_worker(&self, request: &AssetRequest<'_>, has_worker: bool, navigation_prefers_assets: bool) -> bool {
        let patterns = match &self.settings.run_worker_first {
            RunWorkerFirst::All(true) => return has_worker,
            RunWorkerFirst::All(false) => None,
            RunWorkerFirst::Paths(patterns) => Some(patterns),
        };
        if let Some(patterns) = patterns {
            let matches = |negated: bool| {
                patterns.iter().any(|pattern| match pattern.strip_prefix('!') {
                    Some(rest) => negated && glob_matches(rest, request.path()),
                    None => !negated && glob_matches(pattern, request.path()),
                })
            };
            if matches(true) {
                return false;
            }
            if matches(false) {
                return has_worker;
            }
        }
        let navigation = navigation_prefers_assets && request.header("sec-fetch-mode") == Some("navigate");
        let not_found = match patterns.is_some() || navigation {
            true => self.settings.not_found_handling,
            false => NotFoundHandling::None,
        };
        has_worker && matches!(self.decide(request, not_found), Decision::NoIntent)
    }
}

/// A `_redirects` status as the asset worker answers it: 301, 303, 307 and 308
/// as they are, anything else a 302.
fn status_of(status: u16) -> u16 {
    if [301, 303, 307, 308].contains(&status) { status } else { 302 }
}

/// The Location of a `_redirects` rule's target: a path on the request's own
/// origin, else the whole URL; the request's query stays unless the target has one.
fn location(request: &Url, to: &str) -> Option<String> {
    let destination = request.join(to).ok()?;
    let query = match destination.query().filter(|query| !query.is_empty()) {
        Some(query) => format!("?{query}"),
        None => search(request),
    };
    let hash =
        destination.fragment().filter(|hash| !hash.is_empty()).map(|hash| format!("#{hash}")).unwrap_or_default();
    if destination.origin() == request.origin() {
        return Some(format!("{}{query}{hash}", destination.path()));
    }
    let mut bare = destination.clone();
    bare.set_query(None);
    bare.set_fragment(None);
    Some(format!("{bare}{query}{hash}"))
}

/// A `run_worker_first` pattern against a URL path: `*` matches any run of
/// characters (`/` included), the rest itself, over the whole path.
fn glob_matches(pattern: &str, path: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = path.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else { return rest.is_empty() };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Whether a browser's navigation requests prefer assets over the worker when
/// no file matches (Workers' `assets_navigation_prefers_asset_serving`, on from
/// compatibility date 2025-04-01 unless `assets_navigation_has_no_effect`).
pub fn navigation_prefers_assets(compatibility_date: Option<&str>, flags: &[String]) -> bool {
    let flag = |name: &str| flags.iter().any(|f| f == name);
    flag("assets_navigation_prefers_asset_serving")
        || (compatibility_date.unwrap_or("2021-11-02") >= "2025-04-01" && !flag("assets_navigation_has_no_effect"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_worker_first_patterns_are_globs_over_the_whole_path() {
        assert!(glob_matches("/api/*", "/api/users/1"));
        assert!(glob_matches("/api/*", "/api/"));
        assert!(!glob_matches("/api/*", "/api"));
        assert!(glob_matches("/*.json", "/a/b.json"));
        assert!(glob_matches("/a*b*c", "/axxbyyc"));
        assert!(!glob_matches("/a*b*c", "/axxbyycd"));
        assert!(glob_matches("/exact", "/exact"));
        assert!(!glob_matches("/exact", "/exact/"));
        assert!(glob_matches("/a.b", "/a.b") && !glob_matches("/a.b", "/axb"));
    }

    #[test]
    fn navigation_preference_follows_the_compatibility_date_and_flags() {
        assert!(!navigation_prefers_assets(None, &[]));
        assert!(!navigation_prefers_assets(Some("2025-03-31"), &[]));
        assert!(navigation_prefers_assets(Some("2025-04-01"), &[]));
        assert!(!navigation_prefers_assets(Some("2026-01-01"), &["assets_navigation_has_no_effect".into()]));
        assert!(navigation_prefers_assets(Some("2024-01-01"), &["assets_navigation_prefers_asset_serving".into()]));
    }
}
