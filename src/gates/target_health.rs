//! Gate provider: the new revision's targets are healthy in their target group(s).

use super::{BoxFuture, Check, Env, Provider};
use crate::aws::Clients;
use crate::error::Result;

pub struct TargetHealth {
    /// A fixed target group; by default the groups serving the new revision now.
    pub target_group: Option<String>,
    /// At least this many healthy targets (default: the new revision's desired count, at least 1).
    pub min_healthy: Option<u32>,
}

impl Provider for TargetHealth {
    fn describe(&self) -> String {
        "target health".into()
    }

    fn check<'a>(&'a self, clients: &'a Clients, env: &'a Env) -> BoxFuture<'a, Result<Check>> {
        Box::pin(async move {
            let groups = match &self.target_group {
                Some(group) => vec![group.clone()],
                None => env.target_groups.clone(),
            };
            if groups.is_empty() {
                return Ok(Check::fail(vec!["the service has no target group to check".into()]));
            }
            let min = self.min_healthy.unwrap_or_else(|| env.desired.max(1) as u32);
            let mut evidence = Vec::new();
            let mut passed = true;
            let mut settling = false;
            for group in &groups {
                let targets = crate::elb::target_health(clients, group).await?;
                // Draining targets are the old revision leaving: not this deployment's.
                let live: Vec<_> = targets.iter().filter(|t| t.state != "draining").collect();
                let healthy = live.iter().filter(|t| t.state == "healthy").count() as u32;
                let name = group.split('/').nth(1).unwrap_or(group);
                let bad: Vec<String> = live
                    .iter()
                    .filter(|t| t.state != "healthy")
                    .map(|t| {
                        format!(
                            "{}{} {}{}",
                            t.id,
                            t.port.map(|p| format!(":{p}")).unwrap_or_default(),
                            t.state,
                            t.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default()
                        )
                    })
                    .collect();
                // Registration in progress, or fewer targets than tasks yet: not a failure.
                let failing =
                    live.iter().any(|t| !["healthy", "initial"].contains(&t.state.as_str()));
                if failing {
                    passed = false;
                } else if healthy < min || !bad.is_empty() {
                    settling = true;
                }
                let mut line = format!("{name}: {healthy}/{} healthy (need {min})", live.len());
                if !bad.is_empty() {
                    line.push_str(&format!("; {}", bad.join(", ")));
                }
                evidence.push(line);
            }
            Ok(match (passed, settling) {
                (false, _) => Check::fail(evidence),
                (true, true) => Check::inconclusive(evidence),
                (true, false) => Check::pass(evidence),
            })
        })
    }
}
