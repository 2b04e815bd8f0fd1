//! `shipper scale` and `shipper refresh`: deploys with the task definition kept and the service
//! definition left alone — a new desired count, or fresh tasks. `scale` also changes the
//! service's auto scaling (see [`super::scaling`]); without `--tasks`, only that.

use serde_json::json;

use super::scaling;
use super::service::Existing;
use crate::autoscaling::{self, Change};
use crate::cli::{RefreshArgs, ScaleArgs};
use crate::commands::deploy::deploy;
use crate::context::Context;
use crate::deploy::{Request, Source};
use crate::error::{Error, Exit, Result};

pub async fn scale(ctx: &Context, args: &ScaleArgs) -> Result<Exit> {
    let change = Change {
        suspend: args.suspend_auto_scaling,
        resume: args.resume_auto_scaling,
        min: args.auto_scaling_min,
        max: args.auto_scaling_max,
    };
    if args.tasks.is_none() {
        return auto_scaling_only(ctx, change, args.dry_run).await;
    }
    let request = Request {
        source: Source::Keep,
        images: Vec::new(),
        desired_count: args.tasks,
        force_new_deployment: false,
        update_service: false,
        create: false,
        auto_scaling: change,
    };
    deploy(ctx, &request, args.dry_run, false, &args.wait).await
}

/// `scale` without `--tasks`: the scalable target alone; the service is not updated.
async fn auto_scaling_only(ctx: &Context, change: Change, dry_run: bool) -> Result<Exit> {
    if change.suspend && change.resume {
        return Err(Error::new(
            "--suspend-auto-scaling and --resume-auto-scaling together, without --tasks, undo each other",
        )
        .hint("pass one of them, or --tasks N to suspend before the new count and resume after it"));
    }
    let Existing { rendered, clients, name, .. } = Existing::load(ctx, "scale").await?;
    let cluster = &rendered.config.cluster;
    let Some(scaling) = scaling::prepare(clients, cluster, &name, true, change).await? else {
        return Ok(Exit::Success);
    };
    if dry_run {
        if ctx.out.is_json() {
            ctx.out.json(
                &json!({"dry_run": true, "service": name, "auto_scaling": scaling.to_json()}),
            );
        } else {
            for line in scaling.describe("now") {
                ctx.out.data(&format!("would {line}"));
            }
            ctx.out.info("DRY RUN: nothing was changed");
        }
        return Ok(Exit::Success);
    }
    scaling.before(ctx, clients).await?;
    scaling.resume(ctx, clients).await?;
    if ctx.out.is_json() {
        let target = autoscaling::target(clients, cluster, &name).await?;
        ctx.out.json(&json!({"service": name, "auto_scaling": target.map(|t| t.to_json())}));
    }
    Ok(Exit::Success)
}

pub async fn refresh(ctx: &Context, args: &RefreshArgs) -> Result<Exit> {
    let request = Request {
        source: Source::Keep,
        images: Vec::new(),
        desired_count: None,
        force_new_deployment: true,
        update_service: false,
        create: false,
        auto_scaling: Change::default(),
    };
    deploy(ctx, &request, args.dry_run, false, &args.wait).await
}
