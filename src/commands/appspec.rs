//! `shipper appspec`: the AppSpec a CodeDeploy deployment of the service would use, for the
//! task definition it runs (or `--task-definition`). Reads the service; writes nothing.

use super::service::Existing;
use crate::cli::{AppspecArgs, AppspecFormat};
use crate::context::Context;
use crate::error::{Error, Exit, Result};
use crate::model::ServiceDefinition;
use crate::strategy::codedeploy;

pub async fn run(ctx: &Context, args: &AppspecArgs) -> Result<Exit> {
    let Existing { rendered, name, service, .. } =
        Existing::load(ctx, "build an AppSpec for").await?;
    let config = &rendered.config;
    let task_definition = match &args.task_definition {
        Some(arn) => arn.clone(),
        None => service
            .task_definition()
            .map(ToString::to_string)
            .ok_or_else(|| Error::new(format!("service {name} runs no task definition")))?,
    };
    let def = ServiceDefinition::from_sdk(&service, &config.cluster).json;
    let spec = codedeploy::appspec(&def, &task_definition, config.appspec.as_ref())
        .map_err(|e| e.context(format!("service {name}")))?;
    let text = codedeploy::appspec_text(&spec, args.format == AppspecFormat::Json);
    ctx.out.data(text.trim_end());
    Ok(Exit::Success)
}
