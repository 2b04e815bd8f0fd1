//! GitHub Actions workflow commands and environment files.
//!
//! Used only when `GITHUB_ACTIONS=true`. Every workflow command (`::add-mask::`, `::group::`,
//! annotations) goes to **stderr**: the runner scans both streams of a step for commands (its
//! script handler hands stdout and stderr alike to its command manager), and stdout must stay
//! exactly the document the user asked for, since `shipper render > td.json` in a step is a
//! redirect the runner never sees. `::add-mask::` is emitted for every secret before any other
//! line that could hold it. Values written to the environment files go through the same secret
//! masking as everything else.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::secrets;

/// Whether shipper runs inside a GitHub Actions step.
pub fn active() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// Whether the runner runs with debug logging (`RUNNER_DEBUG=1`, "re-run with debug logging").
pub fn debug() -> bool {
    std::env::var("RUNNER_DEBUG").is_ok_and(|v| v == "1")
}

/// Escapes a message for a workflow command (`%`, CR and LF have meanings there).
pub fn escape(message: &str) -> String {
    message.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command property value, where `:` and `,` end the value too.
fn escape_property(value: &str) -> String {
    escape(value).replace(':', "%3A").replace(',', "%2C")
}

/// The `::add-mask::` lines asking the runner to mask these secret values in its logs (one per
/// line of a multi-line value: the runner masks line by line).
pub fn mask_lines(values: &[String]) -> String {
    let mut out = String::new();
    for value in values {
        for line in value.lines().filter(|l| !l.trim().is_empty()) {
            out.push_str(&format!("::add-mask::{}\n", escape(line)));
        }
    }
    out
}

/// Where in a file an annotation points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: u64,
    pub column: Option<u64>,
}

/// The `file:line[:column]:` an error message starts a part with (`config.yml: ecs-task-def.json:12:5:
/// invalid JSON`), the innermost one, made relative to the workspace as annotations want it.
/// shipper's errors name their place that way (see `config::parse_document`, `template`), so this
/// reads it back rather than carrying a second copy in every error.
pub fn locate(message: &str) -> Option<Location> {
    // A place starts the message or a part of it (after `: `); the last one found is innermost.
    let starts = std::iter::once(0).chain(message.match_indices(": ").map(|(i, _)| i + 2));
    let (file, line, column) = starts.filter_map(|start| place_at(&message[start..])).last()?;
    Some(Location { file: workspace_relative(Path::new(file)), line, column })
}

/// `file:line[:column]: ` at the start of `text`: the file, the line and the column.
fn place_at(text: &str) -> Option<(&str, u64, Option<u64>)> {
    let (file, rest) = text.split_once(':')?;
    if file.is_empty() || file.contains('\n') || file.starts_with(char::is_whitespace) {
        return None;
    }
    let (line, rest) = number(rest)?;
    let (column, rest) = match rest.strip_prefix(':').and_then(number) {
        Some((column, rest)) => (Some(column), rest),
        None => (None, rest),
    };
    rest.starts_with(": ").then_some((file, line, column))
}

/// The decimal number `text` starts with, and what follows it.
fn number(text: &str) -> Option<(u64, &str)> {
    let end = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    Some((text[..end].parse().ok()?, &text[end..]))
}

/// A path as annotations want it: relative to `$GITHUB_WORKSPACE` (the repository), whatever
/// directory shipper runs in (`working-directory:`).
fn workspace_relative(path: &Path) -> String {
    let absolute =
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path));
    let workspace = std::env::var_os("GITHUB_WORKSPACE").map(std::path::PathBuf::from);
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    match workspace {
        Some(ws) => canonical(&absolute)
            .strip_prefix(canonical(&ws))
            .map_or_else(|_| path.display().to_string(), |p| p.display().to_string()),
        None => path.display().to_string(),
    }
}

/// An annotation workflow command: `::error file=…,line=…,col=…::message`.
pub fn annotation(kind: &str, message: &str, location: Option<&Location>) -> String {
    let mut properties = Vec::new();
    if let Some(at) = location {
        properties.push(format!("file={}", escape_property(&at.file)));
        properties.push(format!("line={}", at.line));
        if let Some(column) = at.column {
            properties.push(format!("col={column}"));
        }
    }
    let properties =
        if properties.is_empty() { String::new() } else { format!(" {}", properties.join(",")) };
    format!("::{kind}{properties}::{}", escape(message))
}

/// An error's details as an annotation shows them: at most [`MAX_ANNOTATION_DETAILS`] lines of
/// at most [`MAX_ANNOTATION_LINE`] characters (GitHub shows an annotation whole on the run page).
pub const MAX_ANNOTATION_DETAILS: usize = 10;
pub const MAX_ANNOTATION_LINE: usize = 300;

pub fn bounded_details(details: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = details
        .iter()
        .take(MAX_ANNOTATION_DETAILS)
        .map(|line| {
            let line = line.replace('\n', " ");
            match line.char_indices().nth(MAX_ANNOTATION_LINE) {
                Some((end, _)) => format!("{}…", &line[..end]),
                None => line,
            }
        })
        .collect();
    if details.len() > MAX_ANNOTATION_DETAILS {
        lines.push(format!("… and {} more", details.len() - MAX_ANNOTATION_DETAILS));
    }
    lines
}

/// GitHub keeps at most 1 MiB of one step's summary: past it, the whole summary is lost.
pub const STEP_SUMMARY_MAX: u64 = 1024 * 1024;
/// Room left under that for whatever else the step writes to its summary.
const STEP_SUMMARY_RESERVE: u64 = 64 * 1024;

