//! `shipper images`: the ECR tags of the service's images, newest first, and which revisions
//! used them — what `rollback --to-tag` can still go back to.

use std::collections::BTreeMap;

use aws_sdk_ecs::types::TaskDefinitionStatus;
use serde_json::json;

use super::family::Family;
use crate::cli::ImagesArgs;
use crate::context::Context;
use crate::ecr::{self, ImageRef};
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::output::table;

pub async fn run(ctx: &Context, args: &ImagesArgs) -> Result<Exit> {
    let family = Family::load(ctx).await?;
    // Which revisions used which image (newest revisions first, bounded).
    let mut arns =
        ecs::revisions(family.clients, &family.name, TaskDefinitionStatus::Active).await?;
    arns.reverse();
    arns.truncate(args.revisions);
    let mut used_by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut repositories: Vec<String> = Vec::new();
    for arn in &arns {
        let (td, _) = ecs::describe_task_definition(family.clients, arn).await?;
        for image in
            td.container_definitions().iter().filter_map(|c| c.image()).filter_map(ImageRef::parse)
        {
            if !repositories.contains(&image.repository) {
                repositories.push(image.repository.clone());
            }
            let key = format!(
                "{}:{}",
                image.repository,
                image.tag.clone().or(image.digest.clone()).unwrap_or_default()
            );
            used_by.entry(key).or_default().push(ecs::short_name(arn).to_string());
        }
    }
    if repositories.is_empty() {
        return Err(Error::new(format!("no revision of {} uses an image from ECR", family.name)));
    }

    let mut out = Vec::new();
    for repository in &repositories {
        for image in ecr::tagged_images(family.clients, repository).await? {
            let users: Vec<String> = image
                .tags
                .iter()
                .chain(std::iter::once(&image.digest))
                .flat_map(|t| {
                    used_by.get(&format!("{repository}:{t}")).cloned().unwrap_or_default()
                })
                .collect();
            out.push(json!({
                "repository": repository,
                "tags": image.tags,
                "digest": image.digest,
                "pushed_at": crate::output::timestamp(image.pushed_at.as_ref()),
                "used_by": users,
            }));
        }
    }
    if ctx.out.is_json() {
        ctx.out.json(&json!({"family": family.name, "images": out}));
        return Ok(Exit::Success);
    }
    let mut rows = vec![vec![
        "REPOSITORY".into(),
        "TAGS".into(),
        "PUSHED".into(),
        "DIGEST".into(),
        "USED BY".into(),
    ]];
    for i in &out {
        let strings = |v: &serde_json::Value| {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        let digest = i["digest"].as_str().unwrap_or_default();
        rows.push(vec![
            i["repository"].as_str().unwrap_or_default().to_string(),
            strings(&i["tags"]),
            i["pushed_at"].as_str().unwrap_or("-").to_string(),
            digest.chars().take(19).collect(),
            strings(&i["used_by"]),
        ]);
    }
    ctx.out.data(&table(&rows));
    Ok(Exit::Success)
}
