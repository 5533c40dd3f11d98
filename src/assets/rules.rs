//! `_headers` and `_redirects` at the top of an assets directory: custom
//! headers on the assets' answers, and redirects (or rewrites) checked before
//! any file is looked for. Read and applied as wrangler reads them and
//! Cloudflare's asset worker applies them (workers-sdk's parseHeaders,
//! parseRedirects and rules engine; recorded with miniflare in
//! tests/static_assets). A line that cannot be used is skipped with a warning,
//! as wrangler does, not an error.

use std::collections::HashMap;

use regex::Regex;

use crate::bundle::HtmlHandling;

/// The file names, at the top of the directory (never served).
pub const HEADERS_FILE: &str = "_headers";
pub const REDIRECTS_FILE: &str = "_redirects";

const MAX_LINE_LENGTH: usize = 2000;
const MAX_HEADER_RULES: usize = 100;
const MAX_STATIC_REDIRECTS: usize = 2000;
const MAX_DYNAMIC_REDIRECTS: usize = 100;

/// A path pattern: `*` (the splat) and `:name` placeholders, over the whole
/// path (or `https://host/path`).
#[derive(Debug)]
struct Pattern {
    regex: Regex,
    /// Matched against `https://{host}{path}` rather than the path.
    cross_host: bool,
}

impl Pattern {
    /// `None` when the pattern cannot be compiled (two splats, a placeholder
    /// twice): the asset worker drops such a rule without a word.
    fn new(rule: &str) -> Option<Pattern> {
        let cross_host = rule.starts_with("https://");
        let host_end = if cross_host { rule["https://".len()..].find('/').map(|i| i + "https://".len()) } else { None };
        let mut regex = String::from("^");
        for (index, piece) in rule.split('*').enumerate() {
            if index > 0 {
                regex.push_str("(?P<splat>.*)");
            }
            // Offset of this piece in the rule, to tell the host's placeholders from the path's.
            let start = rule.split('*').take(index).map(|p| p.len() + 1).sum::<usize>();
            regex.push_str(&placeholders(piece, start, host_end));
        }
        regex.push('$');
        Some(Pattern { regex: Regex::new(&regex).ok()?, cross_host })
    }

    /// The captures (name to text) when `path` (on `host`) matches.
    fn matches(&self, host: &str, path: &str) -> Option<Vec<(String, String)>> {
        let subject = if self.cross_host { format!("https://{host}{path}") } else { path.to_string() };
        let captures = self.regex.captures(&subject)?;
        let names = self.regex.capture_names().flatten();
        Some(names.filter_map(|name| Some((name.to_string(), captures.name(name)?.as_str().to_string()))).collect())
    }
}

/// A piece of a pattern (between splats) as a regex: `:name` placeholders become
/// groups (a host's stop at `.`), everything else matches itself.
fn placeholders(piece: &str, start: usize, host_end: Option<usize>) -> String {
    let mut out = String::new();
    let mut rest = piece;
    let mut at = start;
    while let Some(colon) = rest.find(':') {
        let name_len = rest[colon + 1..]
            .char_indices()
            .take_while(|(i, c)| if *i == 0 { c.is_ascii_alphabetic() } else { c.is_ascii_alphanumeric() || *c == '_' })
            .count();
        out.push_str(&regex::escape(&rest[..colon]));
        if name_len == 0 {
            out.push(':');
        } else {
            let name = &rest[colon + 1..colon + 1 + name_len];
            let in_host = host_end.is_some_and(|end| at + colon < end);
            out.push_str(&format!("(?P<{name}>{})", if in_host { "[^/.]+" } else { "[^/]+" }));
        }
        at += colon + 1 + name_len;
        rest = &rest[colon + 1 + name_len..];
    }
    out + &regex::escape(rest)
}

/// `:name` and `:splat` in `text` replaced by what the pattern captured.
fn substitute(text: &str, captures: &[(String, String)]) -> String {
    let mut text = text.to_string();
    for (name, value) in captures {
        text = text.replace(&format!(":{name}"), value);
    }
    text
}

