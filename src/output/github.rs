//! GitHub Actions workflow commands and environment files.
//!
//! Used only when `GITHUB_ACTIONS=true`. Values written here go through the same secret masking
//! as everything else, and `::add-mask::` is emitted for every secret before any other output so
//! that the runner hides them in its log even if they appear in a later step.
#![allow(clippy::print_stdout)]

use std::io::Write;

use crate::error::{Error, Result};
use crate::secrets;

/// Whether shipper runs inside a GitHub Actions step.
pub fn active() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// Escapes a message for a workflow command (`%`, CR and LF have meanings there).
pub fn escape(message: &str) -> String {
    message.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Asks the runner to mask these secret values in its logs.
pub fn add_masks(values: &[String]) {
    let mut out = std::io::stdout().lock();
    for value in values {
        for line in value.lines().filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(out, "::add-mask::{}", escape(line));
        }
    }
    let _ = out.flush();
}

/// Appends Markdown to the step summary (`$GITHUB_STEP_SUMMARY`), masked.
pub fn append_step_summary(markdown: &str) -> Result<()> {
    append_env_file("GITHUB_STEP_SUMMARY", &format!("{}\n", secrets::mask(markdown)))
}

/// Sets a step output (`$GITHUB_OUTPUT`), using the heredoc form so any value is safe.
pub fn set_output(name: &str, value: &str) -> Result<()> {
    let value = secrets::mask(value);
    let delimiter = format!("shipper_{}", std::process::id());
    append_env_file("GITHUB_OUTPUT", &format!("{name}<<{delimiter}\n{value}\n{delimiter}\n"))
}

fn append_env_file(var: &str, text: &str) -> Result<()> {
    let Some(path) = std::env::var_os(var) else {
        return Ok(());
    };
    let mut file =
        std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(|e| {
            Error::new(format!("cannot write {var} ({}): {e}", path.to_string_lossy()))
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("cannot write {var} ({}): {e}", path.to_string_lossy())))
}
