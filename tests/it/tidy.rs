//! Conventions of the source tree that review would otherwise have to catch, after
//! rust-analyzer's `tidy` tests: imports run one way through the layers that `src/lib.rs`'s
//! module doc lists, no files import each other in a loop (a `mod.rs` and the files of its own
//! folder excepted: `super::` and re-exports are how Rust modules are built), and a file reads in
//! one sitting.
//!
//! The import graph is read from the text: every `use` path and every other path that starts
//! with `crate::`, `super::` or `self::`, resolved to the file that defines the module it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lines a source file may have; `cli.rs` is exempt (clap's help text is most of it).
const MAX_LINES: usize = 500;
const LONG_FILES_ALLOWED: &[&str] = &["src/cli.rs"];

#[test]
fn imports_follow_the_layers_and_form_no_loop() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let problems = check_imports(root);
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n\n"));
}

#[test]
fn source_files_read_in_one_sitting() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for file in source_files(&root.join("src")) {
        let rel = relative(root, &file);
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        if lines > MAX_LINES && !LONG_FILES_ALLOWED.contains(&rel.as_str()) {
            long.push(format!(
                "{rel} has {lines} lines (at most {MAX_LINES}): split it by concern into a folder of files"
            ));
        }
    }
    assert!(long.is_empty(), "\n{}\n", long.join("\n"));
}

/// The checker itself catches what it is for: an import from a higher layer, a loop, a file in
/// no layer; and is not fooled by paths in comments and strings.
#[test]
fn the_import_check_names_a_back_up_import_a_loop_and_an_unlisted_file() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "src/lib.rs",
        "//! 1. `lib`, `top` — the top\n//! 2. `low`, `leaf` — below it\n\nmod top;\nmod low;\nmod leaf;\n",
    );
    write("src/top.rs", "use crate::low::Thing;\n");
    write("src/low/mod.rs", "mod part;\npub use part::Thing;\nuse crate::leaf::x;\n");
    write(
        "src/low/part.rs",
        "use super::*;\n// crate::top::Nothing is a comment\nconst S: &str = \"crate::top\";\npub struct Thing;\n",
    );
    write("src/leaf.rs", "pub fn x() {}\n");
    assert_eq!(check_imports(dir.path()), Vec::<String>::new());

    // One import back up, inside a function.
    write("src/low/part.rs", "use super::*;\npub struct Thing;\nfn f() { crate::top::go(); }\n");
    let problems = check_imports(dir.path());
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with(
            "src/low/part.rs:3 imports `crate::top::go` from src/top.rs, which is in layer 1 (`lib`, `top`), above its own layer 2 (`low`, `leaf`)"
        ),
        "{problems:#?}"
    );

    // A loop inside one layer: low/mod.rs → leaf.rs → low/mod.rs.
    write("src/low/part.rs", "use super::*;\npub struct Thing;\n");
    write("src/leaf.rs", "use crate::low::{self, Thing};\npub fn x() {}\n");
    let problems = check_imports(dir.path());
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("import loop: src/leaf.rs → src/low/mod.rs → src/leaf.rs")
            && problems[0].contains("src/leaf.rs:1 uses `crate::low")
            && problems[0].contains("src/low/mod.rs:3 uses `crate::leaf::x`"),
        "{problems:#?}"
    );

    // A file the layer list does not place.
    write("src/leaf.rs", "pub fn x() {}\n");
    write("src/stray.rs", "");
    assert_eq!(
        check_imports(dir.path()),
        ["src/stray.rs is in no layer: add `stray` to the layer list in src/lib.rs's module doc"]
    );
}

