//! `shipper init --express --service S`: a config and an Express definition written from the
//! Express service that runs (its newest configuration, infrastructure role and tags), so
//! `shipper diff --exit-code` exits 0 at once.

use serde_json::{Value, json};

use crate::cli::InitArgs;
use crate::commands::init::{Files, bootstrap, config_text, warn_templates};
use crate::context::Context;
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::model::ExpressDefinition;

pub async fn run(ctx: &Context, args: &InitArgs) -> Result<Exit> {
    let files = Files::new(ctx, args);
    let name = args.service.clone().unwrap_or_default();
    let path = files.definition(args.express_definition_path.as_ref(), "express");
    files.check_free(&[&path], args.force, "--express-definition-path")?;
    let clients = bootstrap(ctx, &args.cluster).await?;
    let service = ecs::describe_service(clients, &args.cluster, &name).await?.ok_or_else(|| {
        Error::new(format!("service {name} does not exist in cluster {}", args.cluster))
            .hint("check --service and --cluster (the cluster defaults to `default`, as in ECS)")
    })?;
    if !ecs::express::is_express(&service) {
        return Err(Error::new(format!(
            "service {name} is not an Express service: ECS does not manage it"
        ))
        .hint("`shipper init` without --express writes its task and service definitions"));
    }
    let arn = service.service_arn().unwrap_or_default();
    let express = ecs::express::describe(clients, arn).await?;
    let mut definition = ExpressDefinition::from_sdk(&express, service.tags(), &args.cluster).json;
    if let Value::Object(map) = &mut definition {
        // The config names the cluster and the service.
        map.remove("cluster");
        map.remove("serviceName");
    }
    crate::diff::normalize::sort_keys(&mut definition);
    warn_templates(ctx, &[("Express definition", &definition)]);
    let config = config_text(minijinja::context! {
        region => clients.region.clone(),
        cluster => args.cluster.clone(),
        command => format!("--express --service {name}"),
        what => "Express service",
        name_key => "service",
        name => name.clone(),
        files => vec![("express_definition", path.display().to_string())],
        code_deploy => false,
    })?;
    let names = files.write(&config, &[(&path, &definition)])?;
    if ctx.out.is_json() {
        ctx.out.json(&json!({"written": names, "express": true}));
    }
    ctx.out.success(&format!(
        "wrote {} from Express service {name}; `shipper{} diff` compares them with what runs",
        names.join(", "),
        files.config_flag(ctx),
    ));
    Ok(Exit::Success)
}
