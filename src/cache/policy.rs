//! What a `cache.put` may store, and for how long: HTTP caching rules for a
//! shared cache (RFC 9111), as miniflare applies them (npm
//! http-cache-semantics), which is what `wrangler dev` users' code was tested
//! against. tests/workerd/cache_api.js records its answers.

/// Headers as (lower-case name, value).
pub type Headers = Vec<(String, String)>;

/// Statuses a shared cache may store at all.
const STORABLE_STATUSES: &[u16] = &[200, 203, 204, 300, 301, 302, 303, 307, 308, 404, 405, 410, 414, 501];
/// Statuses cacheable by default, without an explicit lifetime.
const DEFAULT_CACHEABLE: &[u16] = &[200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501];
/// Connection-level headers a cache never stores.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];
/// `immutable` without a lifetime: a day.
const IMMUTABLE_SECONDS: f64 = 24.0 * 3600.0;

/// A response the cache keeps: the headers to store and how long it lives.
#[derive(Debug, PartialEq)]
pub struct Storable {
    pub headers: Headers,
    pub ttl_ms: i64,
}

/// Cache-Control's directives (lower-case names; values unquoted).
fn directives(value: Option<&str>) -> Vec<(String, Option<String>)> {
    let Some(value) = value else { return Vec::new() };
    value
        .split(',')
        .map(|part| {
            let mut pair = part.splitn(2, '=');
            let name = pair.next().unwrap_or("").trim().to_ascii_lowercase();
            let value = pair.next().map(|v| v.trim().trim_matches('"').to_string());
            (name, value)
        })
        .collect()
}

struct CacheControl(Vec<(String, Option<String>)>);

impl CacheControl {
    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    /// A directive's number of seconds; a bare or unparsable one counts as 0.
    fn seconds(&self, name: &str) -> Option<f64> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.as_deref().and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0))
    }
}

fn get<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn http_date_ms(value: &str) -> Option<i64> {
    let time = httpdate::parse_http_date(value.trim()).ok()?;
    Some(time.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis() as i64)
}

/// Whether `status` with these headers may be stored and for how long; the
/// request's own Cache-Control does not count (Workers ignores it).
pub fn storable(request: &Headers, status: u16, response: &Headers, now_ms: i64) -> Option<Storable> {
    let mut response = response.clone();
    // `private=set-cookie`: store the response without its cookies (miniflare
    // lower-cases the directive list as it removes the directive).
    if let Some(index) =
        response.iter().position(|(n, v)| n == "cache-control" && v.to_ascii_lowercase().contains("private=set-cookie"))
    {
        let lowered = response[index].1.to_ascii_lowercase();
        let at = lowered.find("private=set-cookie").unwrap_or(0);
        let mut end = at + "private=set-cookie".len();
        if lowered[end..].starts_with(';') {
            end += 1;
        }
        response[index].1 = format!("{}{}", &lowered[..at], &lowered[end..]);
        response.retain(|(n, _)| n != "set-cookie");
    }
    let control = CacheControl(directives(get(&response, "cache-control")));
    let pragma_no_cache = get(&response, "cache-control").is_none()
        && get(&response, "pragma").is_some_and(|v| v.to_ascii_lowercase().contains("no-cache"));
    let has_lifetime = get(&response, "expires").is_some()
        || control.has("max-age")
        || control.has("s-maxage")
        || control.has("public");
    let storable = STORABLE_STATUSES.contains(&status)
        && !control.has("no-store")
        && !control.has("private")
        && (get(request, "authorization").is_none()
            || control.has("public")
            || control.has("s-maxage")
            || control.has("must-revalidate"))
        && (has_lifetime || DEFAULT_CACHEABLE.contains(&status))
        && get(&response, "set-cookie").is_none();
    if !storable {
        return None;
    }
    let max_age = max_age(&control, pragma_no_cache, &response, now_ms);
    let age = get(&response, "age").and_then(|v| v.trim().parse::<f64>().ok()).unwrap_or(0.0);
    let fresh = max_age - age;
    let stale_if_error = fresh + control.seconds("stale-if-error").unwrap_or(0.0);
    let stale_while_revalidate = fresh + control.seconds("stale-while-revalidate").unwrap_or(0.0);
    let ttl_ms = (fresh.max(stale_if_error).max(stale_while_revalidate).max(0.0) * 1000.0).round() as i64;
    if ttl_ms <= 0 {
        return None;
    }
    Some(Storable { headers: stored_headers(response, age, now_ms), ttl_ms })
}

/// The response's freshness lifetime in seconds.
fn max_age(control: &CacheControl, pragma_no_cache: bool, response: &Headers, now_ms: i64) -> f64 {
    if control.has("no-cache") || pragma_no_cache || control.has("proxy-revalidate") {
        return 0.0;
    }
    if get(response, "vary").is_some_and(|v| v.trim() == "*") {
        return 0.0;
    }
    if let Some(seconds) = control.seconds("s-maxage") {
        return seconds;
    }
    if let Some(seconds) = control.seconds("max-age") {
        return seconds;
    }
    let floor = if control.has("immutable") { IMMUTABLE_SECONDS } else { 0.0 };
    let server_date = get(response, "date").and_then(http_date_ms).unwrap_or(now_ms);
    if let Some(expires) = get(response, "expires") {
        return match http_date_ms(expires) {
            Some(at) if at >= server_date => floor.max((at - server_date) as f64 / 1000.0),
            _ => 0.0,
        };
    }
    if let Some(modified) = get(response, "last-modified").and_then(http_date_ms)
        && server_date > modified
    {
        return floor.max((server_date - modified) as f64 / 1000.0 * 0.1);
    }
    floor
}

