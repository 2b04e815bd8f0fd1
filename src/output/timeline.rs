//! The step summary's picture of a rollout, in Mermaid (which GitHub draws in summaries): a
//! timeline of what changed when, and a chart of the traffic the new revision received.
//!
//! It is read from the run's progress lines with their seconds ([`super::Output::timeline`]):
//! the status lines of a service deployment (`deployment IN_PROGRESS, stage
//! TEST_TRAFFIC_SHIFT, traffic prod 0% test 100%`, written by `wait::view::status_line`),
//! CodeDeploy's statuses and lifecycle events, and the gates' verdicts. A status line repeats
//! what did not change; the timeline says only what did, one period per second with every event
//! of that second under it, so no label repeats and the periods only go forward.

use std::fmt::Write as _;

/// At most this many events in the timeline (a long linear rollout says a lot): the rest are
/// counted in a last event.
const MAX_EVENTS: usize = 60;
/// A label longer than this is cut at a word, with `…`.
const MAX_LABEL: usize = 100;

/// The Mermaid blocks (a timeline, then a traffic chart when traffic moved), or empty when the
/// run followed nothing.
pub fn mermaid(timeline: &[(u64, String)]) -> String {
    let events = events(timeline);
    if events.is_empty() {
        return String::new();
    }
    let mut out = String::from("```mermaid\ntimeline\n    title Rollout\n");
    let mut period = None;
    for (secs, label) in events.iter().take(MAX_EVENTS) {
        if period == Some(*secs) {
            let _ = writeln!(out, "        : {}", label_text(label));
        } else {
            let _ = writeln!(out, "    {} : {}", clock(*secs), label_text(label));
            period = Some(*secs);
        }
    }
    if events.len() > MAX_EVENTS {
        let _ = writeln!(out, "        : … and {} more", events.len() - MAX_EVENTS);
    }
    out.push_str("```");
    let traffic = traffic(timeline);
    if traffic.len() > 1 {
        out.push_str("\n\n");
        out.push_str(&traffic_chart(&traffic));
    }
    out
}

/// `1m05s`.
fn clock(secs: u64) -> String {
    format!("{}m{:02}s", secs / 60, secs % 60)
}

/// What happened, in order: each status line reduced to what changed since the one before,
/// other lines as they are; nothing said twice in a row.
fn events(timeline: &[(u64, String)]) -> Vec<(u64, String)> {
    let mut events: Vec<(u64, String)> = Vec::new();
    let mut last_status: Option<Status> = None;
    for (secs, line) in timeline {
        let label = if let Some(status) = Status::parse(line) {
            let label = status.changes_since(last_status.as_ref());
            last_status = Some(status);
            label
        } else if line.starts_with("CodeDeploy deployment ")
            || line.starts_with("lifecycle event ")
            || line.contains("gates passed")
            || line.starts_with("gate `")
        {
            line.clone()
        } else {
            continue;
        };
        let repeated = events.last().is_some_and(|(_, last)| *last == label);
        if !label.is_empty() && !repeated {
            events.push((*secs, label));
        }
    }
    events
}

/// A service deployment's status line, in its parts.
#[derive(Debug, Default, PartialEq)]
struct Status {
    status: String,
    /// `stage X`, `traffic prod a% test b%`, `failed tasks n/m`, by their first word.
    parts: Vec<(String, String)>,
    reason: Option<String>,
}

impl Status {
    /// `deployment STATUS[, part]…[ (reason)]`.
    fn parse(line: &str) -> Option<Self> {
        let rest = line.strip_prefix("deployment ")?;
        // The parts never hold ` (`; a reason may hold anything.
        let (head, reason) = match rest.split_once(" (") {
            Some((head, reason)) => (head, Some(reason.strip_suffix(')').unwrap_or(reason))),
            None => (rest, None),
        };
        let mut items = head.split(", ");
        let status = items.next()?.to_string();
        if status.is_empty() || status.contains(' ') {
            return None;
        }
        let parts = items
            .map(|part| {
                let kind = part.split(' ').next().unwrap_or_default();
                (kind.to_string(), part.to_string())
            })
            .collect();
        Some(Self { status, parts, reason: reason.map(ToString::to_string) })
    }

    /// What this status says that `before` did not.
    fn changes_since(&self, before: Option<&Self>) -> String {
        let mut said = Vec::new();
        if before.is_none_or(|b| b.status != self.status) {
            said.push(format!("deployment {}", self.status));
        }
        for (kind, part) in &self.parts {
            let known = before.is_some_and(|b| b.parts.iter().any(|(k, p)| k == kind && p == part));
            if !known {
                said.push(part.clone());
            }
        }
        if let Some(reason) = &self.reason
            && before.is_none_or(|b| b.reason.as_ref() != Some(reason))
        {
            said.push(reason.clone());
        }
        said.join(", ")
    }

    /// The production and test traffic weights, where the line has them.
    fn traffic(&self) -> Option<(f64, f64)> {
        let (_, part) = self.parts.iter().find(|(kind, _)| kind == "traffic")?;
        let words: Vec<&str> = part.split(' ').collect();
        let weight = |name: &str| {
            let at = words.iter().position(|w| *w == name)?;
            words.get(at + 1)?.strip_suffix('%')?.parse::<f64>().ok()
        };
        Some((weight("prod")?, weight("test")?))
    }
}

