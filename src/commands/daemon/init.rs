//! `shipper init --daemon NAME`: a config and the daemon's two definitions written from the
//! daemon that runs (the daemon task definition of the revision it runs; its capacity
//! providers, deployment configuration, settings and tags), so `shipper diff --exit-code`
//! exits 0 at once.

use serde_json::{Value, json};

use crate::cli::InitArgs;
use crate::commands::init::{Files, bootstrap, config_text, warn_templates};
use crate::context::Context;
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::state::daemon::CurrentDaemon;

pub async fn run(ctx: &Context, args: &InitArgs) -> Result<Exit> {
    let name = args.daemon.clone().unwrap_or_default();
    let files = Files::new(ctx, args);
    let td_path = files.definition(args.daemon_task_definition_path.as_ref(), "daemon-task");
    let def_path = files.definition(args.daemon_definition_path.as_ref(), "daemon");
    files.check_free(
        &[&td_path, &def_path],
        args.force,
        "--daemon-task-definition-path / --daemon-definition-path",
    )?;
    let clients = bootstrap(ctx, &args.cluster).await?;
    let config = crate::config::Config::parse(
        std::path::Path::new("shipper.yml"),
        &format!("cluster: {}\ndaemon: {name}\n", args.cluster),
    )?;
    let current = CurrentDaemon::read(clients, &config, None).await?;
    let (Some((definition, _)), Some((task_definition, td_arn))) =
        (current.definition(), current.task_definition.clone())
    else {
        return Err(Error::new(format!(
            "daemon {name} does not exist in cluster {}",
            args.cluster
        ))
        .hint("check --daemon and --cluster (the cluster defaults to `default`, as in ECS)"));
    };
    let mut definition = definition.json;
    if let Value::Object(map) = &mut definition {
        map.remove("daemonName");
    }
    let mut task_definition = task_definition.json;
    crate::diff::normalize::sort_keys(&mut definition);
    crate::diff::normalize::sort_keys(&mut task_definition);
    warn_templates(
        ctx,
        &[("daemon task definition", &task_definition), ("daemon definition", &definition)],
    );
    let text = config_text(minijinja::context! {
        region => clients.region.clone(),
        cluster => args.cluster.clone(),
        command => format!("--daemon {name}"),
        what => "daemon",
        name_key => "daemon",
        name => name.clone(),
        files => vec![
            ("daemon_task_definition", td_path.display().to_string()),
            ("daemon_definition", def_path.display().to_string()),
        ],
        code_deploy => false,
    })?;
    let names = files.write(&text, &[(&td_path, &task_definition), (&def_path, &definition)])?;
    if ctx.out.is_json() {
        ctx.out
            .json(&json!({"written": names, "daemon_task_definition": ecs::short_name(&td_arn)}));
    }
    ctx.out.success(&format!(
        "wrote {} from daemon {name} ({}); `shipper{} diff` compares them with what runs",
        names.join(", "),
        ecs::short_name(&td_arn),
        files.config_flag(ctx),
    ));
    Ok(Exit::Success)
}
