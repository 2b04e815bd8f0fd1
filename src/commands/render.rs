//! `shipper render [config|taskdef|servicedef|expressdef|daemondef|daemontaskdef]…`: prints the
//! rendered documents.

use serde_json::{Map, Value};

use crate::cli::{DocFormat, RenderArgs, RenderTarget};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::render::Want;

pub async fn run(ctx: &Context, args: &RenderArgs) -> Result<()> {
    // Two answers to "which format?": refused rather than one silently ignored.
    if ctx.out.is_json() && args.format == DocFormat::Yaml {
        return Err(Error::new(
            "--output json and --format yaml ask for two formats: --output json prints one JSON object holding every document, --format yaml prints YAML documents",
        )
        .hint("drop one of them"));
    }
    let targets = if args.targets.is_empty() {
        vec![
            RenderTarget::Config,
            RenderTarget::Taskdef,
            RenderTarget::Servicedef,
            RenderTarget::Expressdef,
            RenderTarget::Daemontaskdef,
            RenderTarget::Daemondef,
        ]
    } else {
        args.targets.clone()
    };
    let explicit = !args.targets.is_empty();
    let want = Want {
        task_definition: targets
            .iter()
            .any(|t| matches!(t, RenderTarget::Taskdef | RenderTarget::Daemontaskdef)),
        service_definition: targets.iter().any(|t| {
            matches!(
                t,
                RenderTarget::Servicedef | RenderTarget::Expressdef | RenderTarget::Daemondef
            )
        }),
    };
    ctx.out.group("render");
    let rendered = ctx.render(want).await?;
    ctx.out.end_group();

    let mut docs: Vec<(&str, Value)> = Vec::new();
    for target in &targets {
        let (name, doc, key) = match target {
            RenderTarget::Config => ("config", Some(rendered.config.document.clone()), "config"),
            RenderTarget::Taskdef => (
                "taskdef",
                rendered.task_definition.as_ref().map(|t| t.json.clone()),
                "task_definition",
            ),
            RenderTarget::Servicedef => (
                "servicedef",
                rendered.service_definition.as_ref().map(|s| s.json.clone()),
                "service_definition",
            ),
            RenderTarget::Expressdef => (
                "expressdef",
                rendered.express_definition.as_ref().map(|e| e.json.clone()),
                "express_definition",
            ),
            RenderTarget::Daemondef => (
                "daemondef",
                rendered.daemon_definition.as_ref().map(|d| d.json.clone()),
                "daemon_definition",
            ),
            RenderTarget::Daemontaskdef => (
                "daemontaskdef",
                rendered.daemon_task_definition.as_ref().map(|d| d.json.clone()),
                "daemon_task_definition",
            ),
        };
        match doc {
            Some(doc) => docs.push((name, crate::secrets::mask_value(&doc))),
            None if explicit => {
                return Err(Error::new(format!(
                    "{}: no `{key}` is configured, so there is no {name} to render",
                    rendered.config.path.display()
                )));
            }
            None => {}
        }
    }

    if ctx.out.is_json() {
        let map: Map<String, Value> = docs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        ctx.out.json(&Value::Object(map));
        return Ok(());
    }
    let texts: Vec<String> = docs
        .iter()
        .map(|(_, doc)| match args.format {
            DocFormat::Json => serde_json::to_string_pretty(doc).unwrap_or_default(),
            DocFormat::Yaml => serde_yaml::to_string(doc).unwrap_or_default(),
        })
        .collect();
    // YAML documents are separated by `---`; JSON ones simply follow each other, as in ecspresso.
    let separator = if args.format == DocFormat::Yaml { "---\n" } else { "\n" };
    ctx.out.data(&texts.join(separator));
    Ok(())
}
