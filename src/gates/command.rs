//! Gate provider: a user command (a smoke test), run with `sh -c`; exit 0 passes.
//!
//! The command gets the deployment in its environment (`SHIPPER_CLUSTER`, `SHIPPER_SERVICE`,
//! `SHIPPER_PHASE`, `SHIPPER_TASK_DEFINITION_ARN`, `SHIPPER_SERVICE_DEPLOYMENT_ARN`,
//! `SHIPPER_TARGET_GROUP_ARNS`), so a team's end-to-end tests can run against green before
//! users see it. Its last lines of output are the evidence (masked like all output).
//!
//! It runs in a process group of its own, ended with the check (see [`crate::children`]): a
//! check that times out, or that the verdict no longer needs, takes everything the command
//! started with it. Only the last [`KEEP`] bytes of each stream are kept.

use tokio::io::{AsyncRead, AsyncReadExt};

use super::{BoxFuture, Check, Env, Provider};
use crate::aws::Clients;
use crate::children::Group;
use crate::error::{Error, Result};

pub struct Command {
    pub run: String,
}

/// Lines of the command's output kept as evidence.
const TAIL: usize = 5;

/// Bytes of each output stream kept (the tail): enough for the last lines of a test run.
const KEEP: usize = 64 * 1024;

impl Provider for Command {
    fn describe(&self) -> String {
        format!("command `{}`", super::cut(&crate::secrets::mask(&self.run), 120))
    }

    fn check<'a>(&'a self, _clients: &'a Clients, env: &'a Env) -> BoxFuture<'a, Result<Check>> {
        Box::pin(async move {
            let mut command = tokio::process::Command::new("sh");
            command
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
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                // A dropped check must not leave the shell running either.
                .kill_on_drop(true);
            #[cfg(unix)]
            command.process_group(0);
            let mut child = command
                .spawn()
                .map_err(|e| Error::new(format!("cannot run `{}`: {e}", self.describe())))?;
            // Ended (with all it started) when this check ends, however it ends.
            let _group = child.id().map(Group::track);
            let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
            let (out, err, status) = tokio::join!(tail(stdout), tail(stderr), child.wait());
            let status = status.map_err(|e| Error::new(format!("`{}`: {e}", self.describe())))?;
            let text =
                format!("{}{}", String::from_utf8_lossy(&out), String::from_utf8_lossy(&err));
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            let mut evidence = vec![match status.code() {
                Some(code) => format!("exited {code}"),
                None => "killed by a signal".into(),
            }];
            evidence
                .extend(lines[lines.len().saturating_sub(TAIL)..].iter().map(|l| l.to_string()));
            Ok(if status.success() { Check::pass(evidence) } else { Check::fail(evidence) })
        })
    }
}

/// The last [`KEEP`] bytes a stream carries until it closes, after `…` where earlier bytes
/// were dropped.
async fn tail(stream: Option<impl AsyncRead + Unpin>) -> Vec<u8> {
    let Some(mut stream) = stream else { return Vec::new() };
    let mut kept: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    let mut cut = false;
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                kept.extend_from_slice(&buf[..n]);
                if kept.len() > 2 * KEEP {
                    kept.drain(..kept.len() - KEEP);
                    cut = true;
                }
            }
        }
    }
    if kept.len() > KEEP {
        kept.drain(..kept.len() - KEEP);
        cut = true;
    }
    if cut {
        kept.splice(0..0, "…".bytes());
    }
    kept
}
