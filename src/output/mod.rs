//! The output layer: the only code that writes to stdout and stderr.
//!
//! Commands hand it data (stdout: rendered documents, diffs, JSON) and messages (stderr: progress,
//! warnings, errors); it decides how they look for a person at a terminal, a plain CI log, or
//! GitHub Actions, and passes every line through [`secrets::mask`] first. Keeping all writes here
//! is what makes "a secret never reaches the output" checkable, and why clippy forbids `println!`
//! elsewhere.
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub mod github;
pub mod progress;

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

use console::Style;

use crate::error::Error;
use crate::secrets;

/// `--output`: what stdout carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// One JSON document (machine-readable).
    Json,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Where the output goes, which decides its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// A person at a terminal: colours, live progress.
    Terminal,
    /// A log file or CI log: one plain line per event.
    Plain,
    /// A GitHub Actions step: plain lines plus workflow commands (annotations, masks).
    GitHub,
}

/// The output handle passed to every command. Cheap to clone.
#[derive(Clone)]
pub struct Output {
    inner: Arc<Inner>,
}

struct Inner {
    format: Format,
    audience: Audience,
    color: bool,
    /// Live progress display, when one is active; lines are printed above it.
    progress: Mutex<Option<indicatif::MultiProgress>>,
    /// How many secrets GitHub has been asked to mask so far.
    masked: Mutex<usize>,
    /// How many warnings were printed (see [`MAX_WARNINGS`]).
    warnings: Mutex<usize>,
}

/// Warnings printed in one run at the most: a definition with thousands of containers must not
/// bury the output (and a CI log) under the same warning.
const MAX_WARNINGS: usize = 20;

impl Output {
    pub fn new(format: Format, color: ColorChoice) -> Self {
        let github = github::active();
        let tty = std::io::stderr().is_terminal();
        let audience = if github {
            Audience::GitHub
        } else if tty {
            Audience::Terminal
        } else {
            Audience::Plain
        };
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        console::set_colors_enabled(color);
        console::set_colors_enabled_stderr(color);
        Self {
            inner: Arc::new(Inner {
                format,
                audience,
                color,
                progress: Mutex::new(None),
                masked: Mutex::new(0),
                warnings: Mutex::new(0),
            }),
        }
    }

    pub fn format(&self) -> Format {
        self.inner.format
    }

    pub fn audience(&self) -> Audience {
        self.inner.audience
    }

    pub fn color(&self) -> bool {
        self.inner.color
    }

    pub fn is_json(&self) -> bool {
        self.inner.format == Format::Json
    }

    /// Writes data to stdout as it is (after masking). Adds a newline if missing.
    pub fn data(&self, text: &str) {
        let mut text = secrets::mask(text);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        self.with_progress_suspended(|| {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`shipper render | head`) is not an error worth reporting.
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        });
    }

    /// Writes a JSON document to stdout, pretty-printed.
    pub fn json(&self, value: &serde_json::Value) {
        self.data(&serde_json::to_string_pretty(value).unwrap_or_default());
    }

    /// A progress or status message for people (stderr).
    pub fn info(&self, message: &str) {
        self.err_line(message);
    }

    /// A step that completed, highlighted in green on a terminal.
    pub fn success(&self, message: &str) {
        self.err_line(&Style::new().green().apply_to(message).to_string());
    }

    /// A warning (stderr; an annotation under GitHub Actions).
    pub fn warn(&self, message: &str) {
        let count = {
            let mut n =
                self.inner.warnings.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            *n += 1;
            *n
        };
        if count > MAX_WARNINGS {
            if count == MAX_WARNINGS + 1 {
                self.err_line(&format!(
                    "(more than {MAX_WARNINGS} warnings: the rest are not shown)"
                ));
            }
            return;
        }
        match self.inner.audience {
            Audience::GitHub => self.err_line(&format!("::warning::{}", github::escape(message))),
            _ => self.err_line(&format!(
                "{} {message}",
                Style::new().yellow().bold().apply_to("warning:")
            )),
        }
    }

    /// Prints a failure: message, details and hint.
    pub fn error(&self, error: &Error) {
        let mut text =
            format!("{} {}", Style::new().red().bold().apply_to("error:"), error.message());
        for line in error.details() {
            text.push_str(&format!("\n  {line}"));
        }
        if let Some(hint) = error.hint_text() {
            text.push_str(&format!("\n  {} {hint}", Style::new().cyan().apply_to("hint:")));
        }
        if self.inner.audience == Audience::GitHub {
            self.err_line(&format!("::error::{}", github::escape(error.message())));
        }
        self.err_line(&text);
    }

    /// Asks a question on stderr and reads the answer, one line of stdin (trimmed); `None` when
    /// stdin is closed, so a script without `--force` is refused rather than left hanging.
    pub fn ask(&self, question: &str) -> Option<String> {
        self.with_progress_suspended(|| {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{} ", secrets::mask(question));
            let _ = err.flush();
        });
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim().to_string()),
        }
    }

    /// Writes a line to stderr, masked, above any live progress display.
    pub fn err_line(&self, text: &str) {
        let text = secrets::mask(text);
        self.with_progress_suspended(|| {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "{text}");
        });
    }

    /// Starts a live progress display (terminal only); see [`progress`].
    pub(crate) fn attach_progress(&self, multi: indicatif::MultiProgress) {
        *self.inner.progress.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some(multi);
    }

    pub(crate) fn detach_progress(&self) {
        let multi =
            self.inner.progress.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        if let Some(multi) = multi {
            let _ = multi.clear();
        }
    }

    fn with_progress_suspended(&self, f: impl FnOnce()) {
        self.mask_new_secrets();
        let guard = self.inner.progress.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match guard.as_ref() {
            Some(multi) => multi.suspend(f),
            None => f(),
        }
    }
}

impl Output {
    /// Under GitHub Actions, asks the runner to mask secrets learnt since the last write, before
    /// anything else is written: the runner masks only what it was told about beforehand.
    fn mask_new_secrets(&self) {
        if self.inner.audience != Audience::GitHub {
            return;
        }
        let mut masked =
            self.inner.masked.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let values = secrets::values();
        if values.len() > *masked {
            github::add_masks(&values[*masked..]);
            *masked = values.len();
        }
    }
}

/// Aligns rows into columns (the first row is the header), two spaces apart.
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| console::measure_text_width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                if c + 1 == row.len() {
                    cell.clone()
                } else {
                    console::pad_str(cell, widths[c], console::Alignment::Left, None).into_owned()
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// A timestamp as people read it: `2026-11-23 21:54:30Z`.
pub fn when(time: Option<&aws_smithy_types::DateTime>) -> String {
    time.and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
        .map(|s| {
            s.replace('T', " ")
                .split('.')
                .next()
                .unwrap_or_default()
                .trim_end_matches('Z')
                .to_string()
                + "Z"
        })
        .unwrap_or_else(|| "-".into())
}

/// A writer for `tracing` that masks secrets and keeps log lines above progress bars.
#[derive(Clone)]
pub struct LogWriter {
    output: Output,
    buf: Vec<u8>,
}

impl LogWriter {
    pub fn new(output: Output) -> Self {
        Self { output, buf: Vec::new() }
    }
}

impl Write for LogWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            let text = String::from_utf8_lossy(&self.buf).trim_end().to_string();
            self.output.err_line(&text);
            self.buf.clear();
        }
        Ok(())
    }
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Output {
    type Writer = LogWriter;

    fn make_writer(&'a self) -> Self::Writer {
        LogWriter::new(self.clone())
    }
}
