//! Gate provider: green's own CloudWatch series judged against blue's (see [`super::judge`]).
//!
//! ECS-native LINEAR and CANARY deployments put blue and green behind one listener, each in its
//! own target group: the ALB's per-target-group metrics are the two series a comparison needs,
//! with no instrumentation of the service. `against: blue` compares both over the same window
//! (from when the current split of traffic began: the test shift, each production step); `against: before` compares green since
//! production traffic moved with blue over an equal window just before (all-at-once blue/green,
//! where blue serves nothing once traffic moved). The compare gates due together are read
//! together ([`check_together`]): every series of every gate, both sides, in one GetMetricData
//! call whose window spans them all, split by timestamp.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::SystemTime;

use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};
use aws_smithy_types::DateTime;

use super::judge::{self, Counts, Finding, Test};
use super::{BoxFuture, Check, Env, Provider};
use crate::aws::Clients;
use crate::config::gates::{Against, Compare};
use crate::error::{Error, Result};

const ALB: &str = "AWS/ApplicationELB";

/// What a compare gate's `metric` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// ALB `HTTPCode_Target_5XX_Count` over `RequestCount`.
    ErrorRate,
    /// ALB `TargetResponseTime` percentiles.
    Latency,
    /// A metric of the user's own, per target group.
    Custom { namespace: String, metric: String },
}

impl Shape {
    pub fn of(spec: &Compare) -> Self {
        match (spec.metric.as_str(), &spec.namespace) {
            (_, Some(namespace)) => {
                Self::Custom { namespace: namespace.clone(), metric: spec.metric.clone() }
            }
            ("error_rate", None) => Self::ErrorRate,
            _ => Self::Latency,
        }
    }

    /// The statistics compared.
    fn stats(&self, spec: &Compare) -> Vec<String> {
        match self {
            Self::ErrorRate => vec!["Sum".into()],
            _ if !spec.stats.is_empty() => spec.stats.clone(),
            Self::Latency => vec!["p50".into(), "p90".into(), "p99".into()],
            Self::Custom { .. } => vec!["Average".into()],
        }
    }
}

/// What is wrong with a compare gate's settings, if anything (in words naming the key).
pub fn problem(spec: &Compare) -> Option<String> {
    let custom = spec.namespace.is_some();
    if !custom && !["error_rate", "latency"].contains(&spec.metric.as_str()) {
        return Some(format!(
            "`metric: {}` is neither `error_rate` nor `latency`; a metric of your own needs `namespace` and `dimensions` with `{{target_group}}`",
            spec.metric
        ));
    }
    if custom && !spec.dimensions.values().any(|v| v.contains("{target_group}")) {
        return Some(format!(
            "the metric `{}` has no `{{target_group}}` in its `dimensions`: nothing tells green's series from blue's",
            spec.metric
        ));
    }
    if spec.metric == "error_rate" && !custom && !spec.stats.is_empty() {
        return Some("`stats` does not apply to `error_rate` (counts are summed)".into());
    }
    if custom && spec.stats.len() > 1 {
        return Some(
            "a metric of your own is compared on one statistic: give one in `stats`".into(),
        );
    }
    if !["higher", "lower"].contains(&spec.worse.as_str()) {
        return Some(format!("`worse: {}` is neither `higher` nor `lower`", spec.worse));
    }
    if !(spec.confidence > 0.5 && spec.confidence < 1.0) {
        return Some(format!("`confidence: {}` must lie between 0.5 and 1", spec.confidence));
    }
    if spec.min_effect < 0.0 || spec.tolerance.relative < 0.0 || spec.tolerance.absolute < 0.0 {
        return Some("`min_effect` and `tolerance` cannot be negative".into());
    }
    if spec.period.as_secs() == 0 || spec.window < spec.period {
        return Some("`period` must be at least 1s and `window` at least one period".into());
    }
    None
}

pub struct CompareGate {
    spec: Compare,
    shape: Shape,
    /// Target group ARN -> its load balancer's ARN suffix (read once).
    balancers: Mutex<BTreeMap<String, Option<String>>>,
}

impl From<&Compare> for CompareGate {
    fn from(spec: &Compare) -> Self {
        Self { shape: Shape::of(spec), spec: spec.clone(), balancers: Mutex::default() }
    }
}