/// A URL as wrangler keeps one: `https://host/path` or a path; `None` with why not.
fn url_token(token: &str, only_relative: bool, allow_port: bool) -> Result<String, String> {
    if let Some(rest) = token.strip_prefix("https://") {
        let rest = rest.trim_start_matches('/');
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if !host.is_empty() {
            if only_relative {
                return Err(format!("Only relative URLs are allowed. Skipping absolute URL {token}."));
            }
            if !allow_port && host.rsplit_once(':').is_some_and(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())) {
                return Err(format!("Specifying ports is not supported. Skipping absolute URL {token}."));
            }
            return Ok(format!("https://{host}/{path}"));
        }
    }
    match (token.starts_with('/'), only_relative) {
        (true, _) => Ok(token.to_string()),
        (false, true) => Ok(format!("/{token}")),
        (false, false) => {
            Err("URLs should either be relative (e.g. begin with a forward-slash), or use HTTPS (e.g. begin with \
             \"https://\")."
                .into())
        }
    }
}

/// Lines of a rules file that were skipped, as wrangler words them.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Skipped(pub Vec<String>);

impl Skipped {
    fn line(&mut self, file: &str, number: usize, line: &str, message: impl Into<String>) {
        self.0.push(format!("{}\n    at {file}:{number} | {line}", message.into()));
    }
}

/// A line of a rules file to read: trimmed, not blank, not a comment, and not
/// over 2,000 characters (said, and skipped, as wrangler does).
fn usable<'a>(number: usize, line: &'a str, skipped: &mut Skipped) -> Option<&'a str> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    if line.len() > MAX_LINE_LENGTH {
        skipped.0.push(format!("Ignoring line {number} as it exceeds the maximum allowed length of 2000."));
        return None;
    }
    Some(line)
}

/// `_headers`: each rule's path and what it sets and removes.
#[derive(Debug, Default)]
pub struct HeaderRules {
    rules: Vec<HeaderRule>,
}

#[derive(Debug)]
struct HeaderRule {
    path: String,
    pattern: Option<Pattern>,
    set: Vec<(String, String)>,
    unset: Vec<String>,
}

impl HeaderRules {
    pub fn parse(text: &str, skipped: &mut Skipped) -> HeaderRules {
        let mut rules: Vec<HeaderRule> = Vec::new();
        let mut current: Option<(HeaderRule, usize, String)> = None;
        let lines: Vec<&str> = text.split('\n').collect();
        // A rule is kept once its lines are read; one for a path already seen replaces it.
        fn finish(current: Option<(HeaderRule, usize, String)>, rules: &mut Vec<HeaderRule>, skipped: &mut Skipped) {
            let Some((rule, number, line)) = current else { return };
            if rule.set.is_empty() && rule.unset.is_empty() {
                skipped.line(HEADERS_FILE, number, &line, "No headers specified");
            } else if let Some(same) = rules.iter_mut().find(|r| r.path == rule.path) {
                *same = rule;
            } else {
                rules.push(rule);
            }
        }
        for (index, line) in lines.iter().enumerate() {
            let number = index + 1;
            let Some(line) = usable(number, line, skipped) else { continue };
            let is_path = line.starts_with('/')
                || line
                    .split_once("://")
                    .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains(char::is_whitespace));
            if is_path {
                if rules.len() >= MAX_HEADER_RULES {
                    let left = lines.len() - index;
                    skipped.0.push(format!(
                        "Maximum number of rules supported is 100. Skipping remaining {left} lines of file."
                    ));
                    current = None;
                    break;
                }
                finish(current.take(), &mut rules, skipped);
                match url_token(line, false, false) {
                    Ok(path) => {
                        let rule =
                            HeaderRule { pattern: Pattern::new(&path), path, set: Vec::new(), unset: Vec::new() };
                        current = Some((rule, number, line.to_string()));
                    }
                    Err(message) => skipped.line(HEADERS_FILE, number, line, message),
                }
                continue;
            }
            let Some((name, value)) = line.split_once(':') else {
                match (&mut current, line.strip_prefix("! ")) {
                    (Some((rule, _, _)), Some(name)) => rule.unset.push(name.to_string()),
                    (Some(_), None) => skipped.line(
                        HEADERS_FILE,
                        number,
                        line,
                        "Expected a colon-separated header pair (e.g. name: value)",
                    ),
                    (None, _) => skipped.line(
                        HEADERS_FILE,
                        number,
                        line,
                        "Expected a path beginning with at least one forward-slash",
                    ),
                }
                continue;
            };
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            let problem = if name.contains(' ') {
                Some("Header name cannot include spaces".to_string())
            } else if name.is_empty() {
                Some("No header name specified".to_string())
            } else if value.is_empty() {
                Some("No header value specified".to_string())
            } else if current.is_none() {
                Some(format!("Path should come before header ({name}: {value})"))
            } else {
                None
            };
            if let Some(problem) = problem {
                skipped.line(HEADERS_FILE, number, line, problem);
                continue;
            }
            let Some((rule, _, _)) = current.as_mut() else { continue };
            match rule.set.iter_mut().find(|(n, _)| *n == name) {
                Some((_, existing)) => *existing = format!("{existing}, {value}"),
                None => rule.set.push((name, value.to_string())),
            }
        }
        finish(current, &mut rules, skipped);
        HeaderRules { rules }
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Applies every rule matching the request's path (in the file's order): a
    /// rule's removals first, then its headers, which replace the answer's
    /// (appended to when an earlier rule set the same name).
    pub fn apply(&self, host: &str, path: &str, headers: &mut Vec<(String, String)>) {
        let mut set_before: Vec<String> = Vec::new();
        for rule in &self.rules {
            let Some(captures) = rule.pattern.as_ref().and_then(|pattern| pattern.matches(host, path)) else {
                continue;
            };
            for name in &rule.unset {
                headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            }
            for (name, value) in &rule.set {
                let value = substitute(value, &captures);
                if !set_before.contains(name) {
                    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                    set_before.push(name.clone());
                }
                headers.push((name.clone(), value));
            }
        }
    }
}

