//! Which file a path serves, or where it redirects: Workers' `html_handling`
//! and `not_found_handling` rules, decided in the order Cloudflare's asset
//! server decides them (workers-sdk's asset-worker `getIntent`, recorded with
//! miniflare in tests/workerd/static_assets.js).
//!
//! A path is first decoded (each segment, as `decodeURIComponent`; repeated
//! slashes folded) and matched against the files by that; the file's canonical
//! path is its encoded form (as `encodeURIComponent` writes each segment), so
//! `/[a]` redirects to `/%5Ba%5D`. Two paths name the same file for a redirect
//! when their files have the same ETag (the same content and extension).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::bundle::{HtmlHandling, NotFoundHandling};

/// What `encodeURIComponent` leaves as it is: letters, digits and `-_.!~*'()`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Looks a decoded path up: the file's ETag, if there is one.
pub trait Lookup {
    fn etag(&self, path: &str) -> Option<&str>;
}

/// What a path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// Serve the file `path` with this status (200, or 404 for a 404 page).
    Asset { path: String, status: u16, not_found: bool },
    /// Redirect (307) to this path, decoded.
    Redirect(String),
}

/// `pathname` (as the URL parser gives it) decoded for matching.
pub fn decode_path(pathname: &str) -> String {
    let decoded: Vec<String> = pathname
        .split('/')
        .map(|segment| match percent_decode_str(segment).decode_utf8() {
            Ok(text) => text.into_owned(),
            Err(_) => segment.to_string(),
        })
        .collect();
    let joined = decoded.join("/");
    let mut folded = String::with_capacity(joined.len());
    for c in joined.chars() {
        if !(c == '/' && folded.ends_with('/')) {
            folded.push(c);
        }
    }
    folded
}

/// A decoded path in its canonical (encoded) form.
pub fn encode_path(path: &str) -> String {
    path.split('/').map(|segment| utf8_percent_encode(segment, COMPONENT).to_string()).collect::<Vec<_>>().join("/")
}

/// One step of a rule: serve a file if it exists, or redirect to a path when
/// that path would serve the same file.
enum Step {
    /// The path itself.
    Exact,
    Serve(String),
    /// `Redirect(file, destination)`.
    Redirect(String, String),
}

struct Resolver<'a, L: Lookup> {
    files: &'a L,
    html: HtmlHandling,
    not_found: NotFoundHandling,
}

/// The intent for a decoded path, or `None` (nothing to serve: the worker, or a 404).
pub fn intent(files: &impl Lookup, html: HtmlHandling, not_found: NotFoundHandling, path: &str) -> Option<Intent> {
    Resolver { files, html, not_found }.resolve(path, false)
}

