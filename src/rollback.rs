//! Choosing what to roll back to.
//!
//! A deployment in flight is stopped with rollback (ECS returns the service to where it was).
//! Otherwise the service goes back `--count N` deployments in its history (distinct task
//! definitions, newest first; the family's revisions where history is unavailable), to
//! `--to-revision N`, or to the image at an earlier ECR tag — after checking the tag still exists,
//! since lifecycle policies expire old images.

use aws_sdk_ecs::types::{Service, ServiceDeploymentStatus, TaskDefinitionStatus};
use serde_json::Value;

use crate::aws::Clients;
use crate::deploy::TaskDef;
use crate::ecr::{self, ImageRef};
use crate::ecs;
use crate::error::{Error, Result};
use crate::history;
use crate::model::TaskDefinition;

#[cfg(test)]
mod tests {
    use super::revision_stack;

    fn stack(tds: &[&str]) -> Vec<String> {
        revision_stack(tds.iter().map(ToString::to_string))
    }

    #[test]
    fn a_return_to_an_earlier_revision_pops_what_came_after() {
        assert_eq!(stack(&[":1", ":2", ":3"]), [":1", ":2", ":3"]);
        assert_eq!(stack(&[":1", ":2", ":3", ":2"]), [":1", ":2"]);
        assert_eq!(stack(&[":1", ":2", ":3", ":2", ":4"]), [":1", ":2", ":4"]);
        assert_eq!(stack(&[":1", ":1"]), [":1"]);
    }
}

/// What the user asked to go back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Count(usize),
    Revision(i64),
    Tag(String),
}

/// The chosen target and why.
#[derive(Debug, Clone)]
pub struct Choice {
    pub task_definition: TaskDef,
    pub reason: String,
}

/// Picks the task definition to roll back to from the running one.
pub async fn choose(
    clients: &Clients,
    cluster: &str,
    service: &Service,
    target: &Target,
) -> Result<Choice> {
    let name = service.service_name().unwrap_or_default();
    let current = service
        .task_definition()
        .ok_or_else(|| Error::new(format!("service {name} runs no task definition")))?
        .to_string();
    match target {
        Target::Count(n) => by_count(clients, cluster, name, &current, *n).await,
        Target::Revision(n) => {
            let wanted = format!("{}:{n}", ecs::family_of(&current));
            let (td, tags) = ecs::describe_task_definition(clients, &wanted).await?;
            if td.status().is_some_and(|s| *s == TaskDefinitionStatus::Inactive) {
                // ECS refuses to deploy a deregistered revision; its content can come back as
                // a new one (as `--to-tag` does).
                return Ok(Choice {
                    task_definition: TaskDef::Register(Box::new(TaskDefinition::from_sdk(
                        &td, &tags,
                    ))),
                    reason: format!(
                        "revision {n}, deregistered: its content is registered again as a new revision"
                    ),
                });
            }
            let arn = td.task_definition_arn().unwrap_or_default().to_string();
            Ok(Choice { task_definition: TaskDef::Existing(arn), reason: format!("revision {n}") })
        }
        Target::Tag(tag) => by_tag(clients, &current, tag).await,
    }
}

/// N distinct task definitions back in the deployment history (or the family's revisions).
async fn by_count(
    clients: &Clients,
    cluster: &str,
    service: &str,
    current: &str,
    n: usize,
) -> Result<Choice> {
    if n == 0 {
        return Err(Error::new("--count must be at least 1"));
    }
    let history =
        history::deployments(clients, cluster, service, &[ServiceDeploymentStatus::Successful])
            .await?;
    if let Some(entries) = history.filter(|e| !e.is_empty()) {
        let mut stack =
            revision_stack(entries.iter().rev().filter_map(|e| e.task_definition.clone()));
        // What runs now is the top, whatever the history says about it.
        if stack.last().map(String::as_str) != Some(current) {
            stack.retain(|td| td != current);
            stack.push(current.to_string());
        }
        let mut skipped = Vec::new();
        let mut left = n;
        for arn in stack.iter().rev().skip(1) {
            // UpdateService refuses a deregistered revision: skip it, and say so.
            let (td, _) = ecs::describe_task_definition(clients, arn).await?;
            if td.status().is_some_and(|s| *s == TaskDefinitionStatus::Inactive) {
                skipped.push(ecs::short_name(arn).to_string());
                continue;
            }
            left -= 1;
            if left == 0 {
                let mut reason =
                    format!("{} back in the service's deployment history", plural(n, "deployment"));
                if !skipped.is_empty() {
                    reason.push_str(&format!("; skipped deregistered {}", skipped.join(", ")));
                }
                return Ok(Choice { task_definition: TaskDef::Existing(arn.clone()), reason });
            }
        }
        let mut error = Error::new(format!(
            "the deployment history of {service} holds only {} earlier deployable task definition(s); cannot go back {n}",
            n - left
        ))
        .hint("use --to-revision N to pick a revision of the family, or --to-tag TAG");
        if !skipped.is_empty() {
            error = error.detail(format!(
                "deregistered (INACTIVE), so not deployable: {}",
                skipped.join(", ")
            ));
        }
        return Err(error);
    }
    // No history: the family's active revisions, by number.
    let revisions =
        ecs::revisions(clients, ecs::family_of(current), TaskDefinitionStatus::Active).await?;
    let position = revisions.iter().position(|r| r == current).ok_or_else(|| {
        Error::new(format!("{} is not an active revision of its family", ecs::short_name(current)))
    })?;
    match position.checked_sub(n).and_then(|i| revisions.get(i)) {
        Some(arn) => Ok(Choice {
            task_definition: TaskDef::Existing(arn.clone()),
            reason: format!(
                "{} back in the family; no deployment history available",
                plural(n, "revision")
            ),
        }),
        None => Err(Error::new(format!(
            "{} has only {position} earlier active revision(s)",
            ecs::family_of(current)
        ))),
    }
}

