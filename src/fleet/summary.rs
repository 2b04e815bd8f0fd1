//! How a run over several services ended: one exit code, one summary (text, JSON, GitHub).
//!
//! The exit code is the worst outcome among the services, by this order (worst first):
//! 130 interrupted > 4 timed out > 3 failed and rolled back > 1 error > 2 differences > 0.
//! An interruption was the user's decision and ends everything. A timeout leaves a deployment
//! running with no verdict, which needs a person most. A rollback means a deployment ran and
//! failed (the service changed hands twice). An error is usually found before any write (a bad
//! config, a refused call). Differences (`diff --exit-code`) are information, not failure.

use std::time::Duration;

use serde_json::{Value, json};

/// Where one service of the run stands.
#[derive(Debug, Clone)]
pub enum State {
    /// Waiting for a place under `--concurrency`.
    Waiting,
    Running,
    Done {
        code: u8,
        took: Duration,
        detail: String,
    },
    /// Not started: `--fail-fast` and another service failed.
    Skipped,
    /// In flight when the run was interrupted; `detail`: what it had done.
    Interrupted {
        took: Duration,
        detail: String,
    },
}

/// One service's line of the summary.
#[derive(Debug, Clone)]
pub struct Row {
    pub label: String,
    pub config: String,
    pub state: State,
    /// What it printed to stdout (a JSON document under `--output json`).
    pub output: String,
    /// The GitHub Actions step outputs it set (see [`github_outputs`]).
    pub outputs: Vec<(String, String)>,
}

/// How bad an exit code is, for picking the worst (see the module docs).
pub fn severity(code: u8) -> u8 {
    match code {
        0 => 0,
        2 => 1,
        3 => 3,
        4 => 4,
        130 => 5,
        _ => 2,
    }
}

/// The run's exit code: the worst among the services'.
pub fn worst(rows: &[Row]) -> u8 {
    rows.iter().filter_map(|r| exit(&r.state)).max_by_key(|c| severity(*c)).unwrap_or(0)
}

/// Whether an exit code stops a `--fail-fast` run (differences do not).
pub fn is_failure(code: u8) -> bool {
    severity(code) >= 2
}

fn result(state: &State) -> &'static str {
    match state {
        State::Waiting => "not started",
        State::Running => "running",
        State::Skipped => "skipped",
        State::Interrupted { .. } => "interrupted",
        State::Done { code, .. } => match code {
            0 => "ok",
            2 => "differences",
            3 => "rolled back",
            4 => "timed out",
            130 => "interrupted",
            _ => "failed",
        },
    }
}

fn took(state: &State) -> Option<Duration> {
    match state {
        State::Done { took, .. } | State::Interrupted { took, .. } => Some(*took),
        _ => None,
    }
}

fn detail(state: &State) -> &str {
    match state {
        State::Done { detail, .. } | State::Interrupted { detail, .. } => detail,
        State::Skipped => "not started: another service failed (--fail-fast)",
        State::Waiting => "not started",
        State::Running => "",
    }
}

fn seconds(state: &State) -> String {
    took(state).map_or_else(|| "-".into(), |t| format!("{}s", t.as_secs()))
}

/// `3 services: 2 ok, 1 rolled back; exit 3`.
fn tally(rows: &[Row]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for row in rows {
        let word = result(&row.state);
        match counts.iter_mut().find(|(w, _)| *w == word) {
            Some((_, n)) => *n += 1,
            None => counts.push((word, 1)),
        }
    }
    let parts: Vec<String> = counts.iter().map(|(w, n)| format!("{n} {w}")).collect();
    format!("{} services: {}; exit {}", rows.len(), parts.join(", "), worst(rows))
}

/// The summary for people (stderr).
pub fn text(rows: &[Row]) -> String {
    let mut table =
        vec![vec!["SERVICE".to_string(), "RESULT".into(), "TIME".into(), "DETAIL".into()]];
    for row in rows {
        table.push(vec![
            row.label.clone(),
            result(&row.state).into(),
            seconds(&row.state),
            detail(&row.state).to_string(),
        ]);
    }
    format!("{}{}", crate::output::table(&table), tally(rows))
}

/// The summary as one JSON document (stdout under `--output json`).
pub fn json(command: &str, rows: &[Row]) -> Value {
    let services: Vec<Value> = rows
        .iter()
        .map(|row| {
            let code = exit(&row.state);
            json!({
                "label": row.label,
                "config": row.config,
                "result": result(&row.state),
                "exit": code,
                "seconds": took(&row.state).map(|t| (t.as_secs_f64() * 10.0).round() / 10.0),
                "detail": detail(&row.state),
                "output": parse_output(&row.output),
            })
        })
        .collect();
    json!({"command": command, "exit": worst(rows), "services": services})
}