impl<L: Lookup> Resolver<'_, L> {
    fn resolve(&self, path: &str, skip_redirects: bool) -> Option<Intent> {
        for step in self.steps(path) {
            let found = match step {
                Step::Exact => self.serve(path),
                Step::Serve(file) => self.serve(&file),
                Step::Redirect(_, _) if skip_redirects => None,
                Step::Redirect(file, destination) => self.redirect(&file, destination),
            };
            if found.is_some() {
                return found;
            }
        }
        self.not_found(path)
    }

    fn serve(&self, file: &str) -> Option<Intent> {
        self.files.etag(file).map(|_| Intent::Asset { path: file.to_string(), status: 200, not_found: false })
    }

    /// Redirects to `destination` when it is not a file itself and resolves
    /// (without redirects) to a file with `file`'s ETag.
    fn redirect(&self, file: &str, destination: String) -> Option<Intent> {
        if self.files.etag(&destination).is_some() {
            return None;
        }
        let wanted = self.files.etag(file)?;
        match self.resolve(&destination, true)? {
            Intent::Asset { path, .. } if self.files.etag(&path) == Some(wanted) => Some(Intent::Redirect(destination)),
            _ => None,
        }
    }

    /// What a path with no file answers: `index.html` (a single-page app), the
    /// nearest `404.html` up the tree with a 404, or nothing.
    fn not_found(&self, path: &str) -> Option<Intent> {
        let asset = |path: &str, status| {
            self.files.etag(path).map(|_| Intent::Asset { path: path.to_string(), status, not_found: true })
        };
        match self.not_found {
            NotFoundHandling::SinglePageApplication => asset("/index.html", 200),
            NotFoundHandling::NotFoundPage => {
                let mut dir = path;
                while !dir.is_empty() {
                    dir = &dir[..dir.rfind('/').unwrap_or(0)];
                    if let Some(found) = asset(&format!("{dir}/404.html"), 404) {
                        return Some(found);
                    }
                }
                None
            }
            NotFoundHandling::None => None,
        }
    }

    /// The steps for `path`, in order: first those for its ending (`/index`,
    /// `/index.html`, `/`, `.html`), then those for any path.
    fn steps(&self, path: &str) -> Vec<Step> {
        use Step::{Exact, Redirect, Serve};
        let p = path;
        let cut = |suffix: &str| p[..p.len() - suffix.len()].to_string();
        let mut steps = match self.html {
            HtmlHandling::None => return vec![Exact],
            HtmlHandling::AutoTrailingSlash => {
                if p.ends_with("/index") {
                    vec![
                        Exact,
                        Redirect(format!("{p}.html"), cut("index")),
                        Redirect(cut("/index") + ".html", cut("/index")),
                    ]
                } else if p.ends_with("/index.html") {
                    vec![
                        Redirect(p.into(), cut("index.html")),
                        Redirect(cut("/index.html") + ".html", cut("/index.html")),
                    ]
                } else if p.ends_with('/') {
                    vec![Serve(format!("{p}index.html")), Redirect(cut("/") + ".html", cut("/"))]
                } else if p.ends_with(".html") {
                    vec![Redirect(p.into(), cut(".html")), Redirect(cut(".html") + "/index.html", cut(".html") + "/")]
                } else {
                    vec![]
                }
            }
            HtmlHandling::ForceTrailingSlash => {
                if p.ends_with("/index") {
                    vec![
                        Exact,
                        Redirect(format!("{p}.html"), cut("index")),
                        Redirect(cut("/index") + ".html", cut("index")),
                    ]
                } else if p.ends_with("/index.html") {
                    vec![
                        Redirect(p.into(), cut("index.html")),
                        Redirect(cut("/index.html") + ".html", cut("index.html")),
                    ]
                } else if p.ends_with('/') {
                    vec![Serve(format!("{p}index.html")), Serve(cut("/") + ".html")]
                } else if p.ends_with(".html") {
                    vec![
                        Redirect(p.into(), cut(".html") + "/"),
                        Exact,
                        Redirect(cut(".html") + "/index.html", cut(".html") + "/"),
                    ]
                } else {
                    vec![]
                }
            }
            HtmlHandling::DropTrailingSlash => {
                if p.ends_with("/index") {
                    if p == "/index" {
                        vec![Exact, Redirect("/index.html".into(), "/".into())]
                    } else {
                        vec![
                            Exact,
                            Redirect(cut("/index") + ".html", cut("/index")),
                            Redirect(format!("{p}.html"), cut("/index")),
                        ]
                    }
                } else if p.ends_with("/index.html") {
                    if p == "/index.html" {
                        vec![Redirect("/index.html".into(), "/".into())]
                    } else {
                        vec![
                            Redirect(p.into(), cut("/index.html")),
                            Exact,
                            Redirect(cut("/index.html") + ".html", cut("/index.html")),
                        ]
                    }
                } else if p.ends_with('/') {
                    if p == "/" {
                        vec![Serve("/index.html".into())]
                    } else {
                        vec![Redirect(cut("/") + ".html", cut("/")), Redirect(cut("/") + "/index.html", cut("/"))]
                    }
                } else if p.ends_with(".html") {
                    vec![Redirect(p.into(), cut(".html")), Redirect(cut(".html") + "/index.html", cut(".html"))]
                } else {
                    vec![]
                }
            }
        };
        steps.extend(match self.html {
            HtmlHandling::AutoTrailingSlash => {
                vec![Exact, Serve(format!("{p}.html")), Redirect(format!("{p}/index.html"), format!("{p}/"))]
            }
            HtmlHandling::ForceTrailingSlash => vec![
                Exact,
                Redirect(format!("{p}.html"), format!("{p}/")),
                Redirect(format!("{p}/index.html"), format!("{p}/")),
            ],
            HtmlHandling::DropTrailingSlash => {
                vec![Exact, Serve(format!("{p}.html")), Serve(format!("{p}/index.html"))]
            }
            HtmlHandling::None => vec![],
        });
        steps
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Files by path; the ETag is the content, so two paths may share one.
    struct Files(BTreeMap<String, String>);

    impl Lookup for Files {
        fn etag(&self, path: &str) -> Option<&str> {
            self.0.get(path).map(String::as_str)
        }
    }

    fn files(paths: &[&str]) -> Files {
        Files(paths.iter().map(|p| (p.to_string(), format!("etag of {p}"))).collect())
    }

    fn answer(files: &Files, html: HtmlHandling, not_found: NotFoundHandling, path: &str) -> String {
        match intent(files, html, not_found, path) {
            Some(Intent::Asset { path, status, .. }) => format!("{status} {path}"),
            Some(Intent::Redirect(to)) => format!("307 {to}"),
            None => "none".into(),
        }
    }

    #[test]
    fn paths_decode_per_segment_and_encode_as_uri_components() {
        assert_eq!(decode_path("/a%20b//c/%E2%9C%93"), "/a b/c/✓");
        assert_eq!(decode_path("/bad%E2%9C/ok%41"), "/bad%E2%9C/okA");
        assert_eq!(encode_path("/[boop] ü/a-b_c.d!~*'()"), "/%5Bboop%5D%20%C3%BC/a-b_c.d!~*'()");
    }

    #[test]
    fn not_found_pages_are_looked_for_up_the_tree() {
        let site = files(&["/404.html", "/blog/404.html", "/index.html"]);
        let page = NotFoundHandling::NotFoundPage;
        assert_eq!(answer(&site, HtmlHandling::None, page, "/blog/a/b"), "404 /blog/404.html");
        assert_eq!(answer(&site, HtmlHandling::None, page, "/shop/x"), "404 /404.html");
        let spa = NotFoundHandling::SinglePageApplication;
        assert_eq!(answer(&site, HtmlHandling::None, spa, "/shop/x"), "200 /index.html");
        assert_eq!(answer(&site, HtmlHandling::None, NotFoundHandling::None, "/shop/x"), "none");
    }
}