/// Appends Markdown to the step summary (`$GITHUB_STEP_SUMMARY`), masked, cut to what keeps the
/// file under [`STEP_SUMMARY_MAX`] (less a reserve for the step's other writers).
pub fn append_step_summary(markdown: &str) -> Result<()> {
    let used = std::env::var_os("GITHUB_STEP_SUMMARY")
        .and_then(|path| std::fs::metadata(path).ok())
        .map_or(0, |m| m.len());
    let room = STEP_SUMMARY_MAX.saturating_sub(STEP_SUMMARY_RESERVE).saturating_sub(used);
    let text = fit(&format!("{}\n", secrets::mask(markdown)), room);
    append_env_file("GITHUB_STEP_SUMMARY", &text)
}

/// `text` cut at a line end to at most `room` bytes, saying so.
fn fit(text: &str, room: u64) -> String {
    const CUT: &str = "\n\n*(the rest was cut: GitHub keeps at most 1 MiB of a step's summary)*\n";
    let room = usize::try_from(room).unwrap_or(usize::MAX);
    if text.len() <= room {
        return text.to_string();
    }
    let Some(budget) = room.checked_sub(CUT.len()) else { return String::new() };
    let mut end = budget;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let end = text[..end].rfind('\n').unwrap_or(end);
    format!("{}{CUT}", &text[..end])
}

/// Sets a step output (`$GITHUB_OUTPUT`), masked, in the heredoc form so any value is safe.
pub fn set_output(name: &str, value: &str) -> Result<()> {
    let value = secrets::mask(value);
    append_env_file("GITHUB_OUTPUT", &output_entry(name, &value)?)
}

/// `name<<DELIMITER\nvalue\nDELIMITER\n`, with a delimiter nobody can predict: a value that
/// contained a predictable one could end the value early and set other outputs.
fn output_entry(name: &str, value: &str) -> Result<String> {
    loop {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)
            .map_err(|e| Error::new(format!("cannot write GITHUB_OUTPUT: no random bytes: {e}")))?;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let delimiter = format!("ghadelimiter_{hex}");
        if !value.contains(&delimiter) && !name.contains(&delimiter) {
            return Ok(format!("{name}<<{delimiter}\n{value}\n{delimiter}\n"));
        }
    }
}

/// The `exit-code` output every command sets at its end (a later step can branch on 2, 3, 4
/// without `continue-on-error` guessing).
pub fn report_exit(out: &super::Output, code: u8) {
    if active()
        && let Err(e) = set_output("exit-code", &code.to_string())
    {
        out.warn(e.message());
    }
}

fn append_env_file(var: &str, text: &str) -> Result<()> {
    let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let mut file =
        std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(|e| {
            Error::new(format!("cannot write {var} ({}): {e}", path.to_string_lossy()))
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write {var} ({}): {e}", path.to_string_lossy())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_summary_is_cut_to_its_room_at_a_line_end() {
        let text = "line one\nline two\nline three\n";
        assert_eq!(fit(text, 1000), text);
        let long: String = (0..100).map(|_| format!("{}\n", "x".repeat(50))).collect();
        let cut = fit(&long, 1500);
        assert!(cut.len() <= 1500 && cut.ends_with("step's summary)*\n"), "{}", cut.len());
        assert!(cut.lines().filter(|l| l.starts_with('x')).all(|l| l.len() == 50), "whole lines");
        assert_eq!(fit(text, 10), "", "no room for even the notice");
    }

    #[test]
    fn locates_the_innermost_file_line_and_column() {
        let at = locate("config.yaml: ecs-task-def.json:12:5: invalid JSON: expected `,`").unwrap();
        assert_eq!((at.file.as_str(), at.line, at.column), ("ecs-task-def.json", 12, Some(5)));
        let at = locate("ecs-service-def.json:3: undefined value `foo`").unwrap();
        assert_eq!((at.file.as_str(), at.line, at.column), ("ecs-service-def.json", 3, None));
        assert_eq!(locate("service acme: ecs:UpdateService failed: boom"), None);
        assert_eq!(locate("gate `http`: GET http://x:8080/health → 500"), None);
        let at = locate("a.yml: b.json:1: c.json:7:2: bad").unwrap();
        assert_eq!((at.file.as_str(), at.line, at.column), ("c.json", 7, Some(2)));
        assert_eq!(locate("x.json:12:abc: no"), None);
        assert_eq!(locate("x.json:: no"), None);
    }

    #[test]
    fn annotations_escape_properties_and_message() {
        let at = Location { file: "a,b:c.json".into(), line: 2, column: Some(7) };
        assert_eq!(
            annotation("error", "50% off\nnext", Some(&at)),
            "::error file=a%2Cb%3Ac.json,line=2,col=7::50%25 off%0Anext"
        );
        assert_eq!(annotation("notice", "done", None), "::notice::done");
    }

    #[test]
    fn output_delimiters_are_unpredictable() {
        let a = output_entry("x", "v").unwrap();
        let b = output_entry("x", "v").unwrap();
        assert_ne!(a, b);
        let delimiter = a.lines().next().unwrap().trim_start_matches("x<<");
        assert_eq!(delimiter.len(), "ghadelimiter_".len() + 32);
        assert!(a.ends_with(&format!("\nv\n{delimiter}\n")));
    }
}
