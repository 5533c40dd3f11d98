//! Positions in a `wrangler.json(c)` for what worky reads as its TOML
//! equivalent: a place in the equivalent text (a key, a value) is found by its
//! key path (`limits.cpu_ms`, `kv_namespaces[1].binding`), and the same path
//! in the JSON gives the line and column the user wrote it at.

use std::collections::HashMap;
use std::ops::Range;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Ranged;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Key(String),
    Index(usize),
}

/// What a span points at: a key, or the value under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Part {
    Key,
    Value,
}

type Path = Vec<Segment>;

pub struct JsonPositions {
    /// Where each key and value starts in the JSON.
    json: HashMap<(Path, Part), usize>,
    /// The spans of keys and values in the equivalent TOML, with their paths.
    toml: Vec<(Range<usize>, Path, Part)>,
}

impl JsonPositions {
    /// `json` must parse (the caller has parsed it); `toml` is what it became.
    pub fn new(json: &str, toml: &str) -> JsonPositions {
        let mut positions = JsonPositions { json: HashMap::new(), toml: Vec::new() };
        if let Ok(parsed) = jsonc_parser::parse_to_ast(json, &Default::default(), &Default::default())
            && let Some(value) = parsed.value
        {
            positions.walk_json(&value, &mut Vec::new());
        }
        if let Ok(document) = toml_edit::ImDocument::parse(toml.to_string()) {
            positions.walk_table(document.as_table(), &mut Vec::new());
        }
        positions
    }

    /// Where, in the JSON, the top-level key `key` is written.
    pub fn key(&self, key: &str) -> Option<usize> {
        self.json.get(&(vec![Segment::Key(key.to_string())], Part::Key)).copied()
    }

    /// The JSON offset of what is at `offset` in the equivalent TOML: the
    /// innermost key or value there, else its nearest enclosing one.
    pub fn translate(&self, offset: usize) -> Option<usize> {
        let innermost = self
            .toml
            .iter()
            .filter(|(span, _, _)| span.start <= offset && offset <= span.end)
            .min_by_key(|(span, _, _)| span.end - span.start)?;
        let (_, path, part) = innermost;
        // A value the JSON does not have as such (a table made of keys) falls back to its key.
        self.json.get(&(path.clone(), *part)).or_else(|| self.json.get(&(path.clone(), Part::Key))).copied()
    }

    fn walk_json(&mut self, value: &Value<'_>, path: &mut Path) {
        self.json.insert((path.clone(), Part::Value), value.start());
        match value {
            Value::Object(object) => {
                for property in &object.properties {
                    let name = match &property.name {
                        ObjectPropName::String(text) => text.value.to_string(),
                        ObjectPropName::Word(word) => word.value.to_string(),
                    };
                    path.push(Segment::Key(name));
                    self.json.insert((path.clone(), Part::Key), property.name.start());
                    self.walk_json(&property.value, path);
                    path.pop();
                }
            }
            Value::Array(array) => {
                for (index, element) in array.elements.iter().enumerate() {
                    path.push(Segment::Index(index));
                    self.walk_json(element, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn walk_table(&mut self, table: &toml_edit::Table, path: &mut Path) {
        if let Some(span) = table.span() {
            self.toml.push((span, path.clone(), Part::Value));
        }
        for (key, item) in table.iter() {
            path.push(Segment::Key(key.to_string()));
            if let Some(span) = table.key(key).and_then(|key| key.span()) {
                self.toml.push((span, path.clone(), Part::Key));
            }
            self.walk_item(item, path);
            path.pop();
        }
    }

    fn walk_item(&mut self, item: &toml_edit::Item, path: &mut Path) {
        match item {
            toml_edit::Item::Value(value) => self.walk_value(value, path),
            toml_edit::Item::Table(table) => self.walk_table(table, path),
            toml_edit::Item::ArrayOfTables(tables) => {
                for (index, table) in tables.iter().enumerate() {
                    path.push(Segment::Index(index));
                    self.walk_table(table, path);
                    path.pop();
                }
            }
            toml_edit::Item::None => {}
        }
    }

    fn walk_value(&mut self, value: &toml_edit::Value, path: &mut Path) {
        if let Some(span) = value.span() {
            self.toml.push((span, path.clone(), Part::Value));
        }
        match value {
            toml_edit::Value::Array(array) => {
                for (index, element) in array.iter().enumerate() {
                    path.push(Segment::Index(index));
                    self.walk_value(element, path);
                    path.pop();
                }
            }
            toml_edit::Value::InlineTable(table) => {
                for (key, element) in table.iter() {
                    path.push(Segment::Key(key.to_string()));
                    if let Some(span) = table.key(key).and_then(|key| key.span()) {
                        self.toml.push((span, path.clone(), Part::Key));
                    }
                    self.walk_value(element, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_places_map_back_to_the_json() {
        let json = "{\n  // a comment\n  \"name\": \"app\",\n  \"limits\": { \"cpu_ms\": 0 },\n  \
                    \"kv_namespaces\": [{ \"binding\": \"A\" }, { \"binding\": 3 }],\n}\n";
        let toml = "name = \"app\"\n\n[limits]\ncpu_ms = 0\n\n[[kv_namespaces]]\nbinding = \"A\"\n\n\
                    [[kv_namespaces]]\nbinding = 3\n";
        let positions = JsonPositions::new(json, toml);
        let line_col = |offset: usize| {
            let before = &json[..offset];
            (before.matches('\n').count() + 1, before.rsplit('\n').next().unwrap().len() + 1)
        };
        let at = |needle: &str| positions.translate(toml.find(needle).unwrap()).map(line_col);
        assert_eq!(at("0\n"), Some((4, 25)), "the value cpu_ms = 0");
        assert_eq!(at("cpu_ms"), Some((4, 15)), "the key");
        assert_eq!(at("3\n"), Some((5, 54)), "the second namespace's binding");
        assert_eq!(positions.key("limits").map(line_col), Some((4, 3)));
        assert_eq!(positions.key("nope"), None);
    }
}
