//! Which task definition a deploy sends: the rendered one, registered when it differs from what
//! runs (or reused where an earlier attempt registered it already), or an existing revision
//! (`--skip-task-definition`, `--latest-task-definition`, `--revision N`).

use serde_json::{Value, json};

use super::{Request, Source, TaskDef};
use crate::diff::{DocDiff, Effect, Kind};
use crate::ecs;
use crate::error::{Error, Result};
use crate::model::TaskDefinition;
use crate::state::{Current, Rendered};

/// The task definition of the plan; with `--image`, `diffs` compare what is deployed.
pub async fn choose(
    clients: &crate::aws::Clients,
    rendered: &Rendered,
    current: &Current,
    req: &Request,
    diffs: &mut Vec<DocDiff>,
) -> Result<TaskDef> {
    let config = &rendered.config;
    let service_name = config.service.clone().unwrap_or_default();
    let running_td =
        current.service.as_ref().and_then(|s| s.task_definition()).map(ToString::to_string);
    Ok(match &req.source {
        Source::Render { force } => {
            let local = rendered.task_definition.as_ref().ok_or_else(|| {
                Error::new(format!("{}: `task_definition` is not set", config.path.display()))
                    .hint("set `task_definition`, or deploy an existing revision with --skip-task-definition / --revision N")
            })?;
            let local = with_images(local, &req.images)?;
            // `--image` changes what is deployed: compare that, not the file as rendered.
            if !req.images.is_empty() {
                let remote = current.task_definition.as_ref().map(|(t, a)| (t, a.as_str()));
                let name = diff_name(diffs, Kind::TaskDefinition);
                replace_diff(diffs, crate::diff::task_definition(&local, &name, remote, &crate::state::options(config)));
            }
            let unchanged = diffs.iter().any(|d| d.kind == Kind::TaskDefinition && d.effect == Effect::None);
            match (&current.task_definition, unchanged && !force) {
                (Some((_, arn)), true) => {
                    tracing::debug!("decision: no new revision: the rendered task definition equals {} (normalised as diff does)", ecs::short_name(arn));
                    TaskDef::Existing(arn.clone())
                }
                (Some((_, arn)), false) if *force && unchanged => {
                    tracing::debug!("decision: register a new revision: --force (the file equals {})", ecs::short_name(arn));
                    TaskDef::Register(Box::new(local))
                }
                (Some((_, arn)), false) => match newest_if_same(clients, &local, arn, config).await {
                    Some(newest) => {
                        tracing::debug!("decision: no new revision: {} (newer than the running {}, unused) equals the rendered task definition", ecs::short_name(&newest), ecs::short_name(arn));
                        TaskDef::Existing(newest)
                    }
                    None => {
                        tracing::debug!("decision: register a new revision: the rendered task definition differs from {}", ecs::short_name(arn));
                        TaskDef::Register(Box::new(local))
                    }
                },
                (None, _) => {
                    tracing::debug!("decision: register a new revision: the service runs no task definition of this family yet");
                    TaskDef::Register(Box::new(local))
                }
            }
        }
        Source::Keep => TaskDef::Existing(running_td.clone().ok_or_else(|| {
            Error::new(format!("--skip-task-definition: service {service_name} does not exist yet, so it runs no task definition"))
        })?),
        Source::Latest => {
            let family = family(rendered, current)?;
            TaskDef::Existing(ecs::latest_revision(clients, &family).await?.ok_or_else(|| {
                Error::new(format!("--latest-task-definition: family {family} has no active revision"))
            })?)
        }
        Source::Revision(n) => {
            let family = family(rendered, current)?;
            let (td, _) = ecs::describe_task_definition(clients, &format!("{family}:{n}")).await?;
            TaskDef::Existing(td.task_definition_arn().unwrap_or_default().to_string())
        }
    })
}

