//! The GitHub Actions step summary of a deploy or rollback, and its step outputs.
//!
//! A command fills a [`Report`] as it goes (service, revisions, strategy, what it applied) and
//! hands it to [`Report::publish`] with its result once it ends, however it ends: the summary
//! then shows what happened on the run page (service, strategy, from → to, images with digests,
//! duration, result, rollback reason and gate evidence, the applied diff, a Mermaid timeline of
//! the rollout) and the outputs tell later steps. Outside GitHub Actions it does nothing. The
//! text goes through secret masking like every other output.

use std::fmt::Write as _;
use std::time::Instant;

use crate::aws::Clients;
use crate::error::{Exit, Result};
use crate::gates::{Gates, Phase, Record};

use crate::output::{Output, github};

/// What a deploy or rollback did, for the step summary.
#[derive(Debug)]
pub struct Report {
    /// `deploy`, `rollback`, `scale`, `refresh`.
    pub command: String,
    pub cluster: String,
    pub service: String,
    pub region: Option<String>,
    pub strategy: Option<String>,
    /// The task definition the service ran before, and the one it was sent to.
    pub from: Option<String>,
    pub to: Option<String>,
    pub service_deployment: Option<String>,
    /// `(container, image, digest)`; the digest is empty where it is not known.
    pub images: Vec<(String, String, String)>,
    /// The applied changes, as the Markdown of `shipper diff`.
    pub diff: Option<String>,
    pub gates: Vec<Record>,
    /// The gates the deploy was to run, `(name, phase)`: those without a record by the end are
    /// listed as not run (a rollout that failed before its gates still shows what it owed).
    configured: Vec<(String, Phase)>,
    /// Why a rollback went to the revision it chose.
    pub reason: Option<String>,
    /// Set when the command changed nothing (no summary section is worth it then).
    pub unchanged: bool,
    /// How a deploy left a deployment it did not follow to the end (`--no-wait`, or at a stage
    /// with `--wait-until`): it goes on in ECS, so the step must not say it succeeded.
    pub left_running: Option<String>,
    /// Set by a dry run: nothing to report.
    pub dry_run: bool,
    started: Instant,
    /// For looking up the images' digests at the end.
    clients: Option<Clients>,
}

impl Report {
    pub fn new(command: &str) -> Self {
        Self {
            command: command.to_string(),
            cluster: String::new(),
            service: String::new(),
            region: None,
            strategy: None,
            from: None,
            to: None,
            service_deployment: None,
            images: Vec::new(),
            diff: None,
            gates: Vec::new(),
            configured: Vec::new(),
            reason: None,
            unchanged: false,
            left_running: None,
            dry_run: false,
            started: Instant::now(),
            clients: None,
        }
    }

    /// Notes the plan of a deploy: the service, what it ran, the changes, the strategy.
    pub fn note_plan(
        &mut self,
        clients: &Clients,
        plan: &crate::deploy::Plan,
        running: Option<&aws_sdk_ecs::types::Service>,
        strategy: &str,
        dry_run: bool,
    ) {
        self.cluster.clone_from(&plan.cluster);
        self.service.clone_from(&plan.service);
        self.region = Some(clients.region.clone());
        self.clients = Some(clients.clone());
        self.strategy = Some(strategy.to_string());
        self.from = running.and_then(|s| s.task_definition()).map(ToString::to_string);
        self.dry_run = dry_run;
        if plan.diffs.iter().any(crate::diff::DocDiff::has_changes) {
            self.diff = Some(crate::diff::format::markdown(&plan.diffs));
        }
    }

    /// Notes the gates the deploy is to run: those of the strategy's `phases`.
    pub fn note_gates(&mut self, gates: &Gates, phases: &[Phase]) {
        self.configured = phases
            .iter()
            .flat_map(|phase| gates.for_phase(*phase).map(|g| (g.name.clone(), *phase)))
            .collect();
    }

    /// Notes the service a command works on, as it runs now.
    pub fn note_service(
        &mut self,
        clients: &Clients,
        cluster: &str,
        service: &aws_sdk_ecs::types::Service,
        strategy: &str,
    ) {
        self.cluster = cluster.to_string();
        self.service = service.service_name().unwrap_or_default().to_string();
        self.region = Some(clients.region.clone());
        self.clients = Some(clients.clone());
        self.strategy = Some(strategy.to_string());
        self.from = service.task_definition().map(ToString::to_string);
    }

    /// Notes that the command sent its change and did not follow it (`--no-wait`).
    pub fn not_followed(&mut self) {
        self.left_running = Some("started, not followed (--no-wait)".into());
    }

