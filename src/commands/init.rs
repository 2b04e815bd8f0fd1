//! `shipper init`: a config and definitions written from a service that runs now, so a team
//! without files (or leaving the console) starts from exactly what runs.
//!
//! The definitions are what `diff` compares against (the revision the service runs, the service
//! as a definition), so an immediate `shipper diff` finds nothing. A secret is never written in
//! plain text: an environment value that holds an SSM SecureString's value becomes the reference
//! `{{ ssm `NAME` }}` (it renders to the same value, so the diff stays clean), or with
//! `--move-secrets` a `secrets` entry naming the parameter (a change `diff` shows and `deploy`
//! applies: ECS then injects it, and the plain text leaves the task definition); a secret value
//! no parameter holds becomes `{{ must_env `NAME` }}`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::aws::Clients;
use crate::cli::{InitArgs, InitFormat};
use crate::config::Config;
use crate::context::Context;
use crate::ecs;
use crate::error::{Error, Exit, Result};
use crate::model::{ServiceDefinition, TaskDefinition};
use crate::secrets;

/// The config template (`templates/init-config.yml.j2`), compiled into the binary.
const CONFIG_TEMPLATE: &str = include_str!("../../templates/init-config.yml.j2");

pub async fn run(ctx: &Context, args: &InitArgs) -> Result<Exit> {
    let files = Files::new(ctx, args);
    let service_name = args.service.clone().unwrap_or_default();
    let td_path = files.definition(args.task_definition_path.as_ref(), "task");
    let sd_path = files.definition(args.service_definition_path.as_ref(), "service");
    files.check_free(
        &[&td_path, &sd_path],
        args.force,
        "--task-definition-path / --service-definition-path",
    )?;

    let clients = bootstrap(ctx, &args.cluster).await?;
    let service =
        ecs::describe_service(clients, &args.cluster, &service_name).await?.ok_or_else(|| {
            Error::new(format!("service {service_name} does not exist in cluster {}", args.cluster))
                .hint(
                    "check --service and --cluster (the cluster defaults to `default`, as in ECS)",
                )
        })?;
    if ecs::express::is_express(&service) {
        ctx.out.warn(&format!("service {service_name} is an Express service: `shipper init --express` writes its Express definition, which is what ECS deploys it from"));
    }
    let arn = service
        .task_definition()
        .ok_or_else(|| Error::new(format!("service {service_name} runs no task definition")))?;
    let (td, tags) = ecs::describe_task_definition(clients, arn).await?;
    let mut task_definition = TaskDefinition::from_sdk(&td, &tags).json;
    let mut service_definition = ServiceDefinition::from_sdk(&service, &args.cluster).json;
    if let Value::Object(map) = &mut service_definition {
        // The config names the cluster and the service; the task definition file the revision.
        for key in ["cluster", "serviceName", "taskDefinition"] {
            map.remove(key);
        }
        if map.get("tags").and_then(Value::as_array).is_some_and(Vec::is_empty) {
            map.remove("tags");
        }
    }
    let notes = protect_secrets(clients, &mut task_definition, args.move_secrets).await?;
    // Keys in order (as ecspresso's init does): the SDK's maps (log options, docker labels) come
    // in hash order, and rerunning init must give the same files.
    crate::diff::normalize::sort_keys(&mut task_definition);
    crate::diff::normalize::sort_keys(&mut service_definition);
    warn_templates(
        ctx,
        &[("task definition", &task_definition), ("service definition", &service_definition)],
    );

    let config = config_text(minijinja::context! {
        region => clients.region.clone(),
        cluster => args.cluster.clone(),
        command => format!("--service {service_name}"),
        what => "service",
        name_key => "service",
        name => service_name.clone(),
        files => vec![
            ("task_definition", td_path.display().to_string()),
            ("service_definition", sd_path.display().to_string()),
        ],
        code_deploy => crate::deploy::strategy::Strategy::of_service(&service) == crate::deploy::strategy::Strategy::CodeDeploy,
    })?;
    let names =
        files.write(&config, &[(&td_path, &task_definition), (&sd_path, &service_definition)])?;
    for note in &notes {
        ctx.out.warn(note);
    }
    if ctx.out.is_json() {
        ctx.out.json(
            &json!({"written": names, "task_definition": ecs::short_name(arn), "notes": notes}),
        );
    }
    ctx.out.success(&format!(
        "wrote {} from service {service_name} ({}); `shipper{} diff` compares them with what runs",
        names.join(", "),
        ecs::short_name(arn),
        files.config_flag(ctx),
    ));
    Ok(Exit::Success)
}

