//! Health gates: checks that must pass before a deployment may go on, run by shipper itself
//! (from the CI runner), with no Lambda function to write or deploy.
//!
//! A gate is a provider (target health, CloudWatch alarms, a CloudWatch metric, an HTTP probe,
//! a command) plus when it applies and how it is judged, in the manner of Argo Rollouts'
//! analysis: checked every `interval`; it passes after `passes` consecutive passes that span at
//! least `for`; it fails when more than `failure_limit` checks failed. A check that does not
//! answer within `timeout` failed. Gates apply at phases:
//!
//! - `test`: green receives test traffic only (ECS-native blue/green, at a PAUSE hook on
//!   POST_TEST_TRAFFIC_SHIFT);
//! - `production`: production traffic has moved (at a PAUSE hook on
//!   POST_PRODUCTION_TRAFFIC_SHIFT; for a rolling deploy, once it is stable);
//! - `steps`: while linear/canary traffic steps bake (no pause is allowed there: a failure stops
//!   the deployment with rollback at once);
//! - `bake`: during ECS's BAKE_TIME stage, or for `bake` after a rolling deploy is stable.
//!
//! Providers live one per file behind [`Provider`]; the strategies call [`GateSet`].

mod alarms;
mod command;
pub mod compare;
mod http;
pub mod judge;
pub mod ledger;
mod metric;
pub mod stats;
mod target_health;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

pub use crate::config::gates::{GateConfig, Gates, Kind, Phase};

use crate::aws::Clients;
use crate::error::Result;

/// A boxed future: the provider interface is a trait object, so a new provider is a new file.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What one check found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Check {
    pub result: Result3,
    /// What was seen (target ids with states, alarm states, the metric value, the HTTP answer).
    pub evidence: Vec<String>,
}

/// A check passes, fails, or cannot tell yet (targets still registering): inconclusive checks
/// break a streak of passes without counting as failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Result3 {
    Pass,
    Fail,
    Inconclusive,
}

impl Check {
    pub fn pass(evidence: Vec<String>) -> Self {
        Self { result: Result3::Pass, evidence: bounded(evidence) }
    }
    pub fn fail(evidence: Vec<String>) -> Self {
        Self { result: Result3::Fail, evidence: bounded(evidence) }
    }
    pub fn inconclusive(evidence: Vec<String>) -> Self {
        Self { result: Result3::Inconclusive, evidence: bounded(evidence) }
    }
}

/// At most this many lines of evidence per check…
pub const MAX_EVIDENCE_LINES: usize = 10;
/// …of at most this many bytes each. Evidence is shown in the log, `--output json`, the step
/// summary and annotations: one answer of megabytes must not become megabytes of each.
pub const MAX_EVIDENCE_LINE: usize = 300;

/// Evidence cut to [`MAX_EVIDENCE_LINES`] lines of [`MAX_EVIDENCE_LINE`] bytes, each masked
/// before it is cut (a secret cut in half would no longer be recognised).
fn bounded(evidence: Vec<String>) -> Vec<String> {
    let total = evidence.len();
    let mut lines: Vec<String> = evidence
        .into_iter()
        .take(MAX_EVIDENCE_LINES)
        .map(|line| crate::secrets::mask(&line))
        .map(|line| cut(&line, MAX_EVIDENCE_LINE))
        .collect();
    if total > MAX_EVIDENCE_LINES {
        lines.push(format!("… and {} more line(s)", total - MAX_EVIDENCE_LINES));
    }
    lines
}

/// `text` cut to at most `max` bytes (on a character boundary), saying how much was left out.
pub fn cut(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes cut)", &text[..end], text.len() - end)
}

/// What a check may look at: the deployment under way.
#[derive(Debug, Clone)]
pub struct Env {
    pub cluster: String,
    pub service: String,
    pub phase: Phase,
    /// The task definition being deployed.
    pub task_definition: String,
    pub service_deployment: Option<String>,
    /// The target groups serving the new revision now (green's during blue/green).
    pub target_groups: Vec<String>,
    /// How many tasks the new revision should run.
    pub desired: i32,
    /// The target groups of the revision being replaced (blue's), for comparative gates.
    pub baseline_target_groups: Vec<String>,
    /// When the current split of traffic between blue and green began (test traffic moving to
    /// green, each production traffic step), as shipper saw it.
    pub traffic_since: Option<std::time::SystemTime>,
    /// When production traffic first moved to green, as shipper saw it.
    pub shifted_at: Option<std::time::SystemTime>,
}

