//! Reading what containers wrote to CloudWatch Logs through the awslogs driver.
//!
//! A container's stream is `<awslogs-stream-prefix>/<container>/<task id>` in `awslogs-group`
//! (AWS's naming, fixed by the driver), so the task definition alone says where every task's
//! lines are. `logs` prints them, the failure report quotes the last lines of stopped tasks, and
//! `verify` checks the groups exist.

use aws_sdk_cloudwatchlogs::types::FilteredLogEvent;
use serde_json::Value;

use crate::aws::Clients;
use crate::error::{Error, Result};

/// Where one container's logs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogTarget {
    pub container: String,
    pub group: String,
    /// `None`: the definition sets no stream prefix, and ECS then names streams by container
    /// id only, which shipper cannot know.
    pub prefix: Option<String>,
    /// `awslogs-region`, when set.
    pub region: Option<String>,
}

impl LogTarget {
    /// The stream of this container in task `task_id`.
    pub fn stream(&self, task_id: &str) -> Option<String> {
        self.prefix.as_ref().map(|p| format!("{p}/{}/{task_id}", self.container))
    }
}

/// The awslogs containers of a task definition (JSON in RegisterTaskDefinition shape).
pub fn targets(task_definition: &Value) -> Vec<LogTarget> {
    let containers = task_definition
        .get("containerDefinitions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    containers
        .iter()
        .filter_map(|c| {
            let log = c.get("logConfiguration")?;
            if log.get("logDriver").and_then(Value::as_str) != Some("awslogs") {
                return None;
            }
            let option = |key: &str| {
                log.pointer(&format!("/options/{key}")).and_then(Value::as_str).map(String::from)
            };
            Some(LogTarget {
                container: c.get("name").and_then(Value::as_str).unwrap_or_default().to_string(),
                group: option("awslogs-group")?,
                prefix: option("awslogs-stream-prefix"),
                region: option("awslogs-region"),
            })
        })
        .collect()
}

/// One line a container wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Line {
    pub container: String,
    pub task: String,
    /// Milliseconds since the epoch.
    pub timestamp: i64,
    pub message: String,
    #[serde(skip)]
    pub event_id: String,
}

/// The events of `streams` in `group` from `start_ms` on, oldest first (all pages).
pub async fn events(
    clients: &Clients,
    group: &str,
    streams: &[String],
    start_ms: i64,
) -> Result<Vec<FilteredLogEvent>> {
    let mut out = Vec::new();
    // FilterLogEvents takes at most 100 stream names.
    for chunk in streams.chunks(100) {
        let mut pages = clients
            .logs
            .filter_log_events()
            .log_group_name(group)
            .set_log_stream_names(Some(chunk.to_vec()))
            .start_time(start_ms)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| Error::aws("logs:FilterLogEvents", group, e))?;
            out.extend(page.events.unwrap_or_default());
        }
    }
    out.sort_by_key(|e| (e.timestamp.unwrap_or(0), e.ingestion_time.unwrap_or(0)));
    Ok(out)
}

/// The last `n` lines of one stream (fewer if it has fewer; none if it does not exist).
pub async fn last_lines(
    clients: &Clients,
    group: &str,
    stream: &str,
    n: i32,
) -> Result<Vec<String>> {
    let out = clients
        .logs
        .get_log_events()
        .log_group_name(group)
        .log_stream_name(stream)
        .start_from_head(false)
        .limit(n)
        .send()
        .await;
    match out {
        Ok(out) => Ok(out
            .events
            .unwrap_or_default()
            .into_iter()
            .filter_map(|e| e.message)
            .map(|m| m.trim_end().to_string())
            .collect()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => {
            Ok(Vec::new())
        }
        Err(e) => Err(Error::aws("logs:GetLogEvents", &format!("{group} {stream}"), e)),
    }
}

/// `container/task-id` of a stream name `prefix/container/task-id`.
pub fn stream_parts(stream: &str) -> (String, String) {
    let mut parts = stream.rsplitn(3, '/');
    let task = parts.next().unwrap_or_default().to_string();
    let container = parts.next().unwrap_or_default().to_string();
    (container, task)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awslogs_containers_and_their_streams() {
        let td = serde_json::json!({"containerDefinitions": [
            {"name": "app", "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/acme/app", "awslogs-stream-prefix": "app"}}},
            {"name": "fluent", "logConfiguration": {"logDriver": "fluentd"}},
            {"name": "plain"}]});
        let targets = targets(&td);
        assert_eq!(targets.len(), 1);
        assert_eq!(targets[0].stream("0123").as_deref(), Some("app/app/0123"));
        assert_eq!(stream_parts("a/b/app/0123"), ("app".to_string(), "0123".to_string()));
    }
}
