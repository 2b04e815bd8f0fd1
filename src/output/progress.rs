//! Following a rollout on screen: live rows on a terminal, one plain line per change elsewhere.
//!
//! A watcher hands [`Progress`] the current rows (one per deployment or revision, e.g.
//! `PRIMARY acme-dev-app:5  running 1/2  pending 1  IN_PROGRESS`) and each new service event.
//! On a terminal the rows are redrawn in place under the events; in CI logs a row is printed only
//! when it changed, prefixed with the elapsed time, so a log reads as a timeline.
//!
//! indicatif draws each row padded to the width it is told and lets the terminal wrap onto the
//! next row, so it must be told the terminal's true width: told less, the next row's spinner
//! lands at the end of the row above. It then leaves the cursor past the right edge of its last
//! row, where the `^C` a terminal echoes on Ctrl-C would wrap onto a line indicatif does not know
//! about (and its final clear would leave the top row frozen on screen): [`Rows`] ends every
//! draw with a carriage return, so the echo overwrites the last row's first columns instead.

use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

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
                let multi = MultiProgress::with_draw_target(ProgressDrawTarget::term_like_with_hz(
                    Box::new(Rows(console::Term::stderr())),
                    20,
                ));
                out.attach_progress(multi.clone());
                Live { multi, bars: Vec::new() }
            });
        // One clock per command, not per follow: a rollback followed after a failed rollout
        // goes on counting where the rollout left off.
        Self { out: out.clone(), started: out.following_since(), live, last_rows: Vec::new() }
    }

    /// Starts a phase of the rollout (gates, rollout) while following it: see [`Output::group`].
    pub fn group(&self, title: &str) {
        self.out.group(title);
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
                        ProgressStyle::with_template("{spinner:.cyan} {wide_msg}")
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
        self.out.record(text);
        self.out.info(&format!("{} {text}", self.elapsed()));
    }

    /// Prints a service event above the rows (see [`event_text`]).
    pub fn event(&self, message: &str) {
        self.line(&format!("event: {}", event_text(message)));
    }
}

/// A service event as a person reads it: ECS names a target group by its whole ARN
/// (`registered 1 targets in (target-group arn:aws:elasticloadbalancing:…:targetgroup/acme-dev-blue/6d0ecf…)`),
/// half of every deploy's lines; the group's name says the same.
pub fn event_text(message: &str) -> String {
    const ARN: &str = "arn:aws:elasticloadbalancing:";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(ARN) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(|c: char| c == ')' || c.is_whitespace()).unwrap_or(tail.len());
        let arn = &tail[..end];
        // `…:targetgroup/NAME/ID`: keep NAME; anything else stays as it is.
        match arn.split_once(":targetgroup/").and_then(|(_, r)| r.split('/').next()) {
            Some(name) if !name.is_empty() => out.push_str(name),
            _ => out.push_str(arn),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// stderr as indicatif's terminal, each draw ended at the start of its last row (see the module
/// docs).
#[derive(Debug)]
pub(crate) struct Rows(pub console::Term);

impl TermLike for Rows {
    fn width(&self) -> u16 {
        self.0.size().1
    }
    fn height(&self) -> u16 {
        self.0.size().0
    }
    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_up(n)
    }
    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_down(n)
    }
    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_right(n)
    }
    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_left(n)
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.0.write_line(s)
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.0.write_str(s)
    }
    fn clear_line(&self) -> std::io::Result<()> {
        self.0.clear_line()
    }
    fn flush(&self) -> std::io::Result<()> {
        // indicatif flushes once a draw is done, the cursor past the end of the last row.
        self.0.write_str("\r")?;
        self.0.flush()
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

#[cfg(test)]
mod tests {
    use super::event_text;

    #[test]
    fn target_group_arns_in_events_become_names() {
        assert_eq!(
            event_text(
                "(service acme-dev-app) registered 1 targets in (target-group arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/acme-dev-blue/a6eedfadb6133a98)"
            ),
            "(service acme-dev-app) registered 1 targets in (target-group acme-dev-blue)"
        );
        assert_eq!(event_text("has reached a steady state."), "has reached a steady state.");
        // Not a target group: left whole.
        let lb = "(arn:aws:elasticloadbalancing:ap-northeast-1:1:loadbalancer/app/x/1)";
        assert_eq!(event_text(lb), lb);
    }
}
