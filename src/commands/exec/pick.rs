//! Which task and container `exec` goes into: `--id` and `--container` when given; otherwise
//! the only running task, a picker on a terminal, or an error listing the tasks.

use std::io::IsTerminal;

use aws_sdk_ecs::types::{Container, Task};

use crate::commands::tasks::task_id;
use crate::context::Context;
use crate::ecs;
use crate::error::{Error, Result};
use crate::output::{table, when};

/// The task to exec into, among the service's running tasks.
pub fn task(ctx: &Context, service: &str, mut tasks: Vec<Task>, id: Option<&str>) -> Result<Task> {
    if let Some(id) = id {
        let wanted = task_id(id);
        let ids: Vec<&str> =
            tasks.iter().map(|t| task_id(t.task_arn().unwrap_or_default())).collect();
        return match tasks.iter().position(|t| task_id(t.task_arn().unwrap_or_default()) == wanted)
        {
            Some(i) => Ok(tasks[i].clone()),
            None => Err(Error::new(format!("service {service} has no running task {id}"))
                .detail(running_list(&tasks).join("\n"))
                .hint(match ids.is_empty() {
                    true => "the service runs no task now".to_string(),
                    false => {
                        format!("pass one of its running tasks: --id {}", ids.join(" | --id "))
                    }
                })),
        };
    }
    match tasks.len() {
        0 => Err(Error::new(format!("service {service} has no running task to exec into"))
            .hint("`shipper tasks --stopped` shows why its tasks stopped")),
        1 => Ok(tasks.swap_remove(0)),
        n if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() => {
            ctx.out.info(&format!("service {service} runs {n} tasks:"));
            for line in running_list(&tasks) {
                ctx.out.info(&line);
            }
            loop {
                let Some(answer) = ctx.out.ask(&format!("Task [1-{n}]:")) else {
                    return Err(Error::new("no task chosen").hint("pass --id TASK"));
                };
                match answer.parse::<usize>() {
                    Ok(i) if (1..=n).contains(&i) => return Ok(tasks[i - 1].clone()),
                    _ => ctx.out.warn(&format!("`{answer}` is not a number from 1 to {n}")),
                }
            }
        }
        n => Err(Error::new(format!(
            "service {service} runs {n} tasks; which one to exec into? (no terminal to ask on)"
        ))
        .detail(running_list(&tasks).join("\n"))
        .hint("pass --id TASK")),
    }
}

/// The tasks as the picker and the errors list them: number, id, revision, AZ, start, health.
fn running_list(tasks: &[Task]) -> Vec<String> {
    let mut rows =
        vec![["#", "TASK", "REVISION", "AZ", "STARTED", "HEALTH"].map(String::from).to_vec()];
    for (i, t) in tasks.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            task_id(t.task_arn().unwrap_or_default()).to_string(),
            t.task_definition_arn().map(ecs::short_name).unwrap_or("-").to_string(),
            t.availability_zone().unwrap_or("-").to_string(),
            when(t.started_at()),
            t.health_status().map_or("-", |h| h.as_str()).to_string(),
        ]);
    }
    table(&rows).lines().map(ToString::to_string).collect()
}

/// The container: `--container`, else the task's first (named, when the task has several).
pub fn container<'t>(ctx: &Context, task: &'t Task, name: Option<&str>) -> Result<&'t Container> {
    let containers = task.containers();
    let names: Vec<&str> = containers.iter().filter_map(Container::name).collect();
    let id = task_id(task.task_arn().unwrap_or_default());
    match name {
        Some(name) => containers.iter().find(|c| c.name() == Some(name)).ok_or_else(|| {
            let error = Error::new(format!("task {id} has no container {name}"));
            match crate::suggest::closest(name, names.iter().copied()) {
                Some(close) => error.hint(format!(
                    "did you mean --container {close}? (its containers: {})",
                    names.join(", ")
                )),
                None => error.hint(format!("its containers: {}", names.join(", "))),
            }
        }),
        None => {
            let first = containers
                .first()
                .ok_or_else(|| Error::new(format!("task {id} reports no containers")))?;
            if containers.len() > 1 {
                ctx.out.info(&format!(
                    "container {} (the task has {}; --container picks another)",
                    first.name().unwrap_or("?"),
                    names.join(", ")
                ));
            }
            Ok(first)
        }
    }
}