/// Where `init` writes: the config (`--config`, else `shipper.yml`) and, relative to it, the
/// definitions, in the format asked for.
pub struct Files {
    pub format: InitFormat,
    ext: &'static str,
    pub config: PathBuf,
    dir: PathBuf,
}

impl Files {
    pub fn new(ctx: &Context, args: &InitArgs) -> Self {
        let format = if args.jsonnet { InitFormat::Jsonnet } else { args.format };
        let ext = match format {
            InitFormat::Json => "json",
            InitFormat::Yaml => "yaml",
            InitFormat::Jsonnet => "jsonnet",
        };
        let config = ctx.settings.config.clone().unwrap_or_else(|| PathBuf::from("shipper.yml"));
        let dir = config.parent().map(Path::to_path_buf).unwrap_or_default();
        Self { format, ext, config, dir }
    }

    /// A definition's path as the config names it: `given`, else `ecs-<kind>-def.<ext>`.
    pub fn definition(&self, given: Option<&PathBuf>, kind: &str) -> PathBuf {
        given.cloned().unwrap_or_else(|| PathBuf::from(format!("ecs-{kind}-def.{}", self.ext)))
    }

    /// Refuses, before anything is read, to overwrite files without `--force`. `flags`: the
    /// flags that choose the definitions' paths, for the hint.
    pub fn check_free(&self, definitions: &[&PathBuf], force: bool, flags: &str) -> Result<()> {
        let existing: Vec<String> = std::iter::once(self.config.clone())
            .chain(definitions.iter().map(|p| self.dir.join(p)))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if existing.is_empty() || force {
            return Ok(());
        }
        Err(Error::new(format!("{} already exist(s): nothing was written", existing.join(", ")))
            .hint(format!(
                "pass --force to overwrite them, or --config / {flags} to write elsewhere"
            )))
    }

    /// Writes the config and the definitions (paths relative to the config); returns the paths.
    pub fn write(&self, config: &str, definitions: &[(&PathBuf, &Value)]) -> Result<Vec<String>> {
        let mut written = vec![(self.config.clone(), format!("{}\n", config.trim_end()))];
        for (path, doc) in definitions {
            written.push((self.dir.join(path), document(doc, self.format)?));
        }
        for (path, text) in &written {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::new(format!("{}: {e}", parent.display())))?;
            }
            std::fs::write(path, text)
                .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))?;
        }
        Ok(written.iter().map(|(p, _)| p.display().to_string()).collect())
    }

    /// ` --config FILE` when the user named the config, for the closing hint.
    pub fn config_flag(&self, ctx: &Context) -> String {
        match ctx.settings.config.is_some() {
            true => format!(" --config {}", self.config.display()),
            false => String::new(),
        }
    }
}

/// The clients for `--region` / `AWS_REGION` (there is no config yet to name one).
pub async fn bootstrap<'a>(ctx: &'a Context, cluster: &str) -> Result<&'a Clients> {
    let bootstrap = Config::parse(Path::new("shipper.yml"), &format!("cluster: {cluster}\n"))?;
    ctx.clients(&bootstrap).await
}

/// The config file's text (`templates/init-config.yml.j2` with `context`).
pub fn config_text(context: minijinja::Value) -> Result<String> {
    minijinja::Environment::new()
        .render_str(CONFIG_TEMPLATE, context)
        .map_err(|e| Error::new(format!("the config template failed: {e}")))
}

/// Warns of `{{` in what is written: definitions are read as templates.
pub fn warn_templates(ctx: &Context, docs: &[(&str, &Value)]) {
    for (what, doc) in docs {
        if serde_json::to_string(doc).unwrap_or_default().contains("{{") {
            ctx.out.warn(&format!(
                "the {what} holds `{{{{` in a value: shipper reads definitions as templates, so escape it (`{{{{ \"{{{{\" }}}}`) before deploying"
            ));
        }
    }
}

/// A definition as file text. Jsonnet is written as JSON, which is valid Jsonnet.
pub fn document(doc: &Value, format: InitFormat) -> Result<String> {
    let text = match format {
        InitFormat::Json | InitFormat::Jsonnet => {
            serde_json::to_string_pretty(doc).unwrap_or_default()
        }
        InitFormat::Yaml => {
            serde_yaml::to_string(doc).map_err(|e| Error::new(format!("cannot write YAML: {e}")))?
        }
    };
    Ok(format!("{}\n", text.trim_end()))
}