/// `_redirects`: exact paths first, then patterns in the file's order.
#[derive(Debug, Default)]
pub struct Redirects {
    exact: HashMap<String, Redirect>,
    patterns: Vec<(Option<Pattern>, Redirect)>,
}

#[derive(Debug, Clone)]
struct Redirect {
    to: String,
    status: u16,
}

/// Where a `_redirects` rule sends a request.
#[derive(Debug, PartialEq, Eq)]
pub enum Redirected {
    /// Answer with this status (301, 302, 303, 307 or 308) and Location.
    To { status: u16, to: String },
    /// Serve this path instead (a 200 rule): the URL the client sees stays.
    Rewrite(String),
}

impl Redirects {
    pub fn parse(text: &str, html_handling: HtmlHandling, skipped: &mut Skipped) -> Redirects {
        let mut redirects = Redirects::default();
        let (mut exact_count, mut pattern_count) = (0, 0);
        let mut seen: Vec<String> = Vec::new();
        let lines: Vec<&str> = text.split('\n').collect();
        for (index, line) in lines.iter().enumerate() {
            let number = index + 1;
            let Some(line) = usable(number, line, skipped) else { continue };
            let without_comment = match line.find(" #").or_else(|| line.find("\t#")) {
                Some(at) => &line[..at],
                None => line,
            };
            let tokens: Vec<&str> = without_comment.split_whitespace().collect();
            if !(2..=3).contains(&tokens.len()) {
                let message = format!("Expected exactly 2 or 3 whitespace-separated tokens. Got {}.", tokens.len());
                skipped.line(REDIRECTS_FILE, number, line, message);
                continue;
            }
            let from = match url_token(tokens[0], true, false) {
                Ok(from) => from,
                Err(message) => {
                    skipped.line(REDIRECTS_FILE, number, line, message);
                    continue;
                }
            };
            let is_exact = pattern_count == 0 && !from.contains('*') && !has_placeholder(&from);
            if is_exact {
                exact_count += 1;
                if exact_count > MAX_STATIC_REDIRECTS {
                    skipped.0.push("Maximum number of static rules supported is 2000. Skipping line.".into());
                    continue;
                }
            } else {
                pattern_count += 1;
                if pattern_count > MAX_DYNAMIC_REDIRECTS {
                    let left = lines.len() - index;
                    skipped.0.push(format!(
                        "Maximum number of dynamic rules supported is 100. Skipping remaining {left} lines of file."
                    ));
                    break;
                }
            }
            let to = match url_token(tokens[1], false, true) {
                Ok(to) => to,
                Err(message) => {
                    skipped.line(REDIRECTS_FILE, number, line, message);
                    continue;
                }
            };
            let status = tokens.get(2).copied().unwrap_or("302");
            let Some(status) = status.parse::<u16>().ok().filter(|s| [200, 301, 302, 303, 307, 308].contains(s)) else {
                let message =
                    format!("Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got {status}.");
                skipped.line(REDIRECTS_FILE, number, line, message);
                continue;
            };
            let relative = !to.starts_with("https://");
            let to_index = to.ends_with("/index") || to.ends_with("/index.html");
            let loops = (from.ends_with("/*") && to_index)
                || (from.ends_with('/') && to_index && html_handling != HtmlHandling::None);
            if relative && loops {
                skipped.line(
                    REDIRECTS_FILE,
                    number,
                    line,
                    "Infinite loop detected in this rule and has been ignored. This will cause a redirect to strip \
                     `.html` or `/index` and end up triggering this rule again. Please fix or remove this rule to \
                     silence this warning.",
                );
                continue;
            }
            if seen.contains(&from) {
                skipped.line(REDIRECTS_FILE, number, line, format!("Ignoring duplicate rule for path {from}."));
                continue;
            }
            seen.push(from.clone());
            if status == 200 && !relative {
                let message = format!("Proxy (200) redirects can only point to relative paths. Got {to}");
                skipped.line(REDIRECTS_FILE, number, line, message);
                continue;
            }
            let redirect = Redirect { to, status };
            if is_exact {
                redirects.exact.insert(from, redirect);
            } else {
                redirects.patterns.push((Pattern::new(&from), redirect));
            }
        }
        redirects
    }

