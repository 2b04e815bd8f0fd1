//! `shipper diff`: what a deploy would change, for people and for pull-request checks.

use crate::cli::{DiffArgs, DiffFormat};
use crate::context::Context;
use crate::diff::format;
use crate::error::{Exit, Result};
use crate::output::github;
use crate::render::Want;
use crate::state::Current;

pub async fn run(ctx: &Context, args: &DiffArgs) -> Result<Exit> {
    if ctx.out.is_json() && args.format == DiffFormat::Markdown {
        return Err(crate::error::Error::new(
            "--output json and --format markdown ask for two formats: --output json prints the changes as JSON (as --format json does)",
        )
        .hint("drop one of them"));
    }
    let want = Want { task_definition: true, service_definition: !args.task_definition_only };
    ctx.out.group("render");
    let (rendered, service) = ctx.render_reading_service(want, !args.task_definition_only).await?;
    ctx.out.group("plan");
    let clients = ctx.clients(&rendered.config).await?;
    let current =
        Current::read_with(clients, &rendered, args.task_definition_only, service).await?;
    let diffs = current.compare(&rendered, args.task_definition_only);
    let name = rendered.config.service.as_deref().unwrap_or("task definition");
    show(ctx, args, &rendered.config.cluster, name, &diffs).await
}

/// Prints the differences as `args` asks (and to GitHub: the step summary, the `has-diff`
/// output, the pull-request comment); the exit status `--exit-code` wants. `name` is what was
/// compared (the service, Express service or daemon), as comments and notices say it.
pub async fn show(
    ctx: &Context,
    args: &DiffArgs,
    cluster: &str,
    name: &str,
    diffs: &[crate::diff::DocDiff],
) -> Result<Exit> {
    let has_diff = diffs.iter().any(|d| d.has_changes());

    let format = if ctx.out.is_json() { DiffFormat::Json } else { args.format };
    match format {
        DiffFormat::Json => ctx.out.json(&format::json(diffs)),
        DiffFormat::Markdown => ctx.out.data(&format::markdown(diffs)),
        DiffFormat::Text => {
            let text = format::text(diffs);
            if !text.is_empty() {
                ctx.out.data(&text);
            }
        }
    }
    if !has_diff && format == DiffFormat::Text {
        ctx.out.info("No differences: what runs matches the definitions.");
    }
    ctx.out.end_group();
    if github::active() {
        github::append_step_summary(&format::markdown(diffs))?;
        ctx.out.set_output("has-diff", if has_diff { "true" } else { "false" })?;
    }
    if args.comment {
        let key = format!("{cluster}/{name}");
        crate::output::pr_comment::post(&ctx.out, &key, &format::markdown(diffs), has_diff).await;
    }
    if github::active() {
        let what = if name == "task definition" { "the task definition" } else { name };
        ctx.out.notice(&match has_diff {
            true => format!("shipper diff {what}: differences found"),
            false => format!("shipper diff {what}: no differences"),
        });
    }
    Ok(if args.exit_code && has_diff { Exit::Differences } else { Exit::Success })
}