/// Replaces every secret value in the containers' `environment` (one shipper recorded as secret
/// when it registered the revision, or one under a secret-looking name) by a reference: when an
/// SSM SecureString holds that value, `{{ ssm `NAME` }}` or (`move`) a `secrets` entry; else
/// `{{ must_env `VAR` }}`. Returns what was done, for the user.
async fn protect_secrets(
    clients: &Clients,
    td: &mut Value,
    move_secrets: bool,
) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for container in td.get("containerDefinitions").and_then(Value::as_array).into_iter().flatten()
    {
        for env in container.get("environment").and_then(Value::as_array).into_iter().flatten() {
            if let Some(value) = env.get("value").and_then(Value::as_str)
                && secrets::contains_secret(value)
            {
                found.push(value.to_string());
            }
        }
    }
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let parameters = secure_strings(clients, &found).await?;
    let mut notes = Vec::new();
    for container in
        td.get_mut("containerDefinitions").and_then(Value::as_array_mut).into_iter().flatten()
    {
        let name = container.get("name").and_then(Value::as_str).unwrap_or("?").to_string();
        let Some(Value::Array(environment)) = container.get_mut("environment") else { continue };
        let mut moved = Vec::new();
        for env in environment.iter_mut() {
            let var = env.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
            let Some(value) = env.get("value").and_then(Value::as_str).map(String::from) else {
                continue;
            };
            if !secrets::contains_secret(&value) {
                continue;
            }
            match parameters.iter().find(|(_, v)| *v == value) {
                Some((parameter, _)) if !move_secrets => {
                    env["value"] = Value::from(format!("{{{{ ssm `{parameter}` }}}}"));
                    notes.push(format!(
                        "container {name}: {var} holds the value of SecureString {parameter} in plain `environment`; written as {{{{ ssm `{parameter}` }}}}. Better: `shipper init --move-secrets` writes it as a `secrets` entry, which ECS injects"
                    ));
                }
                Some((parameter, _)) => {
                    moved.push(json!({"name": var, "valueFrom": parameter}));
                    notes.push(format!(
                        "container {name}: {var} held the value of SecureString {parameter} in plain `environment`; written as a `secrets` entry instead (`shipper diff` shows the move; `shipper deploy` makes ECS inject it)"
                    ));
                    env["value"] = Value::Null;
                }
                None => {
                    env["value"] = Value::from(format!("{{{{ must_env `{var}` }}}}"));
                    notes.push(format!(
                        "container {name}: {var} holds a secret no SSM SecureString holds; written as {{{{ must_env `{var}` }}}}: set {var} when you render, or move it to `secrets`"
                    ));
                }
            }
        }
        environment.retain(|e| !e.get("value").is_some_and(Value::is_null));
        if environment.is_empty()
            && let Some(c) = container.as_object_mut()
        {
            c.remove("environment");
        }
        if !moved.is_empty() {
            let secrets = container.as_object_mut().and_then(|c| {
                c.entry("secrets").or_insert_with(|| Value::Array(Vec::new())).as_array_mut()
            });
            if let Some(secrets) = secrets {
                secrets.extend(moved);
            }
        }
    }
    Ok(notes)
}

/// `(name, value)` of the SecureString parameters whose value is one of `values`. Each value
/// read is registered as a secret before anything else can print it.
async fn secure_strings(clients: &Clients, values: &[String]) -> Result<Vec<(String, String)>> {
    let filter = aws_sdk_ssm::types::ParameterStringFilter::builder()
        .key("Type")
        .option("Equals")
        .values("SecureString")
        .build()
        .map_err(|e| Error::new(e.to_string()))?;
    let mut names = Vec::new();
    let mut pages =
        clients.ssm.describe_parameters().parameter_filters(filter).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| Error::aws("ssm:DescribeParameters", "Type=SecureString", e))?;
        names.extend(page.parameters().iter().filter_map(|p| p.name().map(String::from)));
    }
    let mut out = Vec::new();
    for chunk in names.chunks(10) {
        let got = clients
            .ssm
            .get_parameters()
            .set_names(Some(chunk.to_vec()))
            .with_decryption(true)
            .send()
            .await
            .map_err(|e| Error::aws("ssm:GetParameters", &chunk.join(", "), e))?;
        for p in got.parameters() {
            let (Some(name), Some(value)) = (p.name(), p.value()) else { continue };
            secrets::register(value, &format!("ssm:{name}"));
            if values.iter().any(|v| v == value) {
                out.push((name.to_string(), value.to_string()));
            }
        }
    }
    Ok(out)
}
