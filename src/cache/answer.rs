//! The response a `cache.match` hands back for a stored entry: the whole
//! entry, a 304 for a conditional request the entry satisfies, or a 206/416
//! for a `Range` request, as Workers' cache answers (recorded from miniflare in
//! tests/workerd/cache_api.js).

use super::policy::Headers;

/// What `match` resolves to.
#[derive(Debug, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
}

fn get<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn set(headers: &mut Headers, name: &str, value: String) {
    headers.retain(|(n, _)| n != name);
    headers.push((name.to_string(), value));
}

/// An ETag's opaque part (`W/"x"` and `"x"` are the same for If-None-Match).
fn etag(value: &str) -> Option<&str> {
    let value = value.trim();
    let value = value.strip_prefix("W/").unwrap_or(value);
    value.strip_prefix('"')?.strip_suffix('"').filter(|tag| !tag.is_empty())
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form compared.
fn fixdate(value: &str) -> Option<std::time::SystemTime> {
    let value = value.trim();
    (value.len() == 29 && value.ends_with(" GMT")).then(|| httpdate::parse_http_date(value).ok()).flatten()
}

fn not_modified(request: &Headers, stored: &Headers) -> bool {
    if let (Some(wanted), Some(tag)) = (get(request, "if-none-match"), get(stored, "etag").and_then(etag))
        && (wanted.trim() == "*" || wanted.split(',').any(|candidate| etag(candidate) == Some(tag)))
    {
        return true;
    }
    match (get(request, "if-modified-since").and_then(fixdate), get(stored, "last-modified").and_then(fixdate)) {
        (Some(since), Some(modified)) => modified <= since,
        _ => false,
    }
}

/// The byte ranges of a `Range` header in a body of `size` bytes: `None` when
/// none can be served (malformed, or all past the end).
fn ranges(value: &str, size: u64) -> Option<Vec<(u64, u64)>> {
    let specs = value.trim().strip_prefix("bytes=")?;
    let mut ranges = Vec::new();
    for spec in specs.split(',') {
        let (start, end) = spec.trim().split_once('-')?;
        let (start, end) = (start.trim(), end.trim());
        let range = if start.is_empty() {
            let suffix: u64 = end.parse().ok()?;
            (suffix > 0 && size > 0).then(|| (size.saturating_sub(suffix), size - 1))
        } else {
            let start: u64 = start.parse().ok()?;
            let end: u64 = if end.is_empty() { size.saturating_sub(1) } else { end.parse().ok()? };
            if end < start {
                return None;
            }
            (start < size).then(|| (start, end.min(size - 1)))
        };
        ranges.extend(range);
    }
    (!ranges.is_empty()).then_some(ranges)
}

/// The answer for `request`'s headers from a stored entry.
pub fn answer(request: &Headers, status: u16, mut headers: Headers, body: Vec<u8>) -> Answer {
    headers.push(("cf-cache-status".into(), "HIT".into()));
    if not_modified(request, &headers) {
        return Answer { status: 304, headers, body: Vec::new() };
    }
    let Some(range) = get(request, "range") else {
        return Answer { status, headers, body };
    };
    let size = body.len() as u64;
    let Some(ranges) = ranges(range, size) else {
        let headers =
            vec![("content-range".into(), format!("bytes */{size}")), ("cf-cache-status".into(), "HIT".into())];
        return Answer { status: 416, headers, body: Vec::new() };
    };
    if let [(start, end)] = ranges[..] {
        set(&mut headers, "content-range", format!("bytes {start}-{end}/{size}"));
        set(&mut headers, "content-length", format!("{}", end - start + 1));
        return Answer { status: 206, headers, body: body[start as usize..=end as usize].to_vec() };
    }
    multipart(headers, &body, &ranges)
}

/// Several ranges: a multipart/byteranges body (RFC 9110, 14.6).
fn multipart(mut headers: Headers, body: &[u8], ranges: &[(u64, u64)]) -> Answer {
    let boundary = format!("{:016x}", rand::random::<u64>());
    let content_type = get(&headers, "content-type").map(str::to_string);
    let size = body.len();
    let mut out = Vec::new();
    for &(start, end) in ranges {
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        if let Some(content_type) = &content_type {
            out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        out.extend_from_slice(format!("Content-Range: bytes {start}-{end}/{size}\r\n\r\n").as_bytes());
        out.extend_from_slice(&body[start as usize..=end as usize]);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--").as_bytes());
    set(&mut headers, "content-type", format!("multipart/byteranges; boundary={boundary}"));
    set(&mut headers, "content-length", out.len().to_string());
    Answer { status: 206, headers, body: out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(pairs: &[(&str, &str)]) -> Headers {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    fn stored() -> Headers {
        request(&[("etag", "\"abc\""), ("last-modified", "Thu, 01 Jan 2015 00:00:00 GMT")])
    }

    fn status_for(pairs: &[(&str, &str)]) -> (u16, Vec<u8>) {
        let answer = answer(&request(pairs), 200, stored(), b"0123456789".to_vec());
        (answer.status, answer.body)
    }

    #[test]
    fn ranges_on_both_sides_of_the_body() {
        assert_eq!(status_for(&[("range", "bytes=0-2")]), (206, b"012".to_vec()));
        assert_eq!(status_for(&[("range", "bytes=7-")]), (206, b"789".to_vec()));
        assert_eq!(status_for(&[("range", "bytes=-3")]), (206, b"789".to_vec()));
        assert_eq!(status_for(&[("range", "bytes=9-9")]), (206, b"9".to_vec()));
        assert_eq!(status_for(&[("range", "bytes=8-100")]), (206, b"89".to_vec()));
        assert_eq!(status_for(&[("range", "bytes=10-")]).0, 416, "one past the end");
        assert_eq!(status_for(&[("range", "bytes=5-2")]).0, 416);
        assert_eq!(status_for(&[("range", "chars=0-2")]).0, 416);
        assert_eq!(status_for(&[("range", "bytes=0-1,4-5")]).0, 206);
    }

    #[test]
    fn conditional_requests_the_entry_satisfies_get_304() {
        assert_eq!(status_for(&[("if-none-match", "\"abc\"")]).0, 304);
        assert_eq!(status_for(&[("if-none-match", "W/\"abc\"")]).0, 304);
        assert_eq!(status_for(&[("if-none-match", "\"x\", \"abc\"")]).0, 304);
        assert_eq!(status_for(&[("if-none-match", "*")]).0, 304);
        assert_eq!(status_for(&[("if-none-match", "\"x\"")]).0, 200);
        assert_eq!(status_for(&[("if-modified-since", "Thu, 01 Jan 2015 00:00:00 GMT")]).0, 304);
        assert_eq!(status_for(&[("if-modified-since", "Wed, 31 Dec 2014 23:59:59 GMT")]).0, 200);
        assert_eq!(status_for(&[("if-modified-since", "2015-01-02")]).0, 200);
    }
}
