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