/// A label as Mermaid's timeline takes it: `:` separates events there (a `: ` becomes ` — `,
/// any other `:` the look-alike `∶`), `#` and `;` start comments and statements; cut at a word
/// when too long.
fn label_text(label: &str) -> String {
    let text = label.replace(": ", " — ").replace(':', "∶").replace(';', ",").replace('#', "");
    cut_at_word(&text, MAX_LABEL)
}

/// `text` cut to at most `max` characters at the end of a word, with `…`.
fn cut_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max - 1).collect();
    let head = match head.rfind(' ') {
        Some(space) if space > 0 => &head[..space],
        _ => head.as_str(),
    };
    format!("{}…", head.trim_end_matches([',', ' ', '—']))
}

/// The traffic weights the run saw, `(second, production %, test %)`, one per change.
fn traffic(timeline: &[(u64, String)]) -> Vec<(u64, f64, f64)> {
    let mut points: Vec<(u64, f64, f64)> = Vec::new();
    for (secs, line) in timeline {
        let Some((prod, test)) = Status::parse(line).as_ref().and_then(Status::traffic) else {
            continue;
        };
        match points.last_mut() {
            Some(last) if last.1 == prod && last.2 == test => {}
            // Several changes in one second: the last one stands.
            Some(last) if last.0 == *secs => *last = (*secs, prod, test),
            _ => points.push((*secs, prod, test)),
        }
    }
    if points.len() > MAX_EVENTS {
        points.drain(..points.len() - MAX_EVENTS);
    }
    points
}

/// An XY chart of the traffic to the new revision: production as a line, test as bars.
fn traffic_chart(points: &[(u64, f64, f64)]) -> String {
    let list = |values: Vec<String>| values.join(", ");
    let at = list(points.iter().map(|(secs, _, _)| format!("\"{}\"", clock(*secs))).collect());
    let prod = list(points.iter().map(|(_, prod, _)| format!("{prod}")).collect());
    let test = list(points.iter().map(|(_, _, test)| format!("{test}")).collect());
    format!(
        "```mermaid\nxychart-beta\n    title \"Traffic to the new revision (%): production line, test bars\"\n    x-axis [{at}]\n    y-axis \"%\" 0 --> 100\n    bar [{test}]\n    line [{prod}]\n```"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(lines: &[(u64, &str)]) -> Vec<(u64, String)> {
        lines.iter().map(|(s, l)| (*s, (*l).to_string())).collect()
    }

    #[test]
    fn a_status_line_says_only_what_changed() {
        let md = mermaid(&lines(&[
            (0, "deployment IN_PROGRESS, stage SCALE_UP"),
            (0, "deployment IN_PROGRESS, stage TEST_TRAFFIC_SHIFT, traffic prod 0% test 100%"),
            (3, "deployment IN_PROGRESS, stage TEST_TRAFFIC_SHIFT, traffic prod 0% test 100%"),
            (4, "gate `probe` failed: answering the pause hook with ROLLBACK"),
            (
                9,
                "deployment ROLLBACK_SUCCESSFUL, stage TEST_TRAFFIC_SHIFT, traffic prod 0% test 100% (ECS stopped it: a rollback was requested)",
            ),
        ]));
        assert!(md.contains("    0m00s : deployment IN_PROGRESS, stage SCALE_UP\n        : stage TEST_TRAFFIC_SHIFT, traffic prod 0% test 100%\n"), "{md}");
        assert!(
            md.contains(
                "    0m04s : gate `probe` failed — answering the pause hook with ROLLBACK\n"
            ),
            "{md}"
        );
        assert!(md.contains("    0m09s : deployment ROLLBACK_SUCCESSFUL, ECS stopped it — a rollback was requested\n"), "{md}");
        assert!(!md.contains("0m03s"), "nothing changed then: {md}");
    }

    #[test]
    fn long_labels_are_cut_at_a_word() {
        let long = format!("gate `probe` failed {}", "because the probe said so ".repeat(10));
        let label = label_text(&long);
        assert!(label.chars().count() <= MAX_LABEL, "{label}");
        assert!(label.ends_with("so…"), "{label}");
        assert_eq!(cut_at_word("short", 10), "short");
    }

    #[test]
    fn traffic_is_charted_when_it_moved() {
        let md = mermaid(&lines(&[
            (
                1,
                "deployment IN_PROGRESS, stage PRODUCTION_TRAFFIC_SHIFT, traffic prod 10% test 10%",
            ),
            (
                2,
                "deployment IN_PROGRESS, stage PRODUCTION_TRAFFIC_SHIFT, traffic prod 10% test 10%",
            ),
            (5, "deployment IN_PROGRESS, stage BAKE_TIME, traffic prod 100% test 100%"),
        ]));
        assert!(md.contains("x-axis [\"0m01s\", \"0m05s\"]\n"), "{md}");
        assert!(md.contains("line [10, 100]\n"), "{md}");
        assert!(md.contains("bar [10, 100]\n"), "{md}");
        let rolling =
            mermaid(&lines(&[(1, "deployment IN_PROGRESS"), (5, "deployment SUCCESSFUL")]));
        assert!(!rolling.contains("xychart"), "{rolling}");
    }
}