/// The family's newest revision, when it is newer than `running` and equals `local` (normalised
/// as `diff` does): registered by an earlier attempt whose update failed, reused rather than
/// registered again as an identical twin. A failed read is "no": registering is always safe.
async fn newest_if_same(
    clients: &crate::aws::Clients,
    local: &TaskDefinition,
    running: &str,
    config: &crate::config::Config,
) -> Option<String> {
    if ecs::family_of(running) != local.family() {
        return None;
    }
    let newest = ecs::latest_revision(clients, local.family()).await.ok()??;
    if ecs::revision_of(&newest) <= ecs::revision_of(running) {
        return None;
    }
    let (remote, tags) = ecs::describe_task_definition(clients, &newest).await.ok()?;
    let remote = TaskDefinition::from_sdk(&remote, &tags);
    let options = crate::state::options(config);
    let diff = crate::diff::task_definition(local, "", Some((&remote, &newest)), &options);
    (diff.effect == Effect::None).then_some(newest)
}

/// Applies `--image CONTAINER=IMAGE_OR_TAG` to a rendered task definition. A bare tag replaces
/// the tag of the container's current image.
pub fn with_images(td: &TaskDefinition, images: &[(String, String)]) -> Result<TaskDefinition> {
    if images.is_empty() {
        return Ok(td.clone());
    }
    let mut json = td.json.clone();
    let containers = json.get_mut("containerDefinitions").and_then(Value::as_array_mut);
    let Some(containers) = containers else { return Ok(td.clone()) };
    for (name, image) in images {
        let names: Vec<String> = containers
            .iter()
            .filter_map(|c| c.get("name").and_then(Value::as_str).map(ToString::to_string))
            .collect();
        let container = containers
            .iter_mut()
            .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
            .ok_or_else(|| {
                Error::new(format!(
                    "--image {name}=…: the task definition has no container `{name}`"
                ))
                .hint(format!("containers: {}", names.join(", ")))
            })?;
        let current = container.get("image").and_then(Value::as_str).unwrap_or_default();
        container["image"] = json!(replace_image(current, image));
    }
    TaskDefinition::parse(json)
        .map_err(|p| Error::new(format!("--image made the task definition invalid: {}", p[0])))
}

/// `repo:old` + `v2` → `repo:v2`; a value with `/`, `:` or `@` is a whole image reference.
pub fn replace_image(current: &str, image: &str) -> String {
    if image.contains(['/', ':', '@']) {
        return image.to_string();
    }
    let repo = current.split('@').next().unwrap_or(current);
    let repo = match repo.rfind(':') {
        Some(i) if !repo[i..].contains('/') => &repo[..i],
        _ => repo,
    };
    format!("{repo}:{image}")
}

fn family(rendered: &Rendered, current: &Current) -> Result<String> {
    rendered
        .task_definition
        .as_ref()
        .map(|t| t.family().to_string())
        .or_else(|| current.task_definition.as_ref().map(|(t, _)| t.family().to_string()))
        .ok_or_else(|| {
            Error::new("cannot tell the task definition family: configure `task_definition`")
        })
}

fn diff_name(diffs: &[DocDiff], kind: Kind) -> String {
    diffs.iter().find(|d| d.kind == kind).map(|d| d.local.clone()).unwrap_or_default()
}

fn replace_diff(diffs: &mut Vec<DocDiff>, diff: DocDiff) {
    diffs.retain(|d| d.kind != diff.kind);
    diffs.insert(0, diff);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_tags_replace_only_the_tag() {
        assert_eq!(
            replace_image("123.dkr.ecr.ap-northeast-1.amazonaws.com/app:v1", "v2"),
            "123.dkr.ecr.ap-northeast-1.amazonaws.com/app:v2"
        );
        assert_eq!(replace_image("localhost:5000/app", "v2"), "localhost:5000/app:v2");
        assert_eq!(replace_image("app@sha256:abc", "v2"), "app:v2");
        assert_eq!(replace_image("app:v1", "other/app:v9"), "other/app:v9");
    }
}