/// The headers kept: without hop-by-hop ones, with `age` and `date` as of now.
fn stored_headers(mut headers: Headers, age: f64, now_ms: i64) -> Headers {
    let named_by_connection: Vec<String> = get(&headers, "connection")
        .map(|v| v.split(',').map(|name| name.trim().to_ascii_lowercase()).collect())
        .unwrap_or_default();
    let connection_level = |name: &String| HOP_BY_HOP.contains(&name.as_str()) || named_by_connection.contains(name);
    let informational_warning = |name: &String, value: &str| name == "warning" && value.trim_start().starts_with('1');
    headers.retain(|(name, value)| !connection_level(name) && !informational_warning(name, value));
    headers.retain(|(name, _)| name != "age" && name != "date");
    headers.push(("age".into(), format!("{}", age.round() as i64)));
    let now = std::time::UNIX_EPOCH + std::time::Duration::from_millis(now_ms.max(0) as u64);
    headers.push(("date".into(), httpdate::fmt_http_date(now)));
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    fn ttl(status: u16, pairs: &[(&str, &str)]) -> Option<i64> {
        storable(&Vec::new(), status, &headers(pairs), NOW).map(|s| s.ttl_ms)
    }

    #[test]
    fn lifetimes_follow_cache_control_then_expires_then_last_modified() {
        assert_eq!(ttl(200, &[("cache-control", "max-age=60")]), Some(60_000));
        assert_eq!(ttl(200, &[("cache-control", "max-age=0, s-maxage=30")]), Some(30_000));
        assert_eq!(ttl(200, &[("cache-control", "max-age=60, s-maxage=0")]), None);
        assert_eq!(ttl(200, &[("cache-control", "max-age=0, stale-while-revalidate=60")]), Some(60_000));
        assert_eq!(ttl(200, &[("cache-control", "max-age=50"), ("age", "100")]), None);
        assert_eq!(ttl(200, &[("cache-control", "immutable")]), Some(86_400_000));
        let in_a_minute =
            httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_millis(NOW as u64 + 60_000));
        assert_eq!(ttl(200, &[("expires", &in_a_minute)]), Some(60_000));
        assert_eq!(ttl(200, &[("expires", "Thu, 01 Jan 2015 00:00:00 GMT")]), None);
        assert_eq!(ttl(200, &[("expires", "not a date")]), None);
        assert!(ttl(200, &[("last-modified", "Thu, 01 Jan 2015 00:00:00 GMT")]).is_some_and(|ms| ms > 0));
        assert_eq!(ttl(200, &[]), None, "no lifetime: kept for 0 s");
    }

    #[test]
    fn what_a_shared_cache_refuses() {
        for refused in [
            &[("cache-control", "no-store, max-age=60")][..],
            &[("cache-control", "private, max-age=60")],
            &[("cache-control", "no-cache, max-age=60")],
            &[("cache-control", "max-age=60"), ("set-cookie", "a=1")],
            &[("pragma", "no-cache"), ("expires", "Thu, 01 Jan 2099 00:00:00 GMT")],
        ] {
            assert_eq!(ttl(200, refused), None, "{refused:?}");
        }
        assert_eq!(ttl(500, &[("cache-control", "max-age=60")]), None);
        assert_eq!(ttl(201, &[("cache-control", "max-age=60")]), None);
        assert_eq!(ttl(404, &[("cache-control", "max-age=60")]), Some(60_000));
        let authorized = headers(&[("authorization", "Bearer x")]);
        assert_eq!(storable(&authorized, 200, &headers(&[("cache-control", "max-age=60")]), NOW), None);
        assert!(storable(&authorized, 200, &headers(&[("cache-control", "public, max-age=60")]), NOW).is_some());
    }

    #[test]
    fn private_set_cookie_stores_without_the_cookie() {
        let kept = storable(
            &Vec::new(),
            200,
            &headers(&[("set-cookie", "a=1"), ("cache-control", "private=set-cookie, max-age=60")]),
            NOW,
        )
        .unwrap();
        assert_eq!(get(&kept.headers, "set-cookie"), None);
        assert_eq!(get(&kept.headers, "cache-control"), Some(", max-age=60"));
    }

    #[test]
    fn hop_by_hop_headers_are_not_stored_and_age_and_date_are_set() {
        let kept = storable(
            &Vec::new(),
            200,
            &headers(&[
                ("cache-control", "max-age=60"),
                ("keep-alive", "5"),
                ("connection", "x-drop"),
                ("x-drop", "1"),
                ("age", "5"),
            ]),
            NOW,
        )
        .unwrap();
        let names: Vec<&str> = kept.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["cache-control", "age", "date"]);
        assert_eq!(get(&kept.headers, "age"), Some("5"));
        assert_eq!(kept.ttl_ms, 55_000);
    }
}