/// One side's window.
#[derive(Debug, Clone, Copy)]
struct Window {
    start: SystemTime,
    end: SystemTime,
}

impl Window {
    fn holds(&self, at: SystemTime) -> bool {
        at >= self.start && at < self.end
    }
}

/// The windows green and blue are read over, or why there are none yet.
fn windows(
    spec: &Compare,
    env: &Env,
    now: SystemTime,
) -> std::result::Result<(Window, Window), String> {
    let earliest = now - spec.window;
    match spec.against {
        Against::Blue => {
            let since = env.traffic_since.unwrap_or(earliest).max(earliest);
            let both = Window { start: since, end: now };
            Ok((both, both))
        }
        Against::Before => {
            let Some(shifted) = env.shifted_at else {
                return Err("when production traffic moved to green is not known (shipper did not see it move), so there is no \"before\" to compare with".into());
            };
            let start = shifted.max(earliest);
            let length = now.duration_since(start).unwrap_or_default();
            Ok((Window { start, end: now }, Window { start: shifted - length, end: shifted }))
        }
    }
}

impl CompareGate {
    /// The value `{load_balancer}` takes for a target group.
    async fn balancer(&self, clients: &Clients, group: &str) -> Result<Option<String>> {
        if let Some(known) = self.balancers.lock().ok().and_then(|b| b.get(group).cloned()) {
            return Ok(known);
        }
        let found = crate::elb::load_balancer_of(clients, group)
            .await?
            .map(|arn| crate::elb::arn_suffix(&arn).to_string());
        if let Ok(mut balancers) = self.balancers.lock() {
            balancers.insert(group.to_string(), found.clone());
        }
        Ok(found)
    }

    /// The dimensions of one side's series.
    async fn dimensions(&self, clients: &Clients, group: &str) -> Result<Vec<Dimension>> {
        let mut template = self.spec.dimensions.clone();
        if template.is_empty() {
            template.insert("TargetGroup".into(), "{target_group}".into());
            template.insert("LoadBalancer".into(), "{load_balancer}".into());
        }
        let needs_balancer = template.values().any(|v| v.contains("{load_balancer}"));
        let balancer = match needs_balancer {
            true => self.balancer(clients, group).await?.unwrap_or_default(),
            false => String::new(),
        };
        Ok(template
            .iter()
            .map(|(name, value)| {
                let value = value
                    .replace("{target_group}", crate::elb::arn_suffix(group))
                    .replace("{load_balancer}", &balancer);
                Dimension::builder().name(name).value(value).build()
            })
            .collect())
    }

    /// The series read for one side: (query id, metric name, statistic).
    fn series(&self) -> Vec<(String, String, String)> {
        let stats = self.shape.stats(&self.spec);
        match &self.shape {
            Shape::ErrorRate => vec![
                ("errors".into(), "HTTPCode_Target_5XX_Count".into(), "Sum".into()),
                ("requests".into(), "RequestCount".into(), "Sum".into()),
            ],
            Shape::Latency => stats
                .into_iter()
                .enumerate()
                .map(|(i, s)| (format!("s{i}"), "TargetResponseTime".into(), s))
                .collect(),
            Shape::Custom { metric, .. } => stats
                .into_iter()
                .enumerate()
                .map(|(i, s)| (format!("s{i}"), metric.clone(), s))
                .collect(),
        }
    }

    fn namespace(&self) -> &str {
        match &self.shape {
            Shape::Custom { namespace, .. } => namespace,
            _ => ALB,
        }
    }

