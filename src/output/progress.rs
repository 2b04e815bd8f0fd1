//! Following a rollout on screen: live rows on a terminal, one plain line per change elsewhere.
//!
//! A watcher hands [`Progress`] the current rows (one per deployment or revision, e.g.
//! `PRIMARY acme-dev-app:5  running 1/2  pending 1  IN_PROGRESS`) and each new service event.
//! On a terminal the rows are redrawn in place under the events; in CI logs a row is printed only
//! when it changed, prefixed with the elapsed time, so a log reads as a timeline.

use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Audience, Output};

pub struct Progress {
    out: Output,
    started: Instant,
    live: Option<Live>,
    last_rows: Vec<String>,
}

struct Live {
    multi: MultiProgress,
    bars: Vec<ProgressBar>,
}

impl Progress {
    /// Starts following; live rows only when a person is watching a terminal.
    pub fn start(out: &Output) -> Self {
        // In a run over several services, the run's display has one line per service instead.
        let live = (out.audience() == Audience::Terminal && !out.is_json() && !out.in_fleet())
            .then(|| {
                let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
                out.attach_progress(multi.clone());
                Live { multi, bars: Vec::new() }
            });
        Self { out: out.clone(), started: Instant::now(), live, last_rows: Vec::new() }
    }

    fn elapsed(&self) -> String {
        let secs = self.started.elapsed().as_secs();
        format!("[{:>2}:{:02}]", secs / 60, secs % 60)
    }

    /// Shows the current rows.
    pub fn rows(&mut self, rows: &[String]) {
        if rows == self.last_rows.as_slice() {
            return;
        }
        self.last_rows = rows.to_vec();
        let stamp = self.elapsed();
        match &mut self.live {
            Some(live) => {
                while live.bars.len() < rows.len() {
                    let bar = live.multi.add(ProgressBar::new_spinner());
                    bar.set_style(
                        ProgressStyle::with_template("{spinner:.cyan} {msg}")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    );
                    bar.enable_steady_tick(Duration::from_millis(120));
                    live.bars.push(bar);
                }
                while live.bars.len() > rows.len() {
                    if let Some(bar) = live.bars.pop() {
                        bar.finish_and_clear();
                        live.multi.remove(&bar);
                    }
                }
                for (bar, row) in live.bars.iter().zip(rows) {
                    bar.set_message(crate::secrets::mask(row));
                }
            }
            None if self.out.fleet_status(&rows.join(" · ")) => {}
            None => {
                for row in rows {
                    self.out.info(&format!("{stamp} {row}"));
                }
            }
        }
    }

    /// Prints a line (a service event, a stage change) above the rows.
    pub fn line(&self, text: &str) {
        self.out.info(&format!("{} {text}", self.elapsed()));
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(live) = self.live.take() {
            for bar in &live.bars {
                bar.finish_and_clear();
            }
            self.out.detach_progress();
        }
    }
}
