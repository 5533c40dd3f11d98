//! Configuration files: `worky.toml` and `.dev.vars` (a project), `serve.toml`
//! (a production host). They are parsed into plain types, validated with the
//! runtime's own rules, and every problem names the file, line and column (from
//! the spans toml keeps) and says what to do.

pub mod cron;
pub mod dotenv;
pub mod json_positions;
pub mod object_classes;
pub mod project;
pub mod serve;
pub mod settings;
pub mod wrangler;

use std::ops::Range;
use std::path::{Path, PathBuf};

pub use project::{CONFIG_FILE, Config, CustomBuild, DEV_VARS_FILE, Project};

/// What is wrong with a config file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// Not valid TOML, or a key or type the format does not have (toml's message
    /// carries the line, column and a code frame).
    #[error("{}: {message}", path.display())]
    Syntax { path: PathBuf, message: String },
    /// Valid TOML with a value worky cannot use; `location` is `file:line:col`.
    #[error("{location}: {message}")]
    Invalid { location: String, message: String },
    /// No entry module, or one that does not exist (the message says which and what to do).
    #[error("{0}")]
    Entry(String),
    #[error("{}: {message}", path.display())]
    DevVars { path: PathBuf, message: String },
    /// Several problems found together (each on its own line).
    #[error("{}", .0.iter().map(|err| err.to_string()).collect::<Vec<_>>().join("\n"))]
    Several(Vec<ConfigError>),
}

/// A config file's text, for turning spans into `file:line:col`.
pub struct SourceText<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    /// When `text` is the TOML equivalent of a JSON file (`wrangler.json`): the
    /// JSON, and where its keys and values are; positions are given in it.
    json: Option<(&'a str, &'a json_positions::JsonPositions)>,
}

impl<'a> SourceText<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> SourceText<'a> {
        SourceText { path, text, json: None }
    }

    /// `text`, the TOML equivalent of the JSON `json` at `path`, whose keys and values are at `positions`.
    pub fn json_equivalent(
        path: &'a Path,
        text: &'a str,
        json: &'a str,
        positions: &'a json_positions::JsonPositions,
    ) -> SourceText<'a> {
        SourceText { path, text, json: Some((json, positions)) }
    }

    /// `file:line:col` of a byte span (1-based, columns in characters).
    pub fn at(&self, span: Range<usize>) -> String {
        let (text, offset) = match self.json {
            None => (self.text, Some(span.start)),
            Some((json, positions)) => (json, positions.translate(span.start)),
        };
        let Some(offset) = offset else { return self.path.display().to_string() };
        line_column(self.path, text, offset)
    }

    pub fn invalid(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        ConfigError::Invalid { location: self.at(span), message: message.into() }
    }

    /// toml's own error, with a hint for the commonest mistake.
    pub fn syntax(&self, err: &toml::de::Error) -> ConfigError {
        // toml's message quotes the equivalent TOML: for JSON, only what it says, where.
        if let (Some(_), Some(span)) = (self.json, err.span()) {
            return self.invalid(span, err.message().trim_end());
        }
        let message = err.to_string();
        let message = message.trim_end();
        let message = if message.contains("unknown field") {
            format!("{message}\n  remove the key or fix its spelling")
        } else {
            message.to_string()
        };
        ConfigError::Syntax { path: self.path.to_path_buf(), message }
    }
}

/// `file:line:col` of byte `offset` in `text` (1-based, columns in characters).
fn line_column(path: &Path, text: &str, offset: usize) -> String {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |start| start.chars().count()) + 1;
    format!("{}:{line}:{column}", path.display())
}

/// Reads a config file.
pub fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_path_buf(), source })
}

pub fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Value::from(*f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => serde_json::Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => {
            serde_json::Value::Object(table.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect())
        }
    }
}

fn is_js_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_become_lines_and_columns() {
        let source = SourceText::new(Path::new("/p/worky.toml"), "a = 1\nbé = \"x\"\n");
        assert_eq!(source.at(0..1), "/p/worky.toml:1:1");
        assert_eq!(source.at(6..7), "/p/worky.toml:2:1");
        // Columns count characters, not bytes.
        assert_eq!(source.at(12..15), "/p/worky.toml:2:6");
    }
}
