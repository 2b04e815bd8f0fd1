//! Finding, reading and parsing the files shipper reads: the config, definitions, envfiles.
//! Every refusal names the file (and the line and column where the parser stopped).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// The files looked for, in order, when `--config` is not given.
pub const DISCOVERY: &[&str] = &[
    "shipper.yml",
    "shipper.yaml",
    "ecspresso.yml",
    "ecspresso.yaml",
    "ecspresso.json",
    "ecspresso.jsonnet",
];

/// Finds the config file: `--config`, else the first of [`DISCOVERY`] in the current directory.
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        if !path.exists() {
            return Err(Error::new(format!("config file {} does not exist", path.display()))
                .hint("check --config / SHIPPER_CONFIG"));
        }
        return Ok(path.to_path_buf());
    }
    DISCOVERY.iter().map(PathBuf::from).find(|p| p.exists()).ok_or_else(|| {
        Error::new("no config file found")
            .detail(format!("looked for {} in the current directory", DISCOVERY.join(", ")))
            .hint("pass --config FILE (or set SHIPPER_CONFIG)")
    })
}

/// The largest config or definition file shipper reads. Real ones are a few KB; a file of
/// megabytes is a mistake (a build artefact, a binary), and parsing it would only waste time.
pub const MAX_FILE: u64 = 4 * 1024 * 1024;

/// How deeply a config or definition may nest. ECS's deepest shapes are a few levels; the limit
/// keeps a pathological file (YAML's parser slows quadratically with depth) from burning CPU.
pub const MAX_DEPTH: usize = 64;

/// Reads a config, definition or envfile, refusing one too large to be one.
pub fn read_file(path: &Path) -> std::io::Result<String> {
    let len = std::fs::metadata(path)?.len();
    if len > MAX_FILE {
        return Err(std::io::Error::other(format!(
            "it has {len} bytes; a config or definition is at most {MAX_FILE} bytes"
        )));
    }
    let bytes = std::fs::read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::other(format!(
            "it is not UTF-8 text (byte {} is not valid): is it a binary file?",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Parses a YAML or JSON document; errors carry `file:line:column`.
pub fn parse_document(path: &Path, text: &str) -> Result<Value> {
    let name = path.display().to_string();
    if let Some((line, depth)) = too_deep(text) {
        return Err(Error::new(format!(
            "{name}:{line}: nested {depth} levels deep; shipper reads at most {MAX_DEPTH}"
        ))
        .hint("no ECS definition nests this deeply: is this the right file?"));
    }
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        // Jsonnet was evaluated to JSON before rendering (see template::jsonnet).
        "json" | "jsonnet" | "libsonnet" => serde_json::from_str(text).map_err(|e| {
            Error::new(format!(
                "{name}:{}:{}: invalid JSON: {}",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            ))
            .detail(source_line(text, e.line(), e.column()))
        }),
        _ => serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            Error::new(format!(
                "{name}:{line}:{column}: invalid YAML: {}",
                strip_position(&e.to_string())
            ))
            .detail(source_line(text, line, column))
        }),
    }
}

/// The first line where brackets (JSON, YAML flow style) or indentation (YAML block style, two
/// spaces a level at the least) go deeper than [`MAX_DEPTH`], and how deep. Quotes are honoured
/// well enough for a guard: a bracket inside a string does not count.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth: usize = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        if quote.is_none() && indent / 2 > MAX_DEPTH {
            return Some((i + 1, indent / 2));
        }
        for c in line.chars() {
            match (quote, c) {
                (Some(_), _) if escaped => escaped = false,
                (Some('"'), '\\') => escaped = true,
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((i + 1, depth));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        // YAML's single quotes do not span lines in flow context often enough to matter; a
        // stray apostrophe in a plain scalar (`it's`) must not hide the rest of the file.
        if quote == Some('\'') {
            quote = None;
        }
    }
    None
}

/// `12 | the offending line`, for parse errors: a window of the line around `column`, so a
/// minified document of megabytes on one line does not become a megabyte of error.
fn source_line(text: &str, line: usize, column: usize) -> String {
    const WINDOW: usize = 60;
    let content = text.lines().nth(line.saturating_sub(1)).unwrap_or("").trim_end();
    // Masked before the window is cut: a cut through a secret would no longer match it.
    let content = crate::secrets::mask(content);
    let chars: Vec<char> = content.chars().collect();
    if chars.len() <= 2 * WINDOW {
        return format!("{line} | {content}");
    }
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(WINDOW);
    let end = (at + WINDOW).min(chars.len());
    let snippet: String = chars[start..end].iter().collect();
    format!(
        "{line} | {}{snippet}{}",
        if start > 0 { "…" } else { "" },
        if end < chars.len() { "…" } else { "" }
    )
}

/// Parser messages end in " at line 3 column 5"; the position is already in front.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