    /// The queries of both sides of every series (ids starting with `prefix`), and the windows
    /// their values are cut to; or, when there is nothing to read yet, the check that says so.
    async fn reading(
        &self,
        clients: &Clients,
        env: &Env,
        prefix: String,
    ) -> Result<std::result::Result<Reading, Check>> {
        let (Some(green), Some(blue)) =
            (env.target_groups.first(), env.baseline_target_groups.first())
        else {
            return Ok(Err(Check::inconclusive(vec![
                "green's and blue's target groups are not both known yet".into(),
            ])));
        };
        let windows = match windows(&self.spec, env, SystemTime::now()) {
            Ok(windows) => windows,
            Err(why) => return Ok(Err(Check::inconclusive(vec![why]))),
        };
        let period = i32::try_from(self.spec.period.as_secs()).unwrap_or(60);
        let mut queries = Vec::new();
        for (side, group) in [("green", green), ("blue", blue)] {
            let dimensions = self.dimensions(clients, group).await?;
            for (id, metric, stat) in self.series() {
                let metric = Metric::builder()
                    .namespace(self.namespace())
                    .metric_name(metric)
                    .set_dimensions(Some(dimensions.clone()))
                    .build();
                let stat = MetricStat::builder().metric(metric).period(period).stat(stat).build();
                let id = format!("{prefix}{side}_{id}");
                queries.push(MetricDataQuery::builder().id(id).metric_stat(stat).build());
            }
        }
        let (gw, bw) = windows;
        // CloudWatch rounds a window's edges to the period; a window shorter than one period
        // still reads the period it falls in.
        let (start, end) = (gw.start.min(bw.start), gw.end.max(bw.end));
        let start = start.min(end - self.spec.period);
        Ok(Ok(Reading { prefix, queries, windows, span: Window { start, end } }))
    }

    fn judge(&self, seen: &BTreeMap<String, Vec<f64>>) -> Check {
        let side =
            |side: &str, id: &str| seen.get(&format!("{side}_{id}")).cloned().unwrap_or_default();
        let label = match self.spec.against {
            Against::Blue => "",
            Against::Before => " (blue: before the shift)",
        };
        let findings: Vec<Finding> = match &self.shape {
            Shape::ErrorRate => {
                let counts = |s: &str| Counts {
                    errors: side(s, "errors").iter().sum(),
                    requests: side(s, "requests").iter().sum(),
                };
                vec![judge::rate(
                    &format!("5xx rate{label}"),
                    counts("green"),
                    counts("blue"),
                    self.spec.tolerance,
                    self.spec.min_requests,
                )]
            }
            _ => {
                let test = Test {
                    confidence: self.spec.confidence,
                    min_effect: self.spec.min_effect,
                    min_samples: self.spec.min_samples,
                    higher_is_worse: self.spec.worse != "lower",
                };
                self.series()
                    .iter()
                    .map(|(id, metric, stat)| {
                        let (g, b) = (side("green", id), side("blue", id));
                        judge::distribution(&format!("{stat} {metric}{label}"), &g, &b, test)
                    })
                    .collect()
            }
        };
        judge::combine(findings)
    }
}

/// What one gate reads in a batched call.
struct Reading {
    prefix: String,
    queries: Vec<MetricDataQuery>,
    /// Green's and blue's windows.
    windows: (Window, Window),
    /// The span of time the queries need.
    span: Window,
}

/// Checks compare gates together: every series of every one of them, both sides, in **one**
/// GetMetricData call (its window spans them all; each gate's values are cut to its own
/// windows by timestamp). One check per gate, in order.
pub async fn check_together(
    clients: &Clients,
    env: &Env,
    gates: &[&CompareGate],
) -> Vec<Result<Check>> {
    let mut readings = Vec::new();
    for (i, gate) in gates.iter().enumerate() {
        readings.push(gate.reading(clients, env, format!("g{i}_")).await);
    }
    let spans: Vec<Window> =
        readings.iter().filter_map(|r| r.as_ref().ok()?.as_ref().ok()).map(|r| r.span).collect();
    let queries: Vec<MetricDataQuery> = readings
        .iter()
        .filter_map(|r| r.as_ref().ok()?.as_ref().ok())
        .flat_map(|r| r.queries.iter().cloned())
        .collect();
    let answer = match (spans.iter().map(|w| w.start).min(), spans.iter().map(|w| w.end).max()) {
        (Some(start), Some(end)) => clients
            .cloudwatch
            .get_metric_data()
            .set_metric_data_queries(Some(queries))
            .start_time(DateTime::from(start))
            .end_time(DateTime::from(end))
            .send()
            .await
            .map_err(|e| Error::aws("monitoring:GetMetricData", "comparative gates", e)),
        _ => {
            return readings
                .into_iter()
                // Nothing to read: every gate has its check (or error) already.
                .map(|r| r.map(|r| r.err().unwrap_or_else(|| Check::inconclusive(Vec::new()))))
                .collect();
        }
    };
    gates
        .iter()
        .zip(readings)
        .map(|(gate, reading)| {
            let reading = match reading? {
                Ok(reading) => reading,
                Err(check) => return Ok(check),
            };
            let out = answer.as_ref().map_err(|e| Error::new(e.message().to_string()))?;
            let mut seen = BTreeMap::new();
            for result in out.metric_data_results() {
                let Some(id) = result.id().and_then(|id| id.strip_prefix(&reading.prefix)) else {
                    continue;
                };
                let window =
                    if id.starts_with("green_") { reading.windows.0 } else { reading.windows.1 };
                let values = result
                    .timestamps()
                    .iter()
                    .zip(result.values())
                    .filter(|(at, _)| SystemTime::try_from(**at).is_ok_and(|at| window.holds(at)))
                    .map(|(_, v)| *v)
                    .collect();
                seen.insert(id.to_string(), values);
            }
            Ok(gate.judge(&seen))
        })
        .collect()
}

