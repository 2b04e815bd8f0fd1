//! Structural differences between two normalised documents, as paths a person can read
//! (`containerDefinitions[app].environment[LOG_LEVEL].value`), and the paths themselves.
//!
//! Lists whose elements have an identity (`name`, `key`, `containerName`, …) are compared
//! element by element by that identity, so adding a container or an environment variable is one
//! change, not a shift of every later element.

use std::fmt;

use serde_json::Value;

/// The fields that identify an element of a list, tried in order.
const IDENTITY: &[&str] =
    &["name", "key", "containerName", "capacityProvider", "namespace", "hostname", "sourceVolume"];

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    /// A list element selected by its identity field's value.
    Named(String),
    Index(usize),
}

/// A path into a document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Path(pub Vec<Seg>);

impl Path {
    fn with(&self, seg: Seg) -> Self {
        let mut segs = self.0.clone();
        segs.push(seg);
        Self(segs)
    }

    /// The top-level member the path is under.
    pub fn root(&self) -> Option<&str> {
        match self.0.first() {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// Parses `a.b[name].c[0]` (the syntax of `shipper.ignore`); `[*]` matches every element.
    pub fn parse(text: &str) -> Self {
        let mut segs = Vec::new();
        for part in text.split('.') {
            let mut rest = part;
            if let Some(i) = rest.find('[') {
                if i > 0 {
                    segs.push(Seg::Key(rest[..i].to_string()));
                }
                rest = &rest[i..];
                while let Some(end) = rest.find(']') {
                    let inner = &rest[1..end];
                    segs.push(match inner.parse::<usize>() {
                        Ok(n) => Seg::Index(n),
                        Err(_) => Seg::Named(inner.trim_matches('"').to_string()),
                    });
                    rest = &rest[end + 1..];
                }
            } else if !rest.is_empty() {
                segs.push(Seg::Key(rest.to_string()));
            }
        }
        Self(segs)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Named(n) => write!(f, "[{n}]")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// One difference: the value before (remote) and after (local); `None` where absent.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub path: Path,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Every difference between `before` and `after`, in document order.
pub fn between(before: &Value, after: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(Some(before), Some(after), &Path::default(), &mut out);
    out
}

/// The identity of a list element, if it has one.
pub fn identity(item: &Value) -> Option<String> {
    IDENTITY
        .iter()
        .find_map(|k| item.get(*k))
        .map(|v| v.as_str().map_or_else(|| v.to_string(), ToString::to_string))
}

fn identified(items: &[Value]) -> bool {
    !items.is_empty() && items.iter().all(|i| identity(i).is_some())
}

fn walk(before: Option<&Value>, after: Option<&Value>, path: &Path, out: &mut Vec<Change>) {
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            let mut keys: Vec<&String> = b.keys().collect();
            keys.extend(a.keys().filter(|k| !b.contains_key(*k)));
            for key in keys {
                walk(b.get(key), a.get(key), &path.with(Seg::Key(key.clone())), out);
            }
        }
        (Some(Value::Array(b)), Some(Value::Array(a))) if identified(b) && identified(a) => {
            let mut ids: Vec<String> = b.iter().filter_map(identity).collect();
            ids.extend(
                a.iter().filter_map(identity).filter(|id| !ids.contains(id)).collect::<Vec<_>>(),
            );
            for id in ids {
                let find = |list: &'_ [Value]| {
                    list.iter().find(|i| identity(i).as_deref() == Some(id.as_str())).cloned()
                };
                let (b_item, a_item) = (find(b), find(a));
                walk(b_item.as_ref(), a_item.as_ref(), &path.with(Seg::Named(id.clone())), out);
            }
        }
        (Some(Value::Array(b)), Some(Value::Array(a)))
            if b.len() == a.len() && b.iter().chain(a.iter()).all(Value::is_object) =>
        {
            for (i, (bi, ai)) in b.iter().zip(a).enumerate() {
                walk(Some(bi), Some(ai), &path.with(Seg::Index(i)), out);
            }
        }
        (b, a) if b != a => {
            out.push(Change { path: path.clone(), before: b.cloned(), after: a.cloned() })
        }
        _ => {}
    }
}

/// The value at `path` for writing, following identities; `None` if it is not there.
pub fn get_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    let Some((seg, rest)) = path.split_first() else { return Some(value) };
    let child = match (seg, value) {
        (Seg::Key(k), Value::Object(map)) => map.get_mut(k)?,
        (Seg::Index(i), Value::Array(items)) => items.get_mut(*i)?,
        (Seg::Named(n), Value::Array(items)) => {
            items.iter_mut().find(|i| identity(i).as_deref() == Some(n.as_str()))?
        }
        _ => return None,
    };
    get_mut(child, rest)
}

/// Removes what `path` names (`[*]` = every element); nothing if it is not there.
pub fn remove(value: &mut Value, path: &[Seg]) {
    let Some((last, parent_path)) = path.split_last() else { return };
    if let Some((Seg::Named(star), prefix)) = parent_path.split_last()
        && star == "*"
    {
        if let Some(Value::Array(items)) = get_mut(value, prefix) {
            for item in items {
                remove(item, std::slice::from_ref(last));
            }
        }
        return;
    }
    match (last, get_mut(value, parent_path)) {
        (Seg::Key(k), Some(Value::Object(map))) => {
            map.remove(k);
        }
        (Seg::Named(n), Some(Value::Array(items))) if n == "*" => items.clear(),
        (Seg::Named(n), Some(Value::Array(items))) => {
            items.retain(|i| identity(i).as_deref() != Some(n.as_str()))
        }
        (Seg::Index(i), Some(Value::Array(items))) if *i < items.len() => {
            items.remove(*i);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn named_lists_align_by_identity() {
        let before = json!({"containerDefinitions": [{"name": "app", "image": "a:1", "environment": [{"name": "A", "value": "1"}]}]});
        let after = json!({"containerDefinitions": [
            {"name": "app", "image": "a:2", "environment": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
            {"name": "sidecar", "image": "s"}]});
        let changes: Vec<String> =
            between(&before, &after).iter().map(|c| c.path.to_string()).collect();
        assert_eq!(
            changes,
            [
                "containerDefinitions[app].image",
                "containerDefinitions[app].environment[B]",
                "containerDefinitions[sidecar]"
            ]
        );
    }

    #[test]
    fn paths_parse_and_print() {
        let p = Path::parse("containerDefinitions[app].environment[BUILD_ID]");
        assert_eq!(p.to_string(), "containerDefinitions[app].environment[BUILD_ID]");
        assert_eq!(Path::parse("portMappings[0].hostPort").0[1], Seg::Index(0));
    }

    #[test]
    fn removal_follows_identities_and_stars() {
        let mut doc = json!({"desiredCount": 2, "containerDefinitions": [
            {"name": "app", "image": "x", "environment": [{"name": "BUILD_ID", "value": "1"}, {"name": "K", "value": "v"}]},
            {"name": "b", "image": "y"}]});
        remove(&mut doc, &Path::parse("containerDefinitions[app].environment[BUILD_ID]").0);
        remove(&mut doc, &Path::parse("containerDefinitions[*].image").0);
        remove(&mut doc, &Path::parse("desiredCount").0);
        assert_eq!(
            doc,
            json!({"containerDefinitions": [{"name": "app", "environment": [{"name": "K", "value": "v"}]}, {"name": "b"}]})
        );
    }
}
