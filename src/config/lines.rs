//! Which line of a config file a key sits on, for messages: the config is parsed into a value
//! that has forgotten its lines, and a mistake found in the value (an unknown key, a bad gate)
//! should still point at the line to fix. The search reads the text by indentation, as a
//! person would: it follows block-style YAML and pretty-printed JSON, and where it loses the
//! way (a flow mapping on one line, a JSON array of objects) it answers the deepest line it
//! did find, which is still the line to look at.

/// One step of a key path: a key of a mapping, or an item of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl Step {
    pub fn key(key: &str) -> Self {
        Self::Key(key.to_string())
    }

    /// The steps of serde's path to a value (`checks[1].phase`).
    pub fn of(path: &serde_path_to_error::Path) -> Vec<Self> {
        use serde_path_to_error::Segment;
        path.iter()
            .filter_map(|segment| match segment {
                Segment::Map { key } => Some(Self::Key(key.clone())),
                Segment::Seq { index } => Some(Self::Index(*index)),
                _ => None,
            })
            .collect()
    }
}

/// A key path as the config's messages write it: `plugins[0].config.path`.
pub fn dotted(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) if text.is_empty() => text.push_str(key),
            Step::Key(key) => text.push_str(&format!(".{key}")),
            Step::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// A file named in messages: `name:line` for a key path when its text is known, else `name`.
/// `str` is a place without text (unit tests, a document whose lines are not the user's).
pub trait Place {
    fn at(&self, path: &[Step]) -> String;
}

impl Place for str {
    fn at(&self, _path: &[Step]) -> String {
        self.to_string()
    }
}

impl Place for String {
    fn at(&self, _path: &[Step]) -> String {
        self.clone()
    }
}

/// A config file and the text its value was parsed from.
pub struct Text<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl Place for Text<'_> {
    fn at(&self, path: &[Step]) -> String {
        match line_of(self.text, path) {
            Some(line) => format!("{}:{line}", self.name),
            None => self.name.to_string(),
        }
    }
}

/// A line of the text: its number (from 1), the column of its first character, the column and
/// name of the key it starts with (after any `- ` list markers), and whether it is a list item.
struct Line<'a> {
    number: usize,
    indent: usize,
    key: Option<(usize, &'a str)>,
    item: bool,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .filter_map(|(i, raw)| {
            let content = raw.trim_start();
            if content.is_empty() || content.starts_with('#') || content.starts_with("//") {
                return None;
            }
            let indent = raw.len() - content.len();
            let rest = content.trim_start_matches(['-', ' ']);
            let key_column = raw.len() - rest.len();
            let key = key_name(rest).map(|k| (key_column, k));
            Some(Line { number: i + 1, indent, key, item: content.starts_with('-') })
        })
        .collect()
}

/// `name:` / `"name":` / `'name':` at the start of `text`.
fn key_name(text: &str) -> Option<&str> {
    let (quote, body) = match text.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &text[1..]),
        _ => (None, text),
    };
    let end = match quote {
        Some(q) => body.find(q)?,
        None => body.find(':')?,
    };
    let after = body[end..].trim_start_matches(['"', '\'']).trim_start();
    (after.starts_with(':') && !body[..end].contains(['{', '[', ' '])).then(|| &body[..end])
}

/// The line of `path` in `text` (from 1), or of its deepest step found; `None` when not even
/// the first step is found.
pub fn line_of(text: &str, path: &[Step]) -> Option<usize> {
    let all = lines(text);
    let mut range = &all[..];
    let mut found = None;
    for step in path {
        // A key's block is the lines under it; an item's starts on its own line, which holds
        // its first key (`- name: green`).
        let next = match step {
            Step::Key(key) => find_key(range, key).map(|(at, end)| (at, at + 1, end)),
            Step::Index(index) => find_item(range, *index).map(|(at, end)| (at, at, end)),
        };
        let Some((at, from, end)) = next else { break };
        found = Some(range[at].number);
        range = &range[from..end];
    }
    found
}

/// The key among the block's own keys (those at its outermost key column), and where its
/// value ends: at the next line that is no deeper than the key (a list at the key's own
/// column, as YAML allows, belongs to it).
fn find_key(range: &[Line], key: &str) -> Option<(usize, usize)> {
    let column = range.iter().filter_map(|l| l.key.map(|k| k.0)).min()?;
    let at = range.iter().position(|l| l.key == Some((column, key)))?;
    let end = range[at + 1..]
        .iter()
        .position(|l| l.indent < column || (l.indent == column && !l.item))
        .map_or(range.len(), |p| at + 1 + p);
    Some((at, end))
}

/// The `index`th list item among the block's outermost items, and where it ends.
fn find_item(range: &[Line], index: usize) -> Option<(usize, usize)> {
    let column = range.iter().filter(|l| l.item).map(|l| l.indent).min()?;
    let starts: Vec<usize> = range
        .iter()
        .enumerate()
        .filter(|(_, l)| l.item && l.indent == column)
        .map(|(i, _)| i)
        .collect();
    let at = *starts.get(index)?;
    let end = starts.get(index + 1).copied().unwrap_or_else(|| {
        range[at + 1..].iter().position(|l| l.indent < column).map_or(range.len(), |p| at + 1 + p)
    });
    Some((at, end))
}

#[cfg(test)]
mod tests {
    use super::{Step, dotted, line_of};

    const YAML: &str = "\
# comment
region: x
plugins:
  - name: tfstate
    config:
      path: p
shipper:
  gates:
    checks:
      - name: green
        type: http
        phase: test

      - name: bake
        phase: baking
      - {name: flow, phase: tset}
service: s
";

    #[test]
    fn keys_and_items_are_found_by_indentation() {
        use Step::Index;
        let key = Step::key;
        let gate =
            |i, k| line_of(YAML, &[key("shipper"), key("gates"), key("checks"), Index(i), key(k)]);
        assert_eq!(line_of(YAML, &[key("region")]), Some(2));
        assert_eq!(line_of(YAML, &[key("service")]), Some(17));
        assert_eq!(gate(0, "phase"), Some(12));
        assert_eq!(gate(1, "phase"), Some(15));
        assert_eq!(gate(1, "name"), Some(14));
        // A flow mapping: the item's own line.
        assert_eq!(gate(2, "phase"), Some(16));
        let path = [key("plugins"), Index(0), key("config"), key("path")];
        assert_eq!(line_of(YAML, &path), Some(6));
        assert_eq!(dotted(&path), "plugins[0].config.path");
        // `name` under plugins is not a top-level key.
        assert_eq!(line_of(YAML, &[key("name")]), None);
        assert_eq!(line_of(YAML, &[key("nope")]), None);
    }

    #[test]
    fn pretty_json_is_read_the_same_way() {
        let json =
            "{\n  \"region\": \"x\",\n  \"codedeploy\": {\n    \"application\": \"a\"\n  }\n}\n";
        let path = [Step::key("codedeploy"), Step::key("application")];
        assert_eq!(line_of(json, &path), Some(4));
    }
}
