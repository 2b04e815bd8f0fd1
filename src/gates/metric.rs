//! Gate provider: a CloudWatch metric statistic (e.g. green's `HTTPCode_Target_5XX_Count`, p99
//! `TargetResponseTime`) compared with a threshold, over the last period — so a team can gate on
//! the new revision's own numbers rather than on account-wide alarms.

use std::time::{Duration, SystemTime};

use aws_sdk_cloudwatch::types::{Dimension, MetricDataQuery, MetricStat};
use aws_smithy_types::DateTime;

use super::{BoxFuture, Check, Env, Kind, Provider};
use crate::aws::Clients;
use crate::error::{Error, Result};

pub struct Metric {
    namespace: String,
    metric: String,
    dimensions: Vec<(String, String)>,
    stat: String,
    period: Duration,
    comparison: String,
    threshold: f64,
    pass_without_data: bool,
}

impl From<&Kind> for Metric {
    fn from(kind: &Kind) -> Self {
        let Kind::Metric {
            namespace,
            metric,
            dimensions,
            stat,
            period,
            comparison,
            threshold,
            pass_without_data,
        } = kind
        else {
            unreachable!("Metric is built from Kind::Metric only")
        };
        Self {
            namespace: namespace.clone(),
            metric: metric.clone(),
            dimensions: dimensions.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            stat: stat.clone(),
            period: *period,
            comparison: comparison.clone(),
            threshold: *threshold,
            pass_without_data: *pass_without_data,
        }
    }
}

impl Metric {
    fn satisfied(&self, value: f64) -> bool {
        match self.comparison.as_str() {
            "<" => value < self.threshold,
            "<=" => value <= self.threshold,
            ">" => value > self.threshold,
            _ => value >= self.threshold,
        }
    }
}

impl Provider for Metric {
    fn describe(&self) -> String {
        format!("{} {} {} {}", self.stat, self.metric, self.comparison, self.threshold)
    }

    fn check<'a>(&'a self, clients: &'a Clients, _env: &'a Env) -> BoxFuture<'a, Result<Check>> {
        Box::pin(async move {
            let period = self.period.as_secs().max(1);
            let now = SystemTime::now();
            let dimensions: Vec<Dimension> = self
                .dimensions
                .iter()
                .map(|(k, v)| Dimension::builder().name(k).value(v).build())
                .collect();
            let metric = aws_sdk_cloudwatch::types::Metric::builder()
                .namespace(&self.namespace)
                .metric_name(&self.metric)
                .set_dimensions(Some(dimensions))
                .build();
            let query = MetricDataQuery::builder()
                .id("gate")
                .metric_stat(
                    MetricStat::builder()
                        .metric(metric)
                        .period(period as i32)
                        .stat(&self.stat)
                        .build(),
                )
                .build();
            let out = clients
                .cloudwatch
                .get_metric_data()
                .metric_data_queries(query)
                .start_time(DateTime::from(now - Duration::from_secs(period * 2)))
                .end_time(DateTime::from(now))
                .send()
                .await
                .map_err(|e| Error::aws("monitoring:GetMetricData", &self.metric, e))?;
            let newest =
                out.metric_data_results().first().and_then(|r| r.values().first().copied());
            Ok(match newest {
                Some(value) if self.satisfied(value) => Check::pass(vec![format!(
                    "{} {} = {value} ({} {})",
                    self.stat, self.metric, self.comparison, self.threshold
                )]),
                Some(value) => Check::fail(vec![format!(
                    "{} {} = {value}, not {} {}",
                    self.stat, self.metric, self.comparison, self.threshold
                )]),
                None if self.pass_without_data => {
                    Check::pass(vec![format!("{}: no datapoints in the last period", self.metric)])
                }
                None => Check::fail(vec![format!(
                    "{}: no datapoints in the last period (pass_without_data is false)",
                    self.metric
                )]),
            })
        })
    }
}
