//! Helpers for worky's own JSON APIs (the registry, serve's admin endpoint).

use axum::body::Body;
use axum::http::{HeaderMap, Response, StatusCode, header};
use axum::response::IntoResponse;
use subtle::ConstantTimeEq;

/// A JSON error body, `{"error": message}`.
pub fn json_error(status: StatusCode, message: impl Into<String>) -> Response<Body> {
    (status, axum::Json(serde_json::json!({ "error": message.into() }))).into_response()
}

/// The token of an `Authorization: Bearer ...` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

/// Compares a presented token with a secret in constant time, so response
/// timing does not tell an attacker how much of a guess was right.
pub fn token_matches(given: &str, secret: &str) -> bool {
    given.as_bytes().ct_eq(secret.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_exactly() {
        assert!(token_matches("admin", "admin"));
        assert!(!token_matches("admin", "admin2"));
        assert!(!token_matches("", "admin"));
        assert!(!token_matches("Admin", "admin"));
    }

    #[test]
    fn bearer_tokens_are_read_from_the_header() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer_token(&headers), None);
        headers.insert(header::AUTHORIZATION, "Bearer t0k".parse().unwrap());
        assert_eq!(bearer_token(&headers), Some("t0k"));
        headers.insert(header::AUTHORIZATION, "Basic t0k".parse().unwrap());
        assert_eq!(bearer_token(&headers), None);
    }
}