/// A source of checks.
pub trait Provider: Send + Sync {
    /// `target health`, `alarms acme-dev-*`: shown in progress lines and reports.
    fn describe(&self) -> String;
    fn check<'a>(&'a self, clients: &'a Clients, env: &'a Env) -> BoxFuture<'a, Result<Check>>;
    /// Inconclusive checks tolerated before the gate fails for want of a verdict (none: any).
    fn inconclusive_limit(&self) -> Option<u32> {
        None
    }
    /// A comparative gate, which is checked together with the others due with it.
    fn as_compare(&self) -> Option<&compare::CompareGate> {
        None
    }
}

/// The provider that runs a gate's checks.
fn provider(gate: &GateConfig) -> Arc<dyn Provider> {
    match &gate.kind {
        Kind::TargetHealth { target_group, min_healthy } => Arc::new(target_health::TargetHealth {
            target_group: target_group.clone(),
            min_healthy: *min_healthy,
        }),
        Kind::Alarms { names, prefix } => {
            Arc::new(alarms::Alarms { names: names.clone(), prefix: prefix.clone() })
        }
        Kind::Metric { .. } => Arc::new(metric::Metric::from(&gate.kind)),
        Kind::Http { .. } => Arc::new(http::Http::from(&gate.kind)),
        Kind::Command { run } => Arc::new(command::Command { run: run.clone() }),
        Kind::Compare(spec) => Arc::new(compare::CompareGate::from(spec)),
    }
}

/// The verdict of a set of gates.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Pending,
    Passed,
    Failed { gate: String, evidence: Vec<String> },
}

/// One gate's running record, as `--output json` and reports show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Record {
    pub name: String,
    pub phase: Phase,
    pub checks: u32,
    pub passes_in_a_row: u32,
    pub failures: u32,
    /// Checks that could not tell (too little traffic, no data yet).
    pub inconclusive: u32,
    pub verdict: &'static str,
    pub evidence: Vec<String>,
}

struct Running {
    config: GateConfig,
    provider: Arc<dyn Provider>,
    next: Instant,
    streak: u32,
    streak_since: Option<Instant>,
    failures: u32,
    inconclusive: u32,
    checks: u32,
    passed: bool,
    last: Vec<String>,
}

/// The gates of one phase, checked as their intervals come due.
pub struct GateSet {
    phase: Phase,
    gates: Vec<Running>,
    /// For `bake`: pass when this much time went by without a failure.
    bake_until: Option<Instant>,
    /// The phase ended with no gate failing (see [`GateSet::ended_well`]): a record is final
    /// then, never `pending`.
    ended_well: bool,
}

impl GateSet {
    /// The gates configured for `phase`; `bake` sets how long a bake phase lasts.
    pub fn new(gates: &Gates, phase: Phase) -> Self {
        let now = Instant::now();
        let gates: Vec<Running> = gates
            .checks
            .iter()
            .filter(|g| g.phases.contains(&phase))
            .map(|g| Running {
                provider: provider(g),
                config: g.clone(),
                next: now,
                streak: 0,
                streak_since: None,
                failures: 0,
                inconclusive: 0,
                checks: 0,
                passed: false,
                last: Vec::new(),
            })
            .collect();
        let bake_until = (phase == Phase::Bake).then(|| now + gates_bake(gates.as_slice()));
        Self { phase, gates, bake_until, ended_well: false }
    }

    /// How long a bake phase checks (the longest `bake` of its gates).
    pub fn bake_time(&self) -> Duration {
        gates_bake(&self.gates)
    }

    pub fn is_empty(&self) -> bool {
        self.gates.is_empty()
    }

    /// Whether any of its checks ran.
    pub fn checked(&self) -> bool {
        self.gates.iter().any(|g| g.checks > 0)
    }

    pub fn names(&self) -> Vec<String> {
        self.gates.iter().map(|g| g.config.name.clone()).collect()
    }

