//! `shipper revisions`: the family's revisions, their images, and which are in use.

use aws_sdk_ecs::types::TaskDefinitionStatus;
use serde_json::json;

use super::family::Family;
use crate::cli::RevisionsArgs;
use crate::context::Context;
use crate::ecs;
use crate::error::{Exit, Result};
use crate::output::table;

pub async fn run(ctx: &Context, args: &RevisionsArgs) -> Result<Exit> {
    let family = Family::load(ctx).await?;
    let in_use = family.in_use().await?;
    let mut arns =
        ecs::revisions(family.clients, &family.name, TaskDefinitionStatus::Active).await?;
    if args.all {
        arns.extend(
            ecs::revisions(family.clients, &family.name, TaskDefinitionStatus::Inactive).await?,
        );
        arns.sort_by_key(|a| ecs::revision_of(a));
    }
    arns.reverse();
    arns.truncate(args.limit);

    let mut revisions = Vec::new();
    for arn in &arns {
        let (td, _) = ecs::describe_task_definition(family.clients, arn).await?;
        let images: Vec<(String, String)> = td
            .container_definitions()
            .iter()
            .map(|c| (c.name().unwrap_or("?").to_string(), c.image().unwrap_or("?").to_string()))
            .collect();
        revisions.push(json!({
            "arn": arn,
            "revision": ecs::revision_of(arn),
            "status": td.status().map(|s| s.as_str()),
            "registered_at": crate::output::timestamp(td.registered_at()),
            "in_use": in_use.contains(arn),
            "running": family.service.as_ref().and_then(|s| s.task_definition()) == Some(arn.as_str()),
            "images": images.iter().map(|(c, i)| json!({"container": c, "image": i})).collect::<Vec<_>>(),
        }));
    }

    if ctx.out.is_json() {
        ctx.out.json(&json!({"family": family.name, "revisions": revisions}));
        return Ok(Exit::Success);
    }
    let mut rows = vec![vec![
        "REVISION".into(),
        "STATUS".into(),
        "IN USE".into(),
        "REGISTERED".into(),
        "IMAGES".into(),
    ]];
    for r in &revisions {
        let marker = match (r["running"].as_bool(), r["in_use"].as_bool()) {
            (Some(true), _) => "* service",
            (_, Some(true)) => "* tasks",
            _ => "",
        };
        let images: Vec<String> = r["images"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| {
                format!(
                    "{}={}",
                    i["container"].as_str().unwrap_or("?"),
                    i["image"].as_str().unwrap_or("?")
                )
            })
            .collect();
        rows.push(vec![
            format!("{}:{}", family.name, r["revision"]),
            r["status"].as_str().unwrap_or("?").to_string(),
            marker.to_string(),
            r["registered_at"].as_str().unwrap_or("-").to_string(),
            images.join(" "),
        ]);
    }
    ctx.out.data(&table(&rows));
    Ok(Exit::Success)
}
