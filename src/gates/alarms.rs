//! Gate provider: CloudWatch alarms (by name and/or prefix) stay out of ALARM.

use aws_sdk_cloudwatch::types::StateValue;

use super::{BoxFuture, Check, Env, Provider};
use crate::aws::Clients;
use crate::error::{Error, Result};

pub struct Alarms {
    pub names: Vec<String>,
    pub prefix: Option<String>,
}

impl Provider for Alarms {
    fn describe(&self) -> String {
        match (&self.prefix, self.names.len()) {
            (Some(p), 0) => format!("alarms {p}*"),
            (Some(p), n) => format!("alarms {p}* and {n} named"),
            (None, n) => format!("{n} alarm(s)"),
        }
    }

    fn check<'a>(&'a self, clients: &'a Clients, _env: &'a Env) -> BoxFuture<'a, Result<Check>> {
        Box::pin(async move {
            let mut alarms = Vec::new();
            // DescribeAlarms takes either names or a prefix; ask for each.
            if !self.names.is_empty() {
                for chunk in self.names.chunks(100) {
                    let out = clients
                        .cloudwatch
                        .describe_alarms()
                        .set_alarm_names(Some(chunk.to_vec()))
                        .send()
                        .await
                        .map_err(|e| {
                            Error::aws("monitoring:DescribeAlarms", &chunk.join(","), e)
                        })?;
                    alarms.extend(out.metric_alarms.unwrap_or_default());
                }
                for name in &self.names {
                    if !alarms.iter().any(|a| a.alarm_name() == Some(name)) {
                        return Ok(Check::fail(vec![format!("alarm {name} does not exist")]));
                    }
                }
            }
            if let Some(prefix) = &self.prefix {
                let mut pages = clients
                    .cloudwatch
                    .describe_alarms()
                    .alarm_name_prefix(prefix)
                    .into_paginator()
                    .send();
                while let Some(page) = pages.next().await {
                    let page =
                        page.map_err(|e| Error::aws("monitoring:DescribeAlarms", prefix, e))?;
                    alarms.extend(page.metric_alarms.unwrap_or_default());
                }
            }
            let firing: Vec<String> = alarms
                .iter()
                .filter(|a| a.state_value() == Some(&StateValue::Alarm))
                .map(|a| {
                    format!(
                        "{} ALARM: {}",
                        a.alarm_name().unwrap_or("?"),
                        a.state_reason().unwrap_or("no reason given")
                    )
                })
                .collect();
            if firing.is_empty() {
                Ok(Check::pass(vec![format!("{} alarm(s), none in ALARM", alarms.len())]))
            } else {
                Ok(Check::fail(firing))
            }
        })
    }
}