    pub fn len(&self) -> usize {
        self.exact.len() + self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rule for a request's path, if one matches: the exact ones first.
    pub fn find(&self, host: &str, path: &str) -> Option<Redirected> {
        let (to, status) = match self.exact.get(path) {
            Some(redirect) => (redirect.to.clone(), redirect.status),
            None => self.patterns.iter().find_map(|(pattern, redirect)| {
                let captures = pattern.as_ref()?.matches(host, path)?;
                let to = substitute(&redirect.to, &captures);
                let to = to.trim();
                let to = if to.contains("://") { to.to_string() } else { fold_slashes(to) };
                Some((to, redirect.status))
            })?,
        };
        Some(match status {
            200 => Redirected::Rewrite(to),
            status => Redirected::To { status, to },
        })
    }
}

fn has_placeholder(path: &str) -> bool {
    path.match_indices(':').any(|(at, _)| path[at + 1..].starts_with(|c: char| c.is_ascii_alphabetic()))
}

fn fold_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_capture_splats_and_placeholders_and_drop_what_cannot_compile() {
        let pattern = Pattern::new("/news/:year/:month/*").unwrap();
        let captured = pattern.matches("a.test", "/news/2026/11/x/y").unwrap();
        assert_eq!(substitute("/archive/:year-:month/:splat", &captured), "/archive/2026-11/x/y");
        assert!(pattern.matches("a.test", "/news/2026/x").is_none());
        let host = Pattern::new("https://:sub.example.net/*").unwrap();
        let captured = host.matches("shop.example.net", "/a").unwrap();
        assert_eq!(substitute("https://example.com/:sub/:splat", &captured), "https://example.com/shop/a");
        assert!(host.matches("a.b.example.net", "/a").is_none(), "a host placeholder stops at a dot");
        assert!(Pattern::new("/a/*/b/*").is_none(), "two splats: dropped, as the asset worker's regex fails");
        assert!(Pattern::new("/a.b").unwrap().matches("h", "/axb").is_none());
    }

    #[test]
    fn skipped_lines_say_why() {
        let mut skipped = Skipped::default();
        let text = "/a /b 404\n/c\nhttps://x.test/d /e\n/f http://g.test/ 301\n/h/* /index.html 200\n/i /j\n/i /k\n";
        let redirects = Redirects::parse(text, HtmlHandling::AutoTrailingSlash, &mut skipped);
        assert_eq!(redirects.len(), 1);
        let said = skipped.0.join("\n");
        for message in [
            "Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got 404.",
            "Expected exactly 2 or 3 whitespace-separated tokens. Got 1.",
            "Only relative URLs are allowed.",
            "URLs should either be relative",
            "Infinite loop detected",
            "Ignoring duplicate rule for path /i.",
        ] {
            assert!(said.contains(message), "{message}\n{said}");
        }
        let mut skipped = Skipped::default();
        let headers = HeaderRules::parse("X-A: b\n/a\n  bad line\n/b\n/c\n  X-C: d\n", &mut skipped);
        assert_eq!(headers.len(), 1);
        let said = skipped.0.join("\n");
        assert!(said.contains("Path should come before header (x-a: b)"), "{said}");
        assert!(said.contains("Expected a colon-separated header pair"), "{said}");
        assert!(said.contains("No headers specified"), "{said}");
    }
}