    /// Runs the checks that are due (concurrently) and returns the verdict so far. `report`
    /// receives one line per check.
    pub async fn tick(
        &mut self,
        clients: &Clients,
        env: &Env,
        report: &mut dyn FnMut(String),
    ) -> Verdict {
        let now = Instant::now();
        let due: Vec<usize> = (0..self.gates.len())
            .filter(|&i| {
                !self.gates[i].passed || self.phase == Phase::Bake || self.phase == Phase::Steps
            })
            .filter(|&i| self.gates[i].next <= now)
            .collect();
        // Together: a slow check must not hold back the others. Taken as they come: once one
        // fails its gate, the verdict is in and the checks still running are dropped (a
        // command gate's processes with them). Comparative gates due together are checked
        // together: one GetMetricData call for all their series.
        let (batched, alone): (Vec<usize>, Vec<usize>) =
            due.iter().partition(|&&i| self.gates[i].provider.as_compare().is_some());
        let mut checks: FuturesUnordered<BoxFuture<'_, Vec<(usize, Check)>>> = alone
            .iter()
            .map(|&i| {
                let (provider, timeout) =
                    (Arc::clone(&self.gates[i].provider), self.gates[i].config.timeout);
                Box::pin(async move {
                    let answer = tokio::time::timeout(timeout, provider.check(clients, env)).await;
                    vec![(i, settle(answer.map_err(|_| timeout)))]
                }) as BoxFuture<'_, _>
            })
            .collect();
        if !batched.is_empty() {
            let providers: Vec<Arc<dyn Provider>> =
                batched.iter().map(|&i| Arc::clone(&self.gates[i].provider)).collect();
            let timeout =
                batched.iter().map(|&i| self.gates[i].config.timeout).min().unwrap_or_default();
            checks.push(Box::pin(async move {
                let gates: Vec<&compare::CompareGate> =
                    providers.iter().filter_map(|p| p.as_compare()).collect();
                let answers =
                    tokio::time::timeout(timeout, compare::check_together(clients, env, &gates))
                        .await;
                let mut answers = answers.map(Vec::into_iter);
                batched
                    .iter()
                    .map(|&i| {
                        let answer = match &mut answers {
                            Ok(each) => Ok(each.next().unwrap_or_else(|| {
                                Ok(Check::inconclusive(vec!["no answer".into()]))
                            })),
                            Err(_) => Err(timeout),
                        };
                        (i, settle(answer))
                    })
                    .collect()
            }));
        }
        while let Some(batch) = checks.next().await {
            for (i, check) in batch {
                if let Some(verdict) = self.record(i, check, now, report) {
                    return verdict;
                }
            }
        }
        let verdict = match self.bake_until {
            Some(until) if Instant::now() < until => Verdict::Pending,
            Some(_) => Verdict::Passed,
            None if self.phase == Phase::Steps => Verdict::Pending,
            None if self.gates.iter().all(|g| g.passed) => Verdict::Passed,
            None => Verdict::Pending,
        };
        if matches!(verdict, Verdict::Passed) {
            self.ended_well = true;
        }
        verdict
    }

