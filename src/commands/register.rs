//! `shipper register` and `shipper deregister`: task definition revisions without a deploy.

use std::collections::BTreeSet;

use aws_sdk_ecs::types::TaskDefinitionStatus;
use serde_json::json;

use super::family::Family;
use crate::cli::{DeregisterArgs, RegisterArgs};
use crate::context::Context;
use crate::deploy::apply;
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::render::Want;

pub async fn register(ctx: &Context, args: &RegisterArgs) -> Result<Exit> {
    let rendered = ctx.render(Want { task_definition: true, service_definition: false }).await?;
    let td = rendered.task_definition.ok_or_else(|| {
        Error::new(format!("{}: `task_definition` is not set", rendered.config.path.display()))
    })?;
    if args.dry_run {
        ctx.out.json(&td.json);
        ctx.out.info("DRY RUN: nothing was registered");
        return Ok(Exit::Success);
    }
    let clients = ctx.clients(&rendered.config).await?;
    let arn = apply::register(clients, &td, &ctx.journal).await?;
    if ctx.out.is_json() {
        ctx.out.json(&json!({"task_definition": arn}));
    } else {
        ctx.out.data(&arn);
        ctx.out.success(&format!("registered {}", ecs::short_name(&arn)));
    }
    Ok(Exit::Success)
}

pub async fn deregister(ctx: &Context, args: &DeregisterArgs) -> Result<Exit> {
    let family = Family::load(ctx).await?;
    let in_use = family.in_use().await?;
    let active = ecs::revisions(family.clients, &family.name, TaskDefinitionStatus::Active).await?;
    let doomed: Vec<String> = match (args.keep, args.revision) {
        (_, Some(n)) => {
            let arn =
                active.iter().find(|a| ecs::revision_of(a) == n).cloned().ok_or_else(|| {
                    Error::new(format!("{}:{n} is not an active revision", family.name))
                })?;
            if in_use.contains(&arn) {
                return Err(Error::new(format!(
                    "{} is in use; it is not deregistered",
                    ecs::short_name(&arn)
                )));
            }
            vec![arn]
        }
        (Some(keep), None) => unused_beyond(&active, &in_use, keep),
        (None, None) => return Err(Error::new("say which revisions: --keep N or --revision N")),
    };
    if doomed.is_empty() {
        ctx.out.info(&format!("nothing to deregister in {}", family.name));
    }
    for arn in &doomed {
        if args.dry_run {
            ctx.out.data(&format!("would deregister {}", ecs::short_name(arn)));
            continue;
        }
        ecs::deregister(family.clients, arn).await?;
        ctx.out.info(&format!("deregistered {}", ecs::short_name(arn)));
    }
    if ctx.out.is_json() {
        ctx.out.json(&json!({"dry_run": args.dry_run, "deregistered": doomed}));
    }
    Ok(Exit::Success)
}

/// The revisions to deregister to keep the newest `keep` unused ones; in-use ones always stay.
fn unused_beyond(active: &[String], in_use: &BTreeSet<String>, keep: usize) -> Vec<String> {
    let mut unused: Vec<&String> = active.iter().filter(|a| !in_use.contains(*a)).collect();
    unused.sort_by_key(|a| std::cmp::Reverse(ecs::revision_of(a)));
    unused.into_iter().skip(keep).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_unused_and_every_used_revision() {
        let active: Vec<String> = (1..=6).map(|n| format!("arn:td/web:{n}")).collect();
        let in_use: BTreeSet<String> = ["arn:td/web:2".to_string()].into();
        assert_eq!(unused_beyond(&active, &in_use, 3), ["arn:td/web:3", "arn:td/web:1"]);
    }
}