/// Every problem with the imports of the crate at `root`, one message each.
fn check_imports(root: &Path) -> Vec<String> {
    let src = root.join("src");
    let layers = match layers(&std::fs::read_to_string(src.join("lib.rs")).unwrap()) {
        Ok(layers) => layers,
        Err(e) => return vec![e],
    };
    let files: BTreeMap<Vec<String>, String> = source_files(&src)
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "main.rs"))
        .map(|f| (module_of(&src, &f), relative(root, &f)))
        .collect();
    let mut problems = Vec::new();
    let mut layer_of = BTreeMap::new();
    for (module, file) in &files {
        match layer_for(&layers, module) {
            Some(layer) => {
                layer_of.insert(file.clone(), layer);
            }
            None => problems.push(format!(
                "{file} is in no layer: add `{}` to the layer list in src/lib.rs's module doc",
                module.first().map_or("lib", String::as_str)
            )),
        }
    }
    let edges = edges(root, &files);
    for edge in &edges {
        let (Some(&from), Some(&to)) = (layer_of.get(&edge.from), layer_of.get(&edge.to)) else {
            continue;
        };
        if to < from {
            problems.push(format!(
                "{}:{} imports `{}` from {}, which is in layer {} ({}), above its own layer {} ({}).\n  \
                 Move what it needs down to layer {} or below, or have the higher module pass it in \
                 (a value, a closure, or a small trait that {} defines).",
                edge.from,
                edge.line,
                edge.path,
                edge.to,
                to + 1,
                layers[to].names.join(", "),
                from + 1,
                layers[from].names.join(", "),
                from + 1,
                edge.from,
            ));
        }
    }
    for cycle in loops(&edges) {
        let steps: Vec<String> =
            cycle.iter().map(|e| format!("  {}:{} uses `{}`", e.from, e.line, e.path)).collect();
        problems.push(format!(
            "import loop: {} → {}\n{}\n  Break it by moving one of these imports' targets into the \
             lower file (or a new leaf), or by passing it in from above.",
            cycle.iter().map(|e| e.from.as_str()).collect::<Vec<_>>().join(" → "),
            cycle[0].from,
            steps.join("\n")
        ));
    }
    problems
}

/// One line of the layer list: the modules it holds, as `a` or `a::b`.
struct Layer {
    names: Vec<String>,
}

/// The layer list in `lib.rs`'s module doc: lines `//! N. `a`, `b` — what they are`, top first.
fn layers(lib: &str) -> Result<Vec<Layer>, String> {
    let mut layers = Vec::new();
    for line in lib.lines() {
        let Some(rest) = line.strip_prefix("//! ") else { continue };
        let Some((number, rest)) = rest.split_once(". ") else { continue };
        if number.parse::<usize>() != Ok(layers.len() + 1) {
            continue;
        }
        let modules = rest.split(" — ").next().unwrap_or_default();
        let names: Vec<String> =
            modules.split('`').skip(1).step_by(2).map(|name| format!("`{name}`")).collect();
        layers.push(Layer { names });
    }
    if layers.is_empty() {
        return Err(
            "src/lib.rs's module doc lists no layers (lines `//! 1. `module`, … — what`)".into()
        );
    }
    Ok(layers)
}

/// The layer of a module: the line naming the longest prefix of its path.
fn layer_for(layers: &[Layer], module: &[String]) -> Option<usize> {
    let name = |m: &[String]| match m {
        [] => "`lib`".to_string(),
        m => format!("`{}`", m.join("::")),
    };
    (0..=module.len()).rev().find_map(|n| {
        if n == 0 && !module.is_empty() {
            return None;
        }
        let wanted = name(&module[..n]);
        layers.iter().position(|l| l.names.contains(&wanted))
    })
}

/// An import of one file by another.
#[derive(Debug, Clone)]
struct Edge {
    from: String,
    to: String,
    line: usize,
    /// The path as written, `crate::aws::Clients`.
    path: String,
}

