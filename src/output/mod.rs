//! The output layer: the only code that writes to stdout and stderr.
//!
//! Commands hand it data (stdout: rendered documents, diffs, JSON) and messages (stderr: progress,
//! warnings, errors); it decides how they look for a person at a terminal, a plain CI log, or
//! GitHub Actions, and passes every line through [`secrets::mask`] first. Keeping all writes here
//! is what makes "a secret never reaches the output" checkable, and why clippy forbids `println!`
//! elsewhere.
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub mod fleet;
pub mod github;
mod logging;
pub mod pr_comment;
pub mod progress;
pub mod timeline;

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

use console::Style;

pub use crate::cli::{ColorChoice, Format};
use crate::error::Error;
use crate::secrets;
pub use logging::{LOG_OUTPUT, LogWriter};

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
    /// Set for one service of a run over several: its lines are prefixed, its stdout kept.
    service: Option<Arc<fleet::Slot>>,
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
    /// The GitHub Actions log group of this phase (GitHub has no nested groups: one at a time),
    /// and whether its `::group::` line was written: that waits for the group's first line, so
    /// the masks of secrets read meanwhile come before it.
    group: Mutex<Option<(String, bool)>>,
    /// Progress lines with the seconds since the run began (GitHub only: the step summary's
    /// timeline).
    timeline: Mutex<Vec<(u64, String)>>,
    started: std::time::Instant,
    /// When the command began following a rollout: the `[m:ss]` clock of every progress line
    /// counts from here, so it runs on (never back to `[0:00]`) when a rollback is followed
    /// after the deployment, or gates after the rollout.
    following_since: std::sync::OnceLock<std::time::Instant>,
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
                group: Mutex::new(None),
                timeline: Mutex::new(Vec::new()),
                started: std::time::Instant::now(),
                following_since: std::sync::OnceLock::new(),
            }),
            service: None,
        }
    }

    /// Whether this is one service's output in a run over several.
    pub fn in_fleet(&self) -> bool {
        self.service.is_some()
    }

    /// Shows a service's rollout rows on its live line (a run over several, on a terminal);
    /// false when there is no such line and the caller prints them itself.
    pub(crate) fn fleet_status(&self, text: &str) -> bool {
        self.service.as_ref().is_some_and(|slot| slot.show(text))
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
        if let Some(slot) = &self.service {
            slot.keep_stdout(&text);
            return;
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
        if self.fleet_status(message) {
            return;
        }
        self.err_line(message);
    }

    /// A line worth keeping (what the plan will change): like [`Output::info`], but in a run
    /// over several services on a terminal it is printed above the live lines, not shown on
    /// the service's line until the next replaces it.
    pub fn note(&self, message: &str) {
        self.err_line(message);
    }

    /// A step that completed, highlighted in green on a terminal.
    pub fn success(&self, message: &str) {
        if let Some(slot) = &self.service {
            slot.note_result(message);
        }
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
            Audience::GitHub => {
                // Annotations are not prefixed by `err_line`'s slot prefix (GitHub reads `::`
                // first); in a run over several services the message names the service.
                let at = github::locate(message);
                let message = self.labelled(message);
                self.write_err(&github::annotation("warning", &message, at.as_ref()));
            }
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
        if let Some(slot) = &self.service {
            slot.note_result(error.message());
        }
        if self.inner.audience == Audience::GitHub {
            // The annotation ends any group: GitHub shows it on the run page, the text in the
            // log; a render or config error points at the template line.
            self.end_group();
            // With its details (a gate's evidence, the stopped tasks): the run page shows the
            // annotation, and the log may be long gone by the time someone reads it.
            let mut message = self.labelled(error.message());
            for line in github::bounded_details(error.details()) {
                message.push_str(&format!("\n{line}"));
            }
            if let Some(hint) = error.hint_text() {
                message.push_str(&format!("\nhint: {hint}"));
            }
            let at = github::locate(error.message());
            self.write_err(&github::annotation("error", &message, at.as_ref()));
        }
        self.err_line(&text);
    }

    /// The outcome of a command, in one line: a notice annotation under GitHub Actions.
    pub fn notice(&self, message: &str) {
        if self.inner.audience == Audience::GitHub {
            self.end_group();
            self.write_err(&github::annotation("notice", &self.labelled(message), None));
        }
    }

    /// Sets a GitHub Actions step output. One service of a run over several keeps it in its
    /// slot instead: the run writes everyone's together (see [`crate::fleet`]).
    pub fn set_output(&self, name: &str, value: &str) -> crate::error::Result<()> {
        match &self.service {
            Some(slot) => {
                slot.keep_output(name, value);
                Ok(())
            }
            None => github::set_output(name, value),
        }
    }

    /// Starts a phase of the run (render, plan, register, rollout, gates): a collapsible log
    /// group under GitHub Actions, closing the one before (GitHub does not nest groups).
    pub fn group(&self, title: &str) {
        // Several services at once would interleave their groups: a run over several services
        // has prefixed lines instead.
        if self.inner.audience != Audience::GitHub || self.service.is_some() {
            return;
        }
        self.end_group();
        *self.inner.group.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some((title.to_string(), false));
    }

    /// A message naming the service it is about, in a run over several services.
    fn labelled(&self, message: &str) -> String {
        match &self.service {
            Some(slot) => format!("{}: {message}", slot.label()),
            None => message.to_string(),
        }
    }

    /// Ends the log group open now, if any.
    pub fn end_group(&self) {
        let open =
            self.inner.group.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        if let Some((_, true)) = open {
            self.err_line("::endgroup::");
        }
    }

    /// Records a progress line for the step summary's timeline (GitHub Actions only).
    pub(crate) fn record(&self, line: &str) {
        if self.inner.audience == Audience::GitHub {
            let at = self.inner.started.elapsed().as_secs();
            self.inner
                .timeline
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((at, secrets::mask(line)));
        }
    }

    /// When this command began following a rollout (the first call's moment): see
    /// [`progress::Progress`]'s clock.
    pub(crate) fn following_since(&self) -> std::time::Instant {
        *self.inner.following_since.get_or_init(std::time::Instant::now)
    }

    /// The progress lines recorded so far, with their second since the start.
    pub fn timeline(&self) -> Vec<(u64, String)> {
        self.inner.timeline.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
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
        match &self.service {
            Some(slot) => self.write_err(&slot.prefixed(text)),
            None => self.write_err(text),
        }
    }

    fn write_err(&self, text: &str) {
        let text = secrets::mask(text);
        self.with_progress_suspended(|| {
            let mut group =
                self.inner.group.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut err = std::io::stderr().lock();
            if let Some((title, opened @ false)) = group.as_mut() {
                let _ = writeln!(err, "::group::{}", github::escape(title));
                *opened = true;
            }
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
            // On stderr, never stdout: stdout is the document asked for (see `github`).
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(github::mask_lines(&values[*masked..]).as_bytes());
            let _ = err.flush();
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

/// A timestamp for machines (`--output json`): RFC 3339, `2026-11-23T21:54:30Z`; `null` when
/// AWS gave none.
pub fn timestamp(time: Option<&aws_smithy_types::DateTime>) -> serde_json::Value {
    time.and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
        .map_or(serde_json::Value::Null, serde_json::Value::String)
}

/// [`timestamp`] for serde (`#[serde(serialize_with = …)]`).
pub fn serialize_timestamp<S: serde::Serializer>(
    time: &Option<aws_smithy_types::DateTime>,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&timestamp(time.as_ref()), serializer)
}