    /// Notes gate `i`'s check (made in the tick that began at `tick`), reporting it; the
    /// verdict when it failed the gate.
    fn record(
        &mut self,
        i: usize,
        check: Check,
        tick: Instant,
        report: &mut dyn FnMut(String),
    ) -> Option<Verdict> {
        {
            let gate = &mut self.gates[i];
            gate.checks += 1;
            // Comparative gates keep to the tick's beat, so those due together stay together
            // (one read for all); the others wait their interval after their check ended.
            let from = if gate.provider.as_compare().is_some() { tick } else { Instant::now() };
            gate.next = from + gate.config.interval;
            gate.last = check.evidence.clone();
            let summary = check.evidence.first().cloned().unwrap_or_default();
            if check.result == Result3::Inconclusive {
                gate.streak = 0;
                gate.streak_since = None;
                gate.inconclusive += 1;
                let limit = gate.provider.inconclusive_limit();
                report(format!(
                    "gate {} ({}): not yet{} — {summary}",
                    gate.config.name,
                    gate.provider.describe(),
                    limit
                        .map(|l| format!(" {}/{l} allowed", gate.inconclusive))
                        .unwrap_or_default()
                ));
                if let Some(limit) = limit
                    && gate.inconclusive > limit
                {
                    let mut evidence = vec![format!(
                        "inconclusive {} times, more than the {limit} allowed (inconclusive_limit): {summary}",
                        gate.inconclusive
                    )];
                    evidence.extend(check.evidence.into_iter().skip(1));
                    gate.last.clone_from(&evidence);
                    return Some(Verdict::Failed { gate: gate.config.name.clone(), evidence });
                }
            } else if check.result == Result3::Pass {
                gate.streak += 1;
                let since = *gate.streak_since.get_or_insert_with(Instant::now);
                if gate.streak >= gate.config.passes && since.elapsed() >= gate.config.hold {
                    gate.passed = true;
                }
                report(format!(
                    "gate {} ({}): pass {}/{} — {summary}",
                    gate.config.name,
                    gate.provider.describe(),
                    gate.streak.min(gate.config.passes),
                    gate.config.passes
                ));
            } else {
                gate.streak = 0;
                gate.streak_since = None;
                gate.passed = false;
                gate.failures += 1;
                report(format!(
                    "gate {} ({}): FAIL {}/{} allowed — {summary}",
                    gate.config.name,
                    gate.provider.describe(),
                    gate.failures,
                    gate.config.failure_limit
                ));
                if gate.failures > gate.config.failure_limit {
                    return Some(Verdict::Failed {
                        gate: gate.config.name.clone(),
                        evidence: check.evidence,
                    });
                }
            }
        }
        None
    }

    /// The phase these gates watched ended (ECS finished the traffic steps or the bake) with
    /// none of them failing: each passed, or, never checked, was `unchecked`.
    pub fn ended_well(&mut self) {
        self.ended_well = true;
    }

    /// How long until the next check is due.
    pub fn next_due(&self) -> Duration {
        let now = Instant::now();
        self.gates
            .iter()
            .map(|g| g.next.saturating_duration_since(now))
            .min()
            .unwrap_or(Duration::from_secs(1))
            .max(Duration::from_millis(50))
    }

    /// Runs the gates until they pass or one fails (or `deadline`: then the gate that has not
    /// passed fails, since nothing unverified may go on).
    pub async fn run(
        &mut self,
        clients: &Clients,
        env: &Env,
        deadline: Instant,
        report: &mut dyn FnMut(String),
    ) -> Verdict {
        loop {
            match self.tick(clients, env, report).await {
                Verdict::Pending if Instant::now() >= deadline => {
                    let waiting = self.gates.iter().find(|g| !g.passed);
                    return Verdict::Failed {
                        gate: waiting.map_or_else(|| "?".into(), |g| g.config.name.clone()),
                        evidence: vec![format!(
                            "did not pass before the timeout; last: {}",
                            waiting.map(|g| g.last.join("; ")).unwrap_or_default()
                        )],
                    };
                }
                Verdict::Pending => {
                    let until_deadline = deadline.saturating_duration_since(Instant::now());
                    tokio::time::sleep(self.next_due().min(until_deadline)).await;
                }
                done => return done,
            }
        }
    }

    pub fn records(&self) -> Vec<Record> {
        self.gates
            .iter()
            .map(|g| Record {
                name: g.config.name.clone(),
                phase: self.phase,
                checks: g.checks,
                passes_in_a_row: g.streak,
                failures: g.failures,
                inconclusive: g.inconclusive,
                verdict: if g.failures > g.config.failure_limit
                    || g.provider.inconclusive_limit().is_some_and(|l| g.inconclusive > l)
                {
                    "failed"
                } else if g.passed || (self.ended_well && g.checks > 0) {
                    "passed"
                } else if self.ended_well {
                    "unchecked"
                } else {
                    "pending"
                },
                evidence: g.last.clone(),
            })
            .collect()
    }
}

fn gates_bake(gates: &[Running]) -> Duration {
    gates.iter().map(|g| g.config.bake).max().unwrap_or_default()
}

/// A check's outcome as a check: an error or no answer within `timeout` is a failed check.
fn settle(answer: std::result::Result<Result<Check>, Duration>) -> Check {
    match answer {
        Ok(Ok(check)) => check,
        Ok(Err(e)) => Check::fail(vec![format!("the check failed: {}", e.message())]),
        Err(timeout) => {
            Check::fail(vec![format!("no answer within {}", humantime::format_duration(timeout))])
        }
    }
}