fn edges(root: &Path, files: &BTreeMap<Vec<String>, String>) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (module, file) in files {
        let text = blank_comments_and_literals(&std::fs::read_to_string(root.join(file)).unwrap());
        let inline = inline_modules(&text);
        for (at, segments) in paths(&text) {
            // The module the path is written in: the file's, or an inline `mod x { … }` in it.
            let mut here = module.clone();
            here.extend(inline.iter().filter(|m| m.0 < at && at < m.1).map(|m| m.2.clone()));
            let Some(target) = resolve(&here, &segments, files) else { continue };
            if &target != file {
                let line = text[..at].matches('\n').count() + 1;
                edges.push(Edge {
                    from: file.clone(),
                    to: target,
                    line,
                    path: segments.join("::"),
                });
            }
        }
    }
    edges
}

/// The file that defines the module a path names: the longest prefix of the path that is a
/// module with a file. `None` for paths into other crates.
fn resolve(
    here: &[String],
    segments: &[String],
    files: &BTreeMap<Vec<String>, String>,
) -> Option<String> {
    let mut module: Vec<String> = match segments.first()?.as_str() {
        "crate" => Vec::new(),
        "self" => here.to_vec(),
        "super" => here.to_vec(),
        _ => here.to_vec(),
    };
    let mut rest = segments;
    match segments[0].as_str() {
        "crate" | "self" => rest = &segments[1..],
        "super" => {
            while rest.first().is_some_and(|s| s == "super") {
                module.pop();
                rest = &rest[1..];
            }
        }
        // A path from a child module of this one (`use schedule::Schedule` in wait/mod.rs).
        first => {
            let mut child = here.to_vec();
            child.push(first.to_string());
            if !files.contains_key(&child) {
                return None;
            }
        }
    }
    module.extend(rest.iter().cloned());
    (0..=module.len()).rev().find_map(|n| files.get(&module[..n]).cloned())
}

/// Every path in the text worth resolving, with its offset: each path of every `use` tree, and
/// every other path starting with `crate::`, `super::` or `self::`.
fn paths(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut uses = Vec::new();
    let mut i = 0;
    while let Some(at) = find_word(text, "use", i) {
        i = at + 3;
        if !bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let Some(end) = text[i..].find(';') else { break };
        for path in expand_tree(&text[i..i + end]) {
            found.push((at, path));
        }
        uses.push((at, i + end));
        i += end;
    }
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = find_word(text, start.trim_end_matches(':'), from) {
            from = at + 1;
            if !text[at..].starts_with(start) || uses.iter().any(|&(s, e)| s <= at && at < e) {
                continue;
            }
            if at > 0 && text[..at].ends_with("::") {
                continue;
            }
            let chain: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segments: Vec<String> =
                chain.split("::").filter(|s| !s.is_empty()).map(ToString::to_string).collect();
            found.push((at, segments));
        }
    }
    found
}