/// The revisions a service went through, oldest first, as a stack: a deployment of a revision
/// already on the stack returns to it and drops what came after. So after `rollback` from :3 to
/// :2, the stack is [:1, :2] and a second `rollback --count 1` goes on to :1 — pressing "roll
/// back" twice means "further back", never "undo the rollback".
pub fn revision_stack(oldest_first: impl Iterator<Item = String>) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    for td in oldest_first {
        match stack.iter().position(|t| *t == td) {
            Some(i) => stack.truncate(i + 1),
            None => stack.push(td),
        }
    }
    stack
}

/// `1 deployment`, `2 deployments`. A choice's reason is shown in parentheses after the plan
/// (`from :3 to :2 (1 deployment back …)`), so it holds no parentheses of its own.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Whether a recent revision of `current`'s family (active or deregistered; the newest 50) ran
/// `image`. A failed read counts as "unknown", which is said as "used" (the cautious wording).
async fn ever_used(clients: &Clients, current: &str, image: &str) -> bool {
    let family = ecs::family_of(current);
    let mut arns = Vec::new();
    for status in [TaskDefinitionStatus::Active, TaskDefinitionStatus::Inactive] {
        match ecs::revisions(clients, family, status).await {
            Ok(found) => arns.extend(found),
            Err(_) => return true,
        }
    }
    arns.sort_by_key(|arn| std::cmp::Reverse(ecs::revision_of(arn)));
    for arn in arns.iter().take(50) {
        match ecs::describe_task_definition(clients, arn).await {
            Ok((td, _)) if td.container_definitions().iter().any(|c| c.image() == Some(image)) => {
                return true;
            }
            Ok(_) => {}
            Err(_) => return true,
        }
    }
    false
}

/// The task definition running the image at `tag`: the newest revision that already uses it,
/// or a new revision of the running one with its ECR images moved to `tag`.
async fn by_tag(clients: &Clients, current: &str, tag: &str) -> Result<Choice> {
    let (running, tags) = ecs::describe_task_definition(clients, current).await?;
    let running = TaskDefinition::from_sdk(&running, &tags);
    let containers = ecr_containers(&running);
    if containers.is_empty() {
        return Err(Error::new(format!(
            "{} runs no image from ECR, so there is no tag to go back to",
            ecs::short_name(current)
        )));
    }
    for (_, image) in &containers {
        if ecr::digest_of(clients, &image.repository, tag).await?.is_none() {
            let available: Vec<String> = ecr::tagged_images(clients, &image.repository)
                .await?
                .into_iter()
                .flat_map(|i| i.tags)
                .collect();
            // ECR keeps no record of deleted tags; a revision that ran the tag is the evidence
            // that it existed, so only then is "expired" said (a typo is told apart from that).
            if !ever_used(clients, current, &image.with_tag(tag)).await {
                let mut nearest: Vec<&String> = available.iter().collect();
                nearest.sort_by(|a, b| {
                    strsim::jaro_winkler(tag, b).total_cmp(&strsim::jaro_winkler(tag, a))
                });
                let nearest: Vec<&str> = nearest.iter().take(5).map(|t| t.as_str()).collect();
                return Err(Error::new(format!(
                    "image tag `{tag}` is not in ECR repository {}, and no revision of {} ever ran it",
                    image.repository,
                    ecs::family_of(current)
                ))
                .hint(format!(
                    "the nearest tags: {} (`shipper images` lists them all)",
                    nearest.join(", ")
                )));
            }
            let available: Vec<&str> = available.iter().take(10).map(String::as_str).collect();
            return Err(Error::new(format!(
                "image tag `{tag}` no longer exists in ECR repository {}: it was deleted or expired by the repository's lifecycle policy",
                image.repository
            ))
            .hint(format!("tags still available (newest first): {}", available.join(", "))));
        }
    }
    let wanted: Vec<(String, String)> =
        containers.iter().map(|(name, image)| (name.clone(), image.with_tag(tag))).collect();
    let family = ecs::family_of(current);
    for arn in ecs::revisions(clients, family, TaskDefinitionStatus::Active).await?.iter().rev() {
        let (td, _) = ecs::describe_task_definition(clients, arn).await?;
        let uses = wanted.iter().all(|(name, image)| {
            td.container_definitions()
                .iter()
                .any(|c| c.name() == Some(name) && c.image() == Some(image))
        });
        if uses {
            return Ok(Choice {
                task_definition: TaskDef::Existing(arn.clone()),
                reason: format!(
                    "image tag {tag}, which revision {} already uses",
                    ecs::revision_of(arn)
                ),
            });
        }
    }
    let copy = crate::deploy::with_images(&running, &wanted)?;
    Ok(Choice {
        task_definition: TaskDef::Register(Box::new(copy)),
        reason: format!("image tag {tag}, in a new revision of {}", ecs::short_name(current)),
    })
}

/// The containers whose image is in ECR, with the parsed reference.
fn ecr_containers(td: &TaskDefinition) -> Vec<(String, ImageRef)> {
    td.json
        .get("containerDefinitions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| {
            let name = c.get("name")?.as_str()?.to_string();
            let image = ImageRef::parse(c.get("image")?.as_str()?)?;
            Some((name, image))
        })
        .collect()
}
