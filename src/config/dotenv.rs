//! `.dev.vars` as wrangler reads it: the `dotenv` npm package's `parse`, which
//! never expands `$VAR` (dotenvy would, from the host's environment: a project
//! could read `$HOME` or a CI token into `env`).
//!
//! The syntax: `KEY=value` or `KEY: value`, an optional `export ` before the key;
//! `#` starts a comment outside quotes; values in '...', "..." or `...` may span
//! lines and keep everything inside, and in "..." `\n` and `\r` become a line
//! feed and a carriage return. One deliberate difference: dotenv skips a line
//! it cannot read, worky says which line it is, so a typo does not silently
//! drop a secret.

/// A line that is neither blank, a comment, nor `KEY=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsable {
    /// 1-based.
    pub line: usize,
    pub text: String,
}

/// The pairs in `text`, in order (a later key replaces an earlier one when
/// they are collected into a map).
pub fn parse(text: &str) -> Result<Vec<(String, String)>, Unparsable> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut pairs = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line = &text[at..line_end];
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            at = line_end + 1;
            continue;
        }
        let unparsable = || Unparsable { line: text[..at].matches('\n').count() + 1, text: line.to_string() };
        let (key, value_at) = key_and_value_start(trimmed).ok_or_else(unparsable)?;
        let value_at = at + (line.len() - trimmed.len()) + value_at;
        let value_at = line_end - text[value_at..line_end].trim_start().len();
        let (value, next) = match quoted(&text, value_at) {
            Some(quoted) => quoted,
            None => (unquoted(&text[value_at..line_end]), line_end + 1),
        };
        pairs.push((key.to_string(), value));
        at = next;
    }
    Ok(pairs)
}

/// The key of `KEY=...`, `KEY: ...` or `export KEY=...`, and where its value
/// starts in `line`.
fn key_and_value_start(line: &str) -> Option<(&str, usize)> {
    let body = match line.strip_prefix("export") {
        Some(rest) if rest.starts_with([' ', '\t']) => rest.trim_start(),
        _ => line,
    };
    let key_len =
        body.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))).unwrap_or(body.len());
    let (key, after_key) = body.split_at(key_len);
    if key.is_empty() {
        return None;
    }
    let value = match after_key.trim_start().strip_prefix('=') {
        Some(value) => value,
        None => after_key.strip_prefix(':').filter(|rest| rest.starts_with([' ', '\t']))?,
    };
    Some((key, line.len() - value.len()))
}

/// A value in quotes starting at `at`: its text, and where the next line starts.
/// `None` when there is no closing quote, or something other than a comment
/// follows it on its line (dotenv then reads the line as unquoted).
fn quoted(text: &str, at: usize) -> Option<(String, usize)> {
    let quote = text[at..].chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let inside = at + 1;
    let mut chars = text[inside..].char_indices();
    let close = loop {
        let (i, c) = chars.next()?;
        // `\"` inside "..." does not close it (and stays as written).
        if c == '\\' && chars.clone().next().is_some_and(|(_, next)| next == quote) {
            chars.next();
        } else if c == quote {
            break inside + i;
        }
    };
    let line_end = text[close..].find('\n').map_or(text.len(), |i| close + i);
    let after = text[close + 1..line_end].trim_start();
    if !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    Some((unquote(&text[at..=close]), line_end + 1))
}

/// A value read as unquoted: up to a `#`, without the spaces around it (and
/// without quotes around it, as dotenv also strips them here: `'it''s'`).
fn unquoted(value: &str) -> String {
    unquote(value.split('#').next().unwrap_or_default().trim())
}

/// Drops the quotes around a value; in "..." `\n` and `\r` become a line feed
/// and a carriage return.
fn unquote(value: &str) -> String {
    let quote = value.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'));
    let inner = match quote {
        Some(quote) if value.len() >= 2 && value.ends_with(quote) => &value[1..value.len() - 1],
        _ => value,
    };
    if quote == Some('"') { inner.replace("\\n", "\n").replace("\\r", "\r") } else { inner.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse(text).unwrap()
    }

    fn one(text: &str) -> String {
        let parsed = pairs(text);
        assert_eq!(parsed.len(), 1, "{text:?}: {parsed:?}");
        parsed[0].1.clone()
    }

    #[test]
    fn values_are_never_expanded() {
        assert_eq!(one("A=$HOME"), "$HOME");
        assert_eq!(one("A=${HOME}/x"), "${HOME}/x");
        assert_eq!(one("A=\"$PATH\""), "$PATH");
    }

    #[test]
    fn the_dotenv_syntax() {
        assert_eq!(one("API_KEY=abc"), "abc");
        assert_eq!(one("  export TOKEN = abc  "), "abc");
        assert_eq!(one("KEY: value"), "value");
        assert_eq!(one("a.b-c=1"), "1");
        assert_eq!(one("EMPTY="), "");
        assert_eq!(one("A=b # comment"), "b");
        assert_eq!(one("A=b#c"), "b");
        assert_eq!(one("A='single # kept'"), "single # kept");
        assert_eq!(one("A=\"a b\" # comment"), "a b");
        assert_eq!(one("A=`tick`"), "tick");
        assert_eq!(one("A=\"line\\nbreak\""), "line\nbreak");
        assert_eq!(one("A='no\\nbreak'"), "no\\nbreak");
        assert_eq!(one("A=\"say \\\"hi\\\"\""), "say \\\"hi\\\"");
        assert_eq!(one("A=\"multi\nline\""), "multi\nline");
        assert_eq!(one("A=\"open"), "\"open");
        assert_eq!(one("A=\"a\" b"), "\"a\" b");
        assert_eq!(one("A=x\r\n"), "x");
        let parsed = pairs("# comment\n\nA=1\nB='x\ny'\nC=3\n");
        let keys: Vec<_> = parsed.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(keys, ["A=1", "B=x\ny", "C=3"]);
    }

    /// tests/fixtures/dotenv/expected.json: what the dotenv package wrangler uses
    /// made of each input (re-record with tests/fixtures/dotenv/record.sh).
    #[test]
    fn reads_every_recorded_input_as_wrangler_does() {
        let recorded: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/dotenv/expected.json")).unwrap();
        for case in recorded.as_array().unwrap() {
            let input = case["input"].as_str().unwrap();
            let ours: serde_json::Map<String, serde_json::Value> =
                pairs(input).into_iter().map(|(key, value)| (key, value.into())).collect();
            assert_eq!(serde_json::Value::Object(ours), case["parsed"], "input {input:?}");
        }
    }

    #[test]
    fn a_line_that_is_not_key_value_is_named() {
        assert_eq!(
            parse("GOOD=1\n\nthis is not valid\n"),
            Err(Unparsable { line: 3, text: "this is not valid".into() })
        );
        assert_eq!(parse("A='x\ny'\n=1"), Err(Unparsable { line: 3, text: "=1".into() }));
        assert_eq!(parse("KEY:value").unwrap_err().line, 1);
    }
}
