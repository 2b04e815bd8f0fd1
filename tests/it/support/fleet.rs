//! Several services in one project, for runs over several configs (`tests/it/fleet.rs`).
//!
//! Each service NAME gets `NAME.yml` (the example's config with `service: acme-dev-NAME` and its
//! own task definition file, family `acme-dev-NAME`); all share the example's service definition
//! and the seeded cluster. Names must not be prefixes of one another: requests are attributed to
//! services by the service's name appearing in them.

use std::process::Command;

use super::bed::{Bed, Request};
use super::project::Project;

pub struct Services {
    pub project: Project,
    pub names: Vec<String>,
}

impl Services {
    pub fn new(bed: &Bed, names: &[&str]) -> Self {
        let project = Project::example(bed);
        let config = project.read("config.yaml");
        let task = project.read("ecs-task-def.json");
        for name in names {
            project.write(
                &format!("{name}-task.json"),
                &task.replace(
                    "\"family\": \"acme-dev-app\"",
                    &format!("\"family\": \"{}\"", service(name)),
                ),
            );
            project.write(
                &format!("{name}.yml"),
                &config
                    .replace("service: acme-dev-app\n", &format!("service: {}\n", service(name)))
                    .replace(
                        "task_definition: ecs-task-def.json",
                        &format!("task_definition: {name}-task.json"),
                    ),
            );
        }
        Self { project, names: names.iter().map(ToString::to_string).collect() }
    }

    /// `shipper --config A.yml --config B.yml … ARGS…`.
    pub fn cmd(&self, args: &[&str]) -> Command {
        self.cmd_for(&self.names, args)
    }

    /// [`Self::cmd`] for some of the services.
    pub fn cmd_for(&self, names: &[String], args: &[&str]) -> Command {
        let mut cmd = self.project.bare(&[]);
        for name in names {
            cmd.args(["--config", &format!("{name}.yml")]);
        }
        cmd.args(args);
        cmd
    }
}

/// The ECS service of a name.
pub fn service(name: &str) -> String {
    format!("acme-dev-{name}")
}

/// The services each DescribeServices call asked for, in order.
pub fn describe_batches(requests: &[Request]) -> Vec<Vec<String>> {
    batches(requests, "DescribeServices", "services")
}

/// The service deployment ARNs of each DescribeServiceDeployments call, in order.
pub fn deployment_batches(requests: &[Request]) -> Vec<Vec<String>> {
    batches(requests, "DescribeServiceDeployments", "serviceDeploymentArns")
}

fn batches(requests: &[Request], action: &str, field: &str) -> Vec<Vec<String>> {
    requests
        .iter()
        .filter(|r| r.service == "ecs" && r.action == action)
        .map(|r| {
            r.body[field]
                .as_array()
                .map(|a| a.iter().filter_map(|s| s.as_str().map(ToString::to_string)).collect())
                .unwrap_or_default()
        })
        .collect()
}

/// The most services in flight at once: a service is in flight from the first request that
/// names it to the last.
pub fn max_in_flight(requests: &[Request], names: &[String]) -> usize {
    let spans: Vec<(u64, u64)> = names
        .iter()
        .filter_map(|name| {
            let needle = service(name);
            let seqs: Vec<u64> = requests
                .iter()
                .filter(|r| r.body.to_string().contains(&needle))
                .map(|r| r.seq)
                .collect();
            Some((*seqs.iter().min()?, *seqs.iter().max()?))
        })
        .collect();
    spans
        .iter()
        .map(|(start, _)| spans.iter().filter(|(s, e)| s <= start && start <= e).count())
        .max()
        .unwrap_or(0)
}