/// A service's stdout in the JSON summary: its JSON document (several: a list), else the text.
fn parse_output(text: &str) -> Value {
    if text.trim().is_empty() {
        return Value::Null;
    }
    let docs: Result<Vec<Value>, _> =
        serde_json::Deserializer::from_str(text).into_iter::<Value>().collect();
    match docs {
        Ok(mut docs) if docs.len() == 1 => docs.remove(0),
        Ok(docs) if !docs.is_empty() => Value::Array(docs),
        _ => Value::String(text.to_string()),
    }
}

/// The step outputs of the run. Every service's own, by service, in `services` (JSON: a
/// workflow reads it with `fromJSON`); `has-diff` and `rolled-back` are `true` when they are for
/// any service. The per-service ARNs have no single value and are only in `services`; the
/// `exit-code` is the run's, written at its end like any command's.
pub fn github_outputs(rows: &[Row]) -> Vec<(String, String)> {
    let services: Vec<Value> = rows
        .iter()
        .map(|row| {
            let mut entry = serde_json::Map::new();
            entry.insert("service".into(), json!(row.label));
            entry.insert("config".into(), json!(row.config));
            entry.insert("exit-code".into(), json!(exit(&row.state)));
            for (name, value) in &row.outputs {
                entry.insert(name.clone(), json!(value));
            }
            Value::Object(entry)
        })
        .collect();
    let mut outputs = vec![("services".to_string(), Value::Array(services).to_string())];
    for flag in ["has-diff", "rolled-back"] {
        let set: Vec<bool> = rows
            .iter()
            .flat_map(|row| row.outputs.iter().filter(|(n, _)| n == flag).map(|(_, v)| v == "true"))
            .collect();
        if !set.is_empty() {
            outputs.push((flag.to_string(), set.contains(&true).to_string()));
        }
    }
    outputs
}

/// A service's exit code, once it has one.
fn exit(state: &State) -> Option<u8> {
    match state {
        State::Done { code, .. } => Some(*code),
        State::Interrupted { .. } => Some(130),
        _ => None,
    }
}

/// The summary for a GitHub Actions step summary.
pub fn markdown(command: &str, rows: &[Row]) -> String {
    let mut md = format!("### shipper {command}: {}\n\n", tally(rows));
    md.push_str("| service | config | result | time | detail |\n|---|---|---|---|---|\n");
    for row in rows {
        md.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            row.label,
            row.config,
            result(&row.state),
            seconds(&row.state),
            detail(&row.state).replace('|', "\\|")
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: u8) -> Row {
        Row {
            label: format!("s{code}"),
            config: String::new(),
            state: State::Done { code, took: Duration::ZERO, detail: String::new() },
            output: String::new(),
            outputs: Vec::new(),
        }
    }

    #[test]
    fn the_worst_outcome_wins_by_the_documented_order() {
        let order = [0u8, 2, 1, 3, 4, 130];
        for (i, better) in order.iter().enumerate() {
            for worse in &order[i..] {
                assert_eq!(worst(&[row(*better), row(*worse)]), *worse);
                assert_eq!(worst(&[row(*worse), row(*better)]), *worse);
            }
        }
        assert_eq!(worst(&[]), 0);
        assert!(!is_failure(2) && is_failure(1) && is_failure(3));
    }

    #[test]
    fn step_outputs_combine_by_service_and_flag_any() {
        let mut a = row(0);
        a.outputs = vec![
            ("task-definition-arn".into(), "arn:a".into()),
            ("rolled-back".into(), "false".into()),
        ];
        let mut b = row(3);
        b.outputs = vec![("rolled-back".into(), "true".into())];
        let outputs = github_outputs(&[a, b, row(1)]);
        let services: Value = serde_json::from_str(&outputs[0].1).unwrap();
        assert_eq!(outputs[0].0, "services");
        assert_eq!(
            services[0],
            json!({"service": "s0", "config": "", "exit-code": 0, "task-definition-arn": "arn:a", "rolled-back": "false"})
        );
        assert_eq!(services[1]["exit-code"], json!(3));
        assert_eq!(services[2], json!({"service": "s1", "config": "", "exit-code": 1}));
        assert_eq!(outputs[1..], [("rolled-back".to_string(), "true".to_string())]);
    }

    #[test]
    fn outputs_are_embedded_as_json_when_they_are() {
        assert_eq!(parse_output("{\"a\": 1}\n"), json!({"a": 1}));
        assert_eq!(parse_output("{}\n{}"), json!([{}, {}]));
        assert_eq!(parse_output("plain"), json!("plain"));
        assert_eq!(parse_output(""), Value::Null);
    }
}