/// `word` at or after `from`, standing alone (not part of a longer identifier).
fn find_word(text: &str, word: &str, mut from: usize) -> Option<usize> {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    while let Some(at) = text.get(from..)?.find(word) {
        let at = from + at;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        if !ident(before) && !ident(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// The paths of a `use` tree: `crate::a::{b, c::{d as e, self}}` → `crate::a::b`, `crate::a::c::d`,
/// `crate::a::c`.
fn expand_tree(tree: &str) -> Vec<Vec<String>> {
    let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    expand_into(&[], tree.trim(), &mut out);
    out
}

fn expand_into(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
    for item in split_top(tree, ',') {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        if let Some(open) = item.find('{') {
            let head: Vec<String> = segments(&item[..open]);
            let inner = &item[open + 1..item.rfind('}').unwrap_or(item.len())];
            let mut next = prefix.to_vec();
            next.extend(head);
            expand_into(&next, inner, out);
        } else {
            let item = item.split(" as ").next().unwrap_or(item);
            let mut path = prefix.to_vec();
            path.extend(segments(item).into_iter().filter(|s| s != "self" || prefix.is_empty()));
            if !path.is_empty() {
                out.push(path);
            }
        }
    }
}

fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "*")
        .map(|s| s.trim_start_matches("::").to_string())
        .collect()
}

/// Splits at `sep` outside braces.
fn split_top(text: &str, sep: char) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0usize, 0, Vec::new());
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if c == sep && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Inline modules (`mod tests { … }`): their span and name.
fn inline_modules(text: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = find_word(text, "mod", from) {
        from = at + 3;
        let rest = &text[from..];
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let after = rest.trim_start()[name.len()..].trim_start();
        if name.is_empty() || !after.starts_with('{') {
            continue;
        }
        let open = text.len() - after.len();
        let mut depth = 0;
        for (i, c) in text[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        found.push((open, open + i, name.clone()));
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// The text with comments, string and char literals blanked (newlines kept, so offsets and
/// line numbers stay): a path in a doc comment or a message is no import.
fn blank_comments_and_literals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && !chars.get(i.wrapping_sub(1)).is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"…", r#"…"#.
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"').chain("#".repeat(hashes).chars()).collect();
            let body_start = i + 2 + hashes;
            let rest: String = chars[body_start..].iter().collect();
            let len = rest.find(&close).map_or(chars.len() - body_start, |b| {
                rest[..b].chars().count() + close.chars().count()
            });
            for &ch in &chars[i..(body_start + len).min(chars.len())] {
                out.push(blank(ch));
            }
            i = body_start + len;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A char literal ('"', '\'', '\n'); a lifetime has no closing quote.
            let end = chars[i + 1..]
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, ch)| **ch == '\'')
                .map_or(i + 1, |(k, _)| i + 1 + k);
            for _ in i..=end.min(chars.len() - 1) {
                out.push(' ');
            }
            i = end + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Loops of imports, one cycle for each group of files that import each other, each edge with
/// where it is written. An edge between a `mod.rs` and a file of its own folder is not part of
/// any loop (`super::` and re-exports are how a module and its children work).
fn loops(edges: &[Edge]) -> Vec<Vec<Edge>> {
    let exempt = |e: &Edge| {
        let inside = |parent: &str, child: &str| {
            parent
                .strip_suffix("mod.rs")
                .is_some_and(|dir| child.starts_with(dir) && child != parent)
        };
        inside(&e.from, &e.to) || inside(&e.to, &e.from)
    };
    let mut graph: BTreeMap<&str, Vec<&Edge>> = BTreeMap::new();
    for edge in edges.iter().filter(|e| !exempt(e)) {
        graph.entry(edge.from.as_str()).or_default().push(edge);
    }
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    let mut cycles = Vec::new();
    for &start in graph.keys() {
        if reported.contains(start) {
            continue;
        }
        // Breadth first from `start` back to it: the shortest loop through it.
        let mut came_by: BTreeMap<&str, &Edge> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut closing = None;
        while let Some(node) = queue.pop_front() {
            for edge in graph.get(node).into_iter().flatten() {
                if edge.to == start {
                    closing = Some(*edge);
                    break;
                }
                if !came_by.contains_key(edge.to.as_str()) {
                    came_by.insert(edge.to.as_str(), edge);
                    queue.push_back(edge.to.as_str());
                }
            }
            if closing.is_some() {
                break;
            }
        }
        let Some(last) = closing else { continue };
        let mut cycle = vec![last.clone()];
        let mut node = last.from.as_str();
        while node != start {
            let edge = came_by[node];
            cycle.push(edge.clone());
            node = edge.from.as_str();
        }
        cycle.reverse();
        for edge in &cycle {
            reported.insert(graph.get_key_value(edge.from.as_str()).map_or(start, |(k, _)| *k));
        }
        cycles.push(cycle);
    }
    cycles
}

fn source_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(source_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// `src/a/b.rs` → `[a, b]`, `src/a/mod.rs` → `[a]`, `src/lib.rs` → `[]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> =
        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

fn relative(root: &Path, file: &Path) -> String {
    file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")
}
