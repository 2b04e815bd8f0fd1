//! The front half of every command: config → templates → validated definitions.
//!
//! Order matters for two promises. A mistake that can be found without AWS (bad syntax, an
//! unknown key, a missing environment variable) is reported before any AWS call: documents are
//! rendered once with placeholders and validated first. And SSM reads are batched across the
//! task and service definitions together.

use std::path::Path;

use serde_json::Value;

use crate::aws::Clients;
use crate::aws::session::Session;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{
    DaemonDefinition, DaemonTaskDefinition, ExpressDefinition, Problem, ServiceDefinition,
    TaskDefinition,
};
use crate::output::Output;
use crate::secrets;
use crate::settings::Settings;
use crate::state::Rendered;
use crate::template::tfstate::{Location, TfState};
use crate::template::{AwsClients, Engine, Source, Vars};

/// What rendering reads besides the user's files.
pub struct Inputs<'a> {
    /// The config file, envfiles and Jsonnet variables named on the command line.
    pub settings: &'a Settings,
    /// Where warnings go.
    pub out: &'a Output,
    /// AWS: for `ssm()` and the other lookups, a Terraform state in S3, and the service read.
    pub aws: &'a Session,
    /// Rules for a service definition that need no AWS (the plan's: its deployment strategy
    /// and the gates), checked before any AWS call.
    pub check: CheckDefinition,
    /// The config, when this run rendered it already (to tell which workload it describes):
    /// rendered once, not again for the definitions.
    pub config: Option<&'a Config>,
}

/// Checks a parsed service definition (with its config, and the file it came from).
pub type CheckDefinition = fn(&ServiceDefinition, &Config, &Path) -> Result<()>;

/// Which definitions to render. For an Express service, its Express definition is its service
/// definition; for a daemon, the daemon task definition is its task definition and the daemon
/// definition its service definition.
#[derive(Debug, Clone, Copy)]
pub struct Want {
    pub task_definition: bool,
    pub service_definition: bool,
}

impl Want {
    pub const ALL: Self = Self { task_definition: true, service_definition: true };
    pub const CONFIG: Self = Self { task_definition: false, service_definition: false };
}

/// Loads and renders the config, then the wanted definitions.
pub async fn render(ctx: &Inputs<'_>, want: Want) -> Result<Rendered> {
    Ok(render_reading_service(ctx, want, false).await?.0)
}

/// [`render`], and reads the config's service (DescribeServices) while the definitions' SSM
/// values are fetched: the two do not depend on each other, so a deploy or diff pays one
/// round trip for both. The service is read only once the documents passed the checks that
/// need no AWS (a mistake found there still costs no call); `None` when not asked or the config
/// names no service, `Some(None)` when the service does not exist.
pub async fn render_reading_service(
    ctx: &Inputs<'_>,
    want: Want,
    read_service: bool,
) -> Result<(Rendered, Option<Option<aws_sdk_ecs::types::Service>>)> {
    let vars =
        Vars::load(&ctx.settings.envfiles)?.with_ext(&ctx.settings.ext_str, &ctx.settings.ext_code);
    let config = load_config(ctx, vars.clone()).await?;

    let mut engine = Engine::new(vars).with_shared_ssm(shared_ssm(ctx));
    // Plugins serve the definitions; a command that needs only the config (rollback, status)
    // must not fail on a Terraform state it does not use.
    let plugins = if want.task_definition || want.service_definition {
        config.plugins.as_slice()
    } else {
        &[]
    };
    for plugin in plugins {
        match plugin.name.to_lowercase().as_str() {
            "tfstate" => load_tfstate(ctx, &config, plugin, &mut engine).await?,
            "cloudformation" => engine.add_cloudformation(&plugin.func_prefix),
            "external" => engine.add_external(
                crate::template::external::External::from_config(
                    &plugin.config,
                    &plugin.func_prefix,
                    &format!("{}: plugins.config", config.path.display()),
                )
                .map_err(Error::new)?,
            ),
            // ssm and secretsmanager are always there (config.rs refuses anything else).
            _ => {}
        }
    }

    let files = [
        (want.task_definition, &config.task_definition, Kind::Task),
        (want.service_definition, &config.service_definition, Kind::Service),
        (want.service_definition, &config.express_definition, Kind::Express),
        (want.task_definition, &config.daemon_task_definition, Kind::DaemonTask),
        (want.service_definition, &config.daemon_definition, Kind::Daemon),
    ];
    let wanted_docs: Vec<(std::path::PathBuf, Kind)> = files
        .into_iter()
        .filter_map(|(wanted, path, kind)| {
            path.as_ref().filter(|_| wanted).map(|p| (p.clone(), kind))
        })
        .collect();
    let mut sources = Vec::new();
    for (path, _) in &wanted_docs {
        let text = crate::config::read_file(path).map_err(|e| {
            Error::new(format!("cannot read {}: {e}", path.display()))
                .hint(format!("the path is relative to the config file {}", config.path.display()))
        })?;
        sources.push(Source::new(path.display().to_string(), text));
    }

    // First pass, without AWS: catches syntax errors, unknown keys and missing variables. With no
    // SSM value wanted, it is also the last pass.
    let (first, wanted) = engine.render_once(&sources);
    let first = first?;
    let mut parsed = Vec::new();
    for ((path, kind), text) in wanted_docs.iter().zip(&first) {
        let doc = crate::config::parse_document(path, text)?;
        match (parse_definition(*kind, doc, &config)?, wanted) {
            (Ok(definition), _) => {
                // A strategy and gates that cannot work are found here, before any AWS call.
                if let Definition::Service(def) = &definition {
                    (ctx.check)(def, &config, path)?;
                }
                parsed.push(definition);
            }
            (Err(problems), false) => return Err(problems_error(path, kind.name(), &problems)),
            // Placeholders stand in for SSM values: a problem about one waits for the value.
            (Err(problems), true) => {
                let certain: Vec<Problem> = problems
                    .into_iter()
                    .filter(|p| !p.is_about(crate::template::ssm::PLACEHOLDER))
                    .collect();
                if !certain.is_empty() {
                    return Err(problems_error(path, kind.name(), &certain));
                }
            }
        }
    }
    let service_read = || async {
        match (&config.service, read_service) {
            (Some(name), true) => {
                let clients = ctx.aws.clients(&config).await?;
                crate::ecs::describe_service(clients, &config.cluster, name).await.map(Some)
            }
            _ => Ok(None),
        }
    };
    let mut service = None;
    if wanted {
        let clients = ctx.aws.clients(&config).await?;
        let (texts, read) =
            tokio::try_join!(engine.render(&sources, template_clients(clients)), service_read())?;
        service = read;
        parsed.clear();
        for ((path, kind), text) in wanted_docs.iter().zip(texts) {
            let doc = crate::config::parse_document(path, &text)?;
            parsed.push(
                parse_definition(*kind, doc, &config)?
                    .map_err(|p| problems_error(path, kind.name(), &p))?,
            );
        }
    }

    if !wanted {
        service = service_read().await?;
    }
    let mut rendered = Rendered::of(config);
    for ((path, _), definition) in wanted_docs.iter().zip(parsed) {
        match definition {
            Definition::Task(td) => {
                warn_secrets_in_environment(ctx, path, &td.json);
                rendered.task_definition = Some(td);
            }
            Definition::Service(sd) => rendered.service_definition = Some(sd),
            Definition::Express(ed) => rendered.express_definition = Some(ed),
            Definition::DaemonTask(td) => {
                warn_secrets_in_environment(ctx, path, &td.json);
                rendered.daemon_task_definition = Some(td);
            }
            Definition::Daemon(dd) => rendered.daemon_definition = Some(dd),
        }
    }
    Ok((rendered, service))
}

