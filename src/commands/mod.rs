//! One module per command. Each takes the context (output, settings, lazily built clients) and
//! its own arguments, and returns the exit status; none of them parses flags or builds clients.

pub mod appspec;
pub mod completions;
pub mod daemon;
pub mod delete;
pub mod deploy;
pub mod diff;
pub mod exec;
pub mod express;
pub mod family;
pub mod images;
pub mod init;
pub mod logs;
pub mod register;
pub mod render;
pub mod revisions;
pub mod rollback;
pub mod run;
pub mod scale;
pub mod scaling;
pub mod service;
pub mod status;
pub mod summary;
pub mod tasks;
pub mod verify;
pub mod version;
pub mod wait;

/// A dry run's plan: the plan's JSON with `"dry_run": true`, or its lines as "would …" and the
/// note that nothing changed.
pub fn print_dry_run(out: &crate::output::Output, mut plan: serde_json::Value, lines: Vec<String>) {
    if out.is_json() {
        plan["dry_run"] = serde_json::Value::Bool(true);
        out.json(&plan);
        return;
    }
    for line in lines {
        out.data(&format!("would {line}"));
    }
    out.info("DRY RUN: nothing was changed");
}

/// The first `deploy` flag given that shapes only a service's deploy — its task definition, its
/// count, its deployment or its auto scaling — leaving out `allowed` (those the workload has a
/// use for): an Express service or a daemon refuses it, rather than ignoring it.
pub fn service_only_flag(args: &crate::cli::DeployArgs, allowed: &[&str]) -> Option<&'static str> {
    [
        ("--skip-task-definition", args.skip_task_definition),
        ("--latest-task-definition", args.latest_task_definition),
        ("--revision", args.revision.is_some()),
        ("--image", !args.images.is_empty()),
        ("--force", args.force),
        ("--tasks", args.tasks.is_some()),
        ("--force-new-deployment", args.force_new_deployment),
        ("--no-update-service", args.no_update_service),
        ("--wait-until", args.wait.wait_until.is_some()),
        ("--suspend-auto-scaling", args.suspend_auto_scaling),
        ("--resume-auto-scaling", args.resume_auto_scaling),
    ]
    .into_iter()
    .find(|(flag, given)| *given && !allowed.contains(flag))
    .map(|(flag, _)| flag)
}
