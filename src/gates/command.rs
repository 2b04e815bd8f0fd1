//! Gate provider: a user command (a smoke test), run with `sh -c`; exit 0 passes.
//!
//! The command gets the deployment in its environment (`SHIPPER_CLUSTER`, `SHIPPER_SERVICE`,
//! `SHIPPER_PHASE`, `SHIPPER_TASK_DEFINITION_ARN`, `SHIPPER_SERVICE_DEPLOYMENT_ARN`,
//! `SHIPPER_TARGET_GROUP_ARNS`), so a team's end-to-end tests can run against green before
//! users see it. Its last lines of output are the evidence (masked like all output).

use super::{BoxFuture, Check, Env, Provider};
use crate::aws::Clients;
use crate::error::{Error, Result};

pub struct Command {
    pub run: String,
}

/// Lines of the command's output kept as evidence.
const TAIL: usize = 5;

impl Provider for Command {
    fn describe(&self) -> String {
        format!("command `{}`", self.run)
    }

    fn check<'a>(&'a self, _clients: &'a Clients, env: &'a Env) -> BoxFuture<'a, Result<Check>> {
        Box::pin(async move {
            let output = tokio::process::Command::new("sh")
                .arg("-c")
                .arg(&self.run)
                .env("SHIPPER_CLUSTER", &env.cluster)
                .env("SHIPPER_SERVICE", &env.service)
                .env("SHIPPER_PHASE", env.phase.name())
                .env("SHIPPER_TASK_DEFINITION_ARN", &env.task_definition)
                .env(
                    "SHIPPER_SERVICE_DEPLOYMENT_ARN",
                    env.service_deployment.as_deref().unwrap_or(""),
                )
                .env("SHIPPER_TARGET_GROUP_ARNS", env.target_groups.join(","))
                .stdin(std::process::Stdio::null())
                // A timed-out check drops this future: the command must not outlive it.
                .kill_on_drop(true)
                .output()
                .await
                .map_err(|e| Error::new(format!("cannot run `{}`: {e}", self.run)))?;
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            let mut evidence = vec![match output.status.code() {
                Some(code) => format!("exited {code}"),
                None => "killed by a signal".into(),
            }];
            evidence
                .extend(lines[lines.len().saturating_sub(TAIL)..].iter().map(|l| l.to_string()));
            Ok(if output.status.success() { Check::pass(evidence) } else { Check::fail(evidence) })
        })
    }
}