/// Loads one tfstate plugin's state and registers its functions.
async fn load_tfstate(
    ctx: &Inputs<'_>,
    config: &Config,
    plugin: &crate::config::Plugin,
    engine: &mut Engine,
) -> Result<()> {
    let cfg = &plugin.config;
    let path = cfg.get("path").and_then(Value::as_str);
    let url = cfg.get("url").and_then(Value::as_str);
    let location =
        TfState::locate(path, url, config.dir()).map_err(|e| e.context(config.path.display()))?;
    let load = async {
        match location.clone() {
            Location::File(file) => TfState::read_file(&file),
            Location::S3 { bucket, key } => read_s3(ctx, config, &bucket, &key).await,
            Location::Http(url) => tokio::task::spawn_blocking(move || TfState::read_http(&url))
                .await
                .map_err(|e| Error::new(format!("tfstate plugin: {e}")))?,
        }
    };
    let loaded = match ctx.aws.pool() {
        Some(pool) => pool.tfstates.get_or_load(&location, load).await,
        None => load.await.map(std::sync::Arc::new),
    };
    match loaded {
        Ok(state) => engine
            .add_tfstate(&plugin.func_prefix, state)
            .map_err(|e| e.context(config.path.display())),
        Err(_) if cfg.get("optional").and_then(Value::as_bool) == Some(true) => Ok(()),
        Err(e) => Err(e.context(config.path.display())),
    }
}

/// The clients template functions read with.
fn template_clients(clients: &Clients) -> AwsClients<'_> {
    AwsClients {
        ssm: &clients.ssm,
        secretsmanager: &clients.secretsmanager,
        cloudformation: &clients.cloudformation,
    }
}

/// The SSM cache shared by the services of a run over several.
fn shared_ssm(ctx: &Inputs<'_>) -> Option<crate::template::ssm::SharedSsm> {
    ctx.aws.pool().map(|pool| pool.ssm.clone())
}

/// Which definition a file holds.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Task,
    Service,
    Express,
    DaemonTask,
    Daemon,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Self::Task => "task definition",
            Self::Service => "service definition",
            Self::Express => "Express service definition",
            Self::DaemonTask => "daemon task definition",
            Self::Daemon => "daemon definition",
        }
    }
}

enum Definition {
    Task(TaskDefinition),
    Service(ServiceDefinition),
    Express(ExpressDefinition),
    DaemonTask(DaemonTaskDefinition),
    Daemon(DaemonDefinition),
}

