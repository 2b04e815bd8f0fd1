//! `shipper scale` and `shipper refresh`: deploys with the task definition kept and the service
//! definition left alone — a new desired count, or fresh tasks.

use crate::cli::{RefreshArgs, ScaleArgs};
use crate::commands::deploy::deploy;
use crate::context::Context;
use crate::deploy::{Request, Source};
use crate::error::{Exit, Result};

pub async fn scale(ctx: &Context, args: &ScaleArgs) -> Result<Exit> {
    let request = Request {
        source: Source::Keep,
        images: Vec::new(),
        desired_count: Some(args.tasks),
        force_new_deployment: false,
        update_service: false,
        create: false,
    };
    deploy(ctx, &request, args.dry_run, false, &args.wait).await
}

pub async fn refresh(ctx: &Context, args: &RefreshArgs) -> Result<Exit> {
    let request = Request {
        source: Source::Keep,
        images: Vec::new(),
        desired_count: None,
        force_new_deployment: true,
        update_service: false,
        create: false,
    };
    deploy(ctx, &request, args.dry_run, false, &args.wait).await
}
