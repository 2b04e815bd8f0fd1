//! The output of a run over several services (see [`crate::fleet`]).
//!
//! Each service writes through its own [`Output`] (from [`Display::output`]), which carries a
//! [`Slot`]: stderr lines get the service's name in front (`web  | deployed …`), so a CI log of
//! interleaved services still reads service by service; stdout is kept in the slot and printed
//! whole, in the order the configs were given, so documents and diffs never interleave. On a
//! terminal the display is live: one line per service, showing what it is doing now, with
//! warnings, errors and results printed above the lines.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Audience, Output};

/// One service's place in the output.
pub struct Slot {
    label: String,
    /// The service's label, padded to the longest label so prefixes line up.
    prefix: String,
    stdout: Mutex<String>,
    /// The service's live line (terminal only).
    bar: Option<ProgressBar>,
    /// The last result line (`deployed … (12s)`) for the summary.
    last: Mutex<Option<String>>,
    /// The step outputs the service set (GitHub Actions): the run writes them combined, since
    /// one `$GITHUB_OUTPUT` name set by every service would keep only the last service's value.
    outputs: Mutex<Vec<(String, String)>>,
}

impl Slot {
    pub fn label(&self) -> &str {
        &self.label
    }

    /// `web  | ` in front of each line of `text`.
    pub(crate) fn prefixed(&self, text: &str) -> String {
        text.lines().map(|line| format!("{} | {line}", self.prefix)).collect::<Vec<_>>().join("\n")
    }

    pub(crate) fn keep_stdout(&self, text: &str) {
        lock(&self.stdout).push_str(text);
    }

    /// Shows `text` on the live line; false when there is none (not a terminal).
    pub(crate) fn show(&self, text: &str) -> bool {
        match &self.bar {
            Some(bar) => {
                bar.set_message(first_line(text));
                true
            }
            None => false,
        }
    }

    pub(crate) fn keep_output(&self, name: &str, value: &str) {
        let mut outputs = lock(&self.outputs);
        outputs.retain(|(n, _)| n != name);
        outputs.push((name.to_string(), value.to_string()));
    }

    /// The step outputs the service set, in the order it set them.
    pub fn outputs(&self) -> Vec<(String, String)> {
        lock(&self.outputs).clone()
    }

    pub(crate) fn note_result(&self, text: &str) {
        *lock(&self.last) = Some(first_line(text));
    }

    /// What the service printed to stdout, taken (it is printed once).
    pub fn take_stdout(&self) -> String {
        std::mem::take(&mut *lock(&self.stdout))
    }

    /// The service's last result line, if it printed one.
    pub fn result_line(&self) -> Option<String> {
        lock(&self.last).clone()
    }

    /// The service starts (it got a place under `--concurrency`).
    pub fn started(&self) {
        if let Some(bar) = &self.bar {
            bar.enable_steady_tick(Duration::from_millis(120));
            bar.set_message("starting");
        }
    }

    /// The service ended: its live line keeps `text`, marked ✓ or ✗.
    pub fn finished(&self, ok: bool, text: &str) {
        if let Some(bar) = &self.bar {
            bar.set_style(style(if ok {
                "{prefix} ✓ {wide_msg}"
            } else {
                "{prefix} ✗ {wide_msg}"
            }));
            bar.finish_with_message(first_line(text));
        }
    }
}

/// The combined display of a run over several services.
pub struct Display {
    out: Output,
    live: Option<MultiProgress>,
    slots: Vec<Arc<Slot>>,
}

impl Display {
    /// Starts the display with one slot per label (live lines only for a person at a terminal).
    pub fn start(out: &Output, labels: &[String]) -> Self {
        let width = labels.iter().map(|l| console::measure_text_width(l)).max().unwrap_or(0);
        let live = (out.audience() == Audience::Terminal && !out.is_json()).then(|| {
            let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
            out.attach_progress(multi.clone());
            multi
        });
        let slots = labels
            .iter()
            .map(|label| {
                let prefix =
                    console::pad_str(label, width, console::Alignment::Left, None).into_owned();
                let bar = live.as_ref().map(|multi| {
                    let bar = multi.add(ProgressBar::new_spinner());
                    bar.set_style(style("{prefix} {spinner:.cyan} {wide_msg}"));
                    bar.set_prefix(prefix.clone());
                    bar.set_message("waiting for a place (--concurrency)");
                    bar
                });
                Arc::new(Slot {
                    label: label.clone(),
                    prefix,
                    stdout: Mutex::new(String::new()),
                    bar,
                    last: Mutex::new(None),
                    outputs: Mutex::new(Vec::new()),
                })
            })
            .collect();
        Self { out: out.clone(), live, slots }
    }

    pub fn slot(&self, index: usize) -> Arc<Slot> {
        Arc::clone(&self.slots[index])
    }

    /// The output handle of service `index`.
    pub fn output(&self, index: usize) -> Output {
        Output { inner: Arc::clone(&self.out.inner), service: Some(self.slot(index)) }
    }

    /// Ends the live display (the summary follows as plain lines).
    pub fn stop(&mut self) {
        if self.live.take().is_some() {
            for slot in &self.slots {
                if let Some(bar) = &slot.bar {
                    bar.finish_and_clear();
                }
            }
            self.out.detach_progress();
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        self.stop();
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn first_line(text: &str) -> String {
    crate::secrets::mask(text.lines().next().unwrap_or_default())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