/// Parses a rendered document as `kind`; the inner error is the document's problems.
fn parse_definition(
    kind: Kind,
    mut doc: Value,
    config: &Config,
) -> Result<std::result::Result<Definition, Vec<Problem>>> {
    Ok(match kind {
        Kind::Task => TaskDefinition::parse(doc).map(Definition::Task),
        Kind::Service => {
            let service = service_name(config, &doc);
            ServiceDefinition::parse(doc, &config.cluster, &service).map(Definition::Service)
        }
        Kind::Express => {
            let service = service_name(config, &doc);
            ExpressDefinition::parse(doc, &config.cluster, &service).map(Definition::Express)
        }
        Kind::DaemonTask => DaemonTaskDefinition::parse(doc).map(Definition::DaemonTask),
        Kind::Daemon => {
            let name = config.daemon.clone().unwrap_or_else(|| {
                doc.get("daemonName").and_then(Value::as_str).unwrap_or_default().to_string()
            });
            if let Value::Object(map) = &mut doc {
                map.remove("daemonName");
            }
            DaemonDefinition::parse(doc, &name).map(Definition::Daemon)
        }
    })
}

/// A Terraform state kept in S3 (the usual Terraform backend).
async fn read_s3(ctx: &Inputs<'_>, config: &Config, bucket: &str, key: &str) -> Result<TfState> {
    let url = format!("s3://{bucket}/{key}");
    let clients = ctx.aws.clients(config).await?;
    let bytes = crate::s3::get_object(&clients.conf, bucket, key)
        .await
        .map_err(|e| e.context("tfstate plugin"))?;
    TfState::parse(&url, &String::from_utf8_lossy(&bytes))
}

/// Renders and parses the config. Its first pass cannot use `tfstate` (plugins are declared in
/// the config itself) and runs without AWS; only a config that calls `ssm()` needs a second.
/// Loads and renders the config alone (its variables from the envfiles and `--ext-*`).
pub async fn config(ctx: &Inputs<'_>) -> Result<Config> {
    let vars =
        Vars::load(&ctx.settings.envfiles)?.with_ext(&ctx.settings.ext_str, &ctx.settings.ext_code);
    load_config(ctx, vars).await
}

async fn load_config(ctx: &Inputs<'_>, vars: Vars) -> Result<Config> {
    if let Some(config) = ctx.config {
        return Ok(config.clone());
    }
    let path = crate::config::locate(ctx.settings.config.as_deref())?;
    let text = crate::config::read_file(&path)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
    let source = Source { name: path.display().to_string(), text, config: true };
    let engine = Engine::new(vars).with_placeholder_tfstate().with_shared_ssm(shared_ssm(ctx));
    let (first, wanted) = engine.render_once(std::slice::from_ref(&source));
    let config = Config::parse(&path, &first?.remove(0))?;
    if !wanted {
        return Ok(config);
    }
    let clients = ctx.aws.clients(&config).await?;
    let text =
        engine.render(std::slice::from_ref(&source), template_clients(clients)).await?.remove(0);
    Config::parse(&path, &text)
}

/// The service a definition describes: the config's `service`. A config with a
/// `service_definition` but no `service` still renders, as in ecspresso (with the definition's
/// own `serviceName`, if any); commands that act on the service refuse it later.
fn service_name(config: &Config, doc: &Value) -> String {
    config.service.clone().unwrap_or_else(|| {
        doc.get("serviceName").and_then(Value::as_str).unwrap_or_default().to_string()
    })
}

/// One error for all the problems in a definition: the first as the message, the rest below.
fn problems_error(path: &Path, kind: &str, problems: &[Problem]) -> Error {
    let name = path.display();
    let Some((first, rest)) = problems.split_first() else {
        return Error::new(format!("{name}: invalid {kind}"));
    };
    let mut error = Error::new(format!("{name}: {first}"));
    for problem in rest.iter().take(20) {
        error = error.detail(problem.to_string());
    }
    if rest.len() > 20 {
        error = error.detail(format!("… and {} more", rest.len() - 20));
    }
    error.hint(format!("fix the {kind}; field names and types are those of the ECS API"))
}

/// Warns when a SecureString value is put in plain `environment`: it would be stored in the
/// task definition, readable by anyone who can describe it. `secrets` (valueFrom) is the place.
fn warn_secrets_in_environment(ctx: &Inputs<'_>, path: &Path, td: &Value) {
    let containers =
        td.get("containerDefinitions").and_then(Value::as_array).cloned().unwrap_or_default();
    for container in &containers {
        let name = container.get("name").and_then(Value::as_str).unwrap_or("?");
        for var in container.get("environment").and_then(Value::as_array).into_iter().flatten() {
            let value = var.get("value").and_then(Value::as_str).unwrap_or_default();
            if secrets::contains_secret(value) {
                let var_name = var.get("name").and_then(Value::as_str).unwrap_or("?");
                ctx.out.warn(&format!(
                    "{}: container `{name}`: environment variable `{var_name}` holds an SSM SecureString value; \
                     it will be stored in plain text in the task definition. Use `secrets` with `valueFrom` instead.",
                    path.display()
                ));
            }
        }
    }
}