    /// Notes what a deploy sent: the task definition and the service deployment it started.
    pub fn note_applied(&mut self, applied: &crate::deploy::apply::Applied) {
        self.to = Some(applied.task_definition.clone());
        self.service_deployment.clone_from(&applied.service_deployment);
    }

    /// The images with their digests: as the service deployment's revision resolved them where
    /// there is one, else as the task definition names them. Best effort: a summary without
    /// digests beats a failed step.
    async fn resolve_images(&mut self) {
        let (Some(clients), Some(to)) = (self.clients.clone(), self.to.clone()) else {
            return;
        };
        if let Some(arn) = self.service_deployment.clone()
            && let Ok(Some(entries)) =
                crate::history::deployments(&clients, &self.cluster, &self.service, &[]).await
            && let Some(entry) = entries.into_iter().find(|e| e.arn == arn)
            && !entry.images.is_empty()
        {
            self.images = entry.images;
            return;
        }
        match clients.ecs.describe_task_definition().task_definition(&to).send().await {
            Ok(out) => {
                self.images = out
                    .task_definition()
                    .map(|td| {
                        td.container_definitions()
                            .iter()
                            .map(|c| {
                                let image = c.image().unwrap_or_default().to_string();
                                let digest = image
                                    .split_once('@')
                                    .map(|(_, d)| d.to_string())
                                    .unwrap_or_default();
                                (c.name().unwrap_or_default().to_string(), image, digest)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
            }
            Err(e) => tracing::debug!(
                "step summary: {}",
                crate::error::Error::aws("ecs:DescribeTaskDefinition", &to, e).message()
            ),
        }
    }

    /// Writes the summary, the outputs and the outcome notice (GitHub Actions only). Failing to
    /// write them is a warning: the deployment's own result is what the step reports.
    pub async fn publish<T>(
        &mut self,
        out: &Output,
        result: &Result<T, crate::error::Error>,
        exit: Exit,
    ) {
        if out.audience() != crate::output::Audience::GitHub
            || self.dry_run
            || self.service.is_empty()
        {
            return;
        }
        self.resolve_images().await;
        let error = result.as_ref().err();
        let outcome = self.outcome(error.map_or(exit, crate::error::Error::exit));
        let markdown = self.markdown(&outcome, error, &out.timeline());
        let rolled_back = error.is_some_and(|e| e.exit() == Exit::RolledBack);
        let mut written = github::append_step_summary(&markdown);
        for (name, value) in [
            ("task-definition-arn", self.to.clone().unwrap_or_default()),
            ("service-deployment-arn", self.service_deployment.clone().unwrap_or_default()),
            ("rolled-back", rolled_back.to_string()),
        ] {
            written = written.and_then(|()| out.set_output(name, &value));
        }
        if let Err(e) = written {
            out.warn(e.message());
        }
        if error.is_none() {
            out.notice(&format!("{}: {outcome}", self.headline()));
        }
    }

    /// Seconds since the command began (the duration its success line and summary show).
    pub fn seconds(&self) -> u64 {
        self.started.elapsed().as_secs()
    }

    fn headline(&self) -> String {
        format!("shipper {} {}", self.command, self.service)
    }

    fn outcome(&self, exit: Exit) -> String {
        match exit {
            Exit::Success if self.unchanged => "unchanged".into(),
            Exit::Success if let Some(left) = &self.left_running => left.clone(),
            Exit::Success => "succeeded".into(),
            Exit::RolledBack => "failed and rolled back".into(),
            Exit::TimedOut => "timed out".into(),
            Exit::Interrupted => "interrupted".into(),
            Exit::Failure | Exit::Differences => "failed".into(),
        }
    }

    /// The summary section. `timeline` is the run's progress lines with their seconds.
    pub fn markdown(
        &self,
        outcome: &str,
        error: Option<&crate::error::Error>,
        timeline: &[(u64, String)],
    ) -> String {
        let mut md = String::new();
        let icon = match outcome {
            "succeeded" | "unchanged" => "✅",
            "failed and rolled back" => "↩️",
            _ if self.left_running.is_some() && error.is_none() => "▶️",
            _ => "❌",
        };
        let _ = writeln!(md, "## {icon} {}: {outcome}\n", self.headline());
        let _ = writeln!(md, "| | |\n|---|---|");
        let _ = writeln!(md, "| Service | {} |", self.service_cell());
        if let Some(strategy) = &self.strategy {
            let _ = writeln!(md, "| Strategy | {strategy} |");
        }
        let revision = |r: &Option<String>| {
            r.as_deref().map_or_else(|| "—".to_string(), |a| format!("`{}`", short(a)))
        };
        let _ = writeln!(md, "| Revision | {} → {} |", revision(&self.from), revision(&self.to));
        if let Some(deployment) = &self.service_deployment {
            let _ = writeln!(md, "| Service deployment | `{}` |", short(deployment));
        }
        let secs = self.started.elapsed().as_secs();
        let _ = writeln!(md, "| Duration | {}m {:02}s |", secs / 60, secs % 60);
        let _ = writeln!(md, "| Result | {outcome} |");
        if !self.images.is_empty() {
            let _ = writeln!(md, "\n| Container | Image | Digest |\n|---|---|---|");
            for (container, image, digest) in &self.images {
                let digest = if digest.is_empty() { "-".into() } else { format!("`{digest}`") };
                let _ = writeln!(md, "| {container} | `{image}` | {digest} |");
            }
        }
        if let Some(reason) = &self.reason {
            let _ = writeln!(md, "\nRolled back to this revision because: {}", cell(reason));
        }
        if let Some(error) = error {
            let _ = writeln!(md, "\n### Why\n\n{}", quote(error.message()));
            let evidence: Vec<&String> = error.details().iter().collect();
            if !evidence.is_empty() {
                let _ = writeln!(md);
                for line in evidence {
                    let _ = writeln!(md, "- {}", line.replace('\n', " "));
                }
            }
        }
        let not_run: Vec<&(String, Phase)> = self
            .configured
            .iter()
            .filter(|(name, phase)| {
                !self.gates.iter().any(|g| g.name == *name && g.phase == *phase)
            })
            .collect();
        if !self.gates.is_empty() || !not_run.is_empty() {
            let _ = writeln!(
                md,
                "\n### Gates\n\n| Gate | Phase | Verdict | Checks | Evidence |\n|---|---|---|---|---|"
            );
            for gate in &self.gates {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} |",
                    cell(&gate.name),
                    gate.phase.name(),
                    gate.verdict,
                    gate.checks,
                    cell(&gate.evidence.join("; "))
                );
            }
            for (name, phase) in not_run {
                let _ = writeln!(md, "| {} | {} | not run | 0 | — |", cell(name), phase.name());
            }
        }
        let chart = crate::output::timeline::mermaid(timeline);
        if !chart.is_empty() {
            let _ = writeln!(md, "\n### Timeline\n\n{chart}");
        }
        if let Some(diff) = self.diff.as_deref().filter(|d| !d.trim().is_empty()) {
            let _ = writeln!(
                md,
                "\n<details><summary>Applied changes</summary>\n\n{}\n</details>",
                diff.replacen("## shipper diff", "", 1).trim()
            );
        }
        md
    }

    fn service_cell(&self) -> String {
        let cluster = self.cluster.rsplit('/').next().unwrap_or_default();
        let name = format!("{} (cluster {cluster})", self.service);
        match &self.region {
            Some(region) => format!(
                "[{name}](https://{region}.console.aws.amazon.com/ecs/v2/clusters/{cluster}/services/{}/deployments?region={region})",
                self.service
            ),
            None => name,
        }
    }
}

/// `family:revision` of a task definition ARN, the id of a deployment ARN.
fn short(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

fn quote(text: &str) -> String {
    text.lines().map(|l| format!("> {l}")).collect::<Vec<_>>().join("\n")
}

/// A table cell: no pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_the_change_and_links_the_console() {
        let mut r = Report::new("deploy");
        r.cluster = "arn:aws:ecs:ap-northeast-1:1:cluster/acme".into();
        r.service = "app".into();
        r.region = Some("ap-northeast-1".into());
        r.strategy = Some("ROLLING".into());
        r.from = Some("arn:aws:ecs:ap-northeast-1:1:task-definition/app:4".into());
        r.to = Some("arn:aws:ecs:ap-northeast-1:1:task-definition/app:5".into());
        r.images = vec![("web".into(), "repo/app:v2".into(), "sha256:ab".into())];
        r.diff = Some("## shipper diff\n\n### Task definition\n".into());
        let timeline = vec![
            (3, "deployment IN_PROGRESS, stage BAKE_TIME, traffic prod 100% test 0%".to_string()),
            (9, "event: (service app) has reached a steady state.".to_string()),
        ];
        let md = r.markdown("succeeded", None, &timeline);
        assert!(md.contains("`app:4` → `app:5`"), "{md}");
        assert!(md.contains("https://ap-northeast-1.console.aws.amazon.com/ecs/v2/clusters/acme/services/app/deployments?region=ap-northeast-1"), "{md}");
        assert!(md.contains("| web | `repo/app:v2` | `sha256:ab` |"), "{md}");
        assert!(md.contains("0m03s : deployment IN_PROGRESS, stage BAKE_TIME"), "{md}");
        assert!(!md.contains("steady state"), "events are not stages: {md}");
        assert!(md.contains("<details><summary>Applied changes</summary>"), "{md}");
    }
}