impl Provider for CompareGate {
    fn describe(&self) -> String {
        let against = match self.spec.against {
            Against::Blue => "blue",
            Against::Before => "blue before the shift",
        };
        format!("{} green vs {against}", self.spec.metric)
    }

    fn inconclusive_limit(&self) -> Option<u32> {
        self.spec.inconclusive_limit
    }

    fn as_compare(&self) -> Option<&CompareGate> {
        Some(self)
    }

    fn check<'a>(&'a self, clients: &'a Clients, env: &'a Env) -> BoxFuture<'a, Result<Check>> {
        Box::pin(async move {
            let mut checks = check_together(clients, env, &[self]).await;
            checks.pop().unwrap_or_else(|| Ok(Check::inconclusive(Vec::new())))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn spec(yaml: &str) -> Compare {
        serde_yaml::from_str(yaml).unwrap()
    }

    fn env(traffic_since: Option<SystemTime>, shifted_at: Option<SystemTime>) -> Env {
        Env {
            cluster: "c".into(),
            service: "s".into(),
            phase: crate::gates::Phase::Steps,
            task_definition: "t".into(),
            service_deployment: None,
            target_groups: vec!["green".into()],
            desired: 1,
            baseline_target_groups: vec!["blue".into()],
            traffic_since,
            shifted_at,
        }
    }

    #[test]
    fn problems_name_the_key() {
        assert_eq!(problem(&spec("metric: error_rate")), None);
        assert_eq!(problem(&spec("metric: latency\nstats: [p99]")), None);
        let own = "metric: Checkouts\nnamespace: Acme\ndimensions: {TargetGroup: '{target_group}'}";
        assert_eq!(problem(&spec(own)), None);
        for (yaml, says) in [
            ("metric: errors", "`metric: errors` is neither `error_rate` nor `latency`"),
            ("metric: C\nnamespace: A\ndimensions: {Service: app}", "no `{target_group}`"),
            ("metric: error_rate\nstats: [p99]", "`stats` does not apply to `error_rate`"),
            ("metric: latency\nworse: bigger", "`worse: bigger` is neither"),
            ("metric: latency\nconfidence: 95", "`confidence: 95` must lie between"),
            ("metric: latency\nperiod: 60s\nwindow: 30s", "`window` at least one period"),
        ] {
            let found = problem(&spec(yaml)).unwrap_or_default();
            assert!(found.contains(says), "{yaml}: {found}");
        }
    }

    #[test]
    fn windows_follow_the_traffic_and_the_shift() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let minutes = |m: u64| Duration::from_secs(60 * m);
        // Against blue: the current split of traffic, at most `window` long; both sides alike.
        let blue = spec("metric: error_rate");
        let (g, b) = windows(&blue, &env(Some(now - minutes(3)), None), now).unwrap();
        assert_eq!(
            (g.start, g.end, b.start, b.end),
            (now - minutes(3), now, now - minutes(3), now)
        );
        let (g, _) = windows(&blue, &env(Some(now - minutes(30)), None), now).unwrap();
        assert_eq!(g.start, now - minutes(10));
        // Against before: green since the shift, blue as long just before it.
        let before = spec("metric: error_rate\nagainst: before");
        let (g, b) = windows(&before, &env(None, Some(now - minutes(4))), now).unwrap();
        assert_eq!(
            (g.start, b.start, b.end),
            (now - minutes(4), now - minutes(8), now - minutes(4))
        );
        let unknown = windows(&before, &env(None, None), now).unwrap_err();
        assert!(unknown.contains("shipper did not see it move"), "{unknown}");
    }
}
