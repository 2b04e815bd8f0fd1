//! The config file: discovery, ecspresso's keys, and shipper's own section.
//!
//! One config file describes one service and its task-definition family, exactly as in
//! ecspresso, whose files are accepted unchanged: `region`, `cluster`, `service`,
//! `service_definition`, `task_definition`, `timeout`, `plugins`, `appspec`, `codedeploy`,
//! `ignore`, `required_version` (and the deprecated `filter_command`, `sdk_options`). shipper's own
//! settings live under `shipper:`. Unknown keys are errors that name the key and suggest the
//! closest valid one. The file is itself a template (see `template`), rendered before parsing.
//!
//! A config may instead describe an Express Mode service (ecspresso's `express_definition`, in
//! place of the two definitions) or an ECS daemon (`daemon`, `daemon_definition`,
//! `daemon_task_definition`: shipper's names, in ecspresso's style): see [`Workload`].

mod compare;
mod document;
pub mod gates;
pub mod lines;
mod plain;
pub mod plugins;
mod values;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::suggest;
use lines::{Place, Step};

pub use document::{DISCOVERY, MAX_DEPTH, MAX_FILE, locate, parse_document, read_file};
pub use gates::Gates;
pub use plugins::Plugin;

/// How long shipper waits for a deployment when neither `--timeout` nor the config's `timeout`
/// says (ecspresso's default too).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// The ecspresso release whose config format shipper implements; `required_version` (an
/// ecspresso version constraint in ecspresso files) is checked against it.
pub const ECSPRESSO_COMPAT: &str = "2.8.0";

const TOP_KEYS: &[&str] = &[
    "region",
    "cluster",
    "service",
    "service_definition",
    "task_definition",
    "express_definition",
    "daemon",
    "daemon_definition",
    "daemon_task_definition",
    "timeout",
    "plugins",
    "appspec",
    "codedeploy",
    "ignore",
    "required_version",
    "filter_command",
    "sdk_options",
    "shipper",
];
const PLUGIN_KEYS: &[&str] = &["name", "config", "func_prefix"];
const TFSTATE_KEYS: &[&str] = &["path", "url", "optional"];
const EXTERNAL_KEYS: &[&str] = &["name", "command", "num_args", "parser", "timeout", "mode"];
const CODEDEPLOY_KEYS: &[&str] =
    &["application_name", "deployment_group_name", "deployment_config_name"];
const IGNORE_KEYS: &[&str] = &["tags"];
const SDK_KEYS: &[&str] = &["retry_max_attempts"];
const SHIPPER_KEYS: &[&str] = &["required_version", "ignore", "gates"];

/// The file as written (after rendering).
#[derive(Debug, Default, Deserialize)]
struct RawConfig {
    region: Option<String>,
    cluster: Option<String>,
    service: Option<String>,
    service_definition: Option<String>,
    task_definition: Option<String>,
    express_definition: Option<String>,
    daemon: Option<String>,
    daemon_definition: Option<String>,
    daemon_task_definition: Option<String>,
    timeout: Option<Value>,
    /// `plugins:` left empty (a template that rendered no plugin) is no plugin, as in ecspresso.
    #[serde(default, deserialize_with = "null_as_empty")]
    plugins: Vec<Plugin>,
    appspec: Option<Value>,
    codedeploy: Option<CodeDeploy>,
    ignore: Option<Ignore>,
    required_version: Option<String>,
    #[allow(dead_code)]
    filter_command: Option<String>,
    sdk_options: Option<SdkOptions>,
    shipper: Option<ShipperSection>,
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<Plugin>, D::Error> {
    Ok(Option::<Vec<Plugin>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CodeDeploy {
    pub application_name: Option<String>,
    pub deployment_group_name: Option<String>,
    pub deployment_config_name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Ignore {
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SdkOptions {
    pub retry_max_attempts: Option<u32>,
}

/// shipper's own settings, under `shipper:`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ShipperSection {
    /// A version constraint on shipper itself (`>= 0.1`).
    pub required_version: Option<String>,
    /// Paths `diff` and `deploy` ignore, e.g. `desiredCount` or
    /// `containerDefinitions[app].environment[BUILD_ID]`.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Health gates (see `gates`), parsed into [`Config::gates`].
    #[serde(default)]
    pub gates: Option<Value>,
}

/// What a config describes: an ECS service (with its task definition), an Express Mode service,
/// or an ECS daemon. Each command works on one kind; the ones a kind has no use for refuse it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    Service,
    Express,
    Daemon,
}

impl Workload {
    pub fn name(self) -> &'static str {
        match self {
            Self::Service => "service",
            Self::Express => "Express service",
            Self::Daemon => "daemon",
        }
    }
}

/// The resolved config.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub region: Option<String>,
    pub cluster: String,
    pub service: Option<String>,
    pub task_definition: Option<PathBuf>,
    pub service_definition: Option<PathBuf>,
    /// An Express Mode service's definition (`CreateExpressGatewayService`'s shape).
    pub express_definition: Option<PathBuf>,
    /// The daemon's name, and its two definitions.
    pub daemon: Option<String>,
    pub daemon_definition: Option<PathBuf>,
    pub daemon_task_definition: Option<PathBuf>,
    pub timeout: Option<Duration>,
    pub plugins: Vec<Plugin>,
    pub appspec: Option<Value>,
    pub codedeploy: Option<CodeDeploy>,
    pub ignore_tags: Vec<String>,
    pub sdk_options: SdkOptions,
    pub shipper: ShipperSection,
    pub gates: Gates,
    /// The rendered document, for `shipper render config`.
    pub document: Value,
}

impl Config {
    /// The directory relative paths in the config are resolved against.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Parses rendered config text. `name` is the file name used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let name = path.display().to_string();
        let document = parse_document(path, text)?;
        if !document.is_object() {
            return Err(Error::new(format!(
                "{name}: the config must be a mapping of keys to values"
            )));
        }
        // Jsonnet was evaluated to JSON: the lines of that JSON are not the user's.
        let jsonnet = path.extension().is_some_and(|e| e == "jsonnet");
        let text_place = lines::Text { name: &name, text };
        let place: &dyn Place = if jsonnet { &name } else { &text_place };
        check_keys(&document, place)?;
        let raw: RawConfig = serde_path_to_error::deserialize(&document).map_err(|e| {
            let path = Step::of(e.path());
            let plain = plain::translate(&e.inner().to_string(), Some(&lines::dotted(&path)), &[]);
            let error = Error::new(format!("{}: {}", place.at(&path), plain.message));
            match plain.hint {
                Some(hint) => error.hint(hint),
                None => error,
            }
        })?;

        check_workload(&raw, &name)?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let timeout = raw.timeout.as_ref().map(|t| parse_timeout(t, &name)).transpose()?;
        if let Some(req) = &raw.required_version {
            check_version(req, ECSPRESSO_COMPAT, &name, "required_version", "ecspresso")?;
        }
        let shipper = raw.shipper.unwrap_or_default();
        if let Some(req) = &shipper.required_version {
            check_version(
                req,
                env!("CARGO_PKG_VERSION"),
                &name,
                "shipper.required_version",
                "shipper",
            )?;
        }
        let gates = match &shipper.gates {
            Some(value) => Gates::parse(value, place)?,
            None => Gates::default(),
        };
        plugins::check(&raw.plugins, &name)?;
        Ok(Self {
            path: path.to_path_buf(),
            region: raw.region.filter(|r| !r.is_empty()),
            cluster: raw.cluster.filter(|c| !c.is_empty()).unwrap_or_else(|| "default".into()),
            service: raw.service.filter(|s| !s.is_empty()),
            task_definition: raw.task_definition.map(|p| dir.join(p)),
            service_definition: raw.service_definition.map(|p| dir.join(p)),
            express_definition: raw.express_definition.map(|p| dir.join(p)),
            daemon: raw.daemon.filter(|d| !d.is_empty()),
            daemon_definition: raw.daemon_definition.map(|p| dir.join(p)),
            daemon_task_definition: raw.daemon_task_definition.map(|p| dir.join(p)),
            timeout,
            plugins: raw.plugins,
            appspec: raw.appspec,
            codedeploy: raw.codedeploy,
            ignore_tags: raw.ignore.map(|i| i.tags).unwrap_or_default(),
            sdk_options: raw.sdk_options.unwrap_or_default(),
            shipper,
            gates,
            document,
        })
    }
}

impl Config {
    /// What this config describes (see [`Workload`]).
    pub fn workload(&self) -> Workload {
        if self.express_definition.is_some() {
            Workload::Express
        } else if self.daemon.is_some()
            || self.daemon_definition.is_some()
            || self.daemon_task_definition.is_some()
        {
            Workload::Daemon
        } else {
            Workload::Service
        }
    }
}

/// One config, one workload: keys of two kinds together are refused, naming both.
fn check_workload(raw: &RawConfig, name: &str) -> Result<()> {
    let set = |key: &'static str, value: bool| value.then_some(key);
    let service = [
        set("service_definition", raw.service_definition.is_some()),
        set("task_definition", raw.task_definition.is_some()),
    ];
    let express = set("express_definition", raw.express_definition.is_some());
    let daemon = [
        set("daemon", raw.daemon.is_some()),
        set("daemon_definition", raw.daemon_definition.is_some()),
        set("daemon_task_definition", raw.daemon_task_definition.is_some()),
    ];
    let clash = match (express, daemon.iter().flatten().next()) {
        (Some(e), Some(d)) => Some((e, *d)),
        (Some(e), None) => service.iter().flatten().next().map(|s| (e, *s)),
        (None, Some(d)) => service
            .iter()
            .flatten()
            .next()
            .or(set("service", raw.service.is_some()).as_ref())
            .map(|s| (*d, *s)),
        (None, None) => None,
    };
    let Some((a, b)) = clash else { return Ok(()) };
    Err(Error::new(format!("{name}: `{a}` and `{b}` are both set: a config describes one service, one Express service or one daemon"))
        .hint("an Express service has `service` and `express_definition` (in place of `task_definition` and `service_definition`); a daemon has `daemon`, `daemon_definition` and `daemon_task_definition`; give each its own config (`--stack` runs several)"))
}

fn check_keys(document: &Value, place: &dyn Place) -> Result<()> {
    check_level(document, TOP_KEYS, &[], place)?;
    if let Some(Value::Array(plugins)) = document.get("plugins") {
        for (i, plugin) in plugins.iter().enumerate() {
            let at = [Step::key("plugins"), Step::Index(i)];
            check_level(plugin, PLUGIN_KEYS, &at, place)?;
            let keys = match plugin.get("name").and_then(Value::as_str) {
                Some("tfstate") => Some(TFSTATE_KEYS),
                Some("external") => Some(EXTERNAL_KEYS),
                _ => None,
            };
            if let (Some(keys), Some(config)) = (keys, plugin.get("config")) {
                check_level(config, keys, &[&at[..], &[Step::key("config")]].concat(), place)?;
            }
        }
    }
    for (key, allowed) in [
        ("codedeploy", CODEDEPLOY_KEYS),
        ("ignore", IGNORE_KEYS),
        ("sdk_options", SDK_KEYS),
        ("shipper", SHIPPER_KEYS),
    ] {
        if let Some(section) = document.get(key) {
            check_level(section, allowed, &[Step::key(key)], place)?;
        }
    }
    Ok(())
}

/// Refuses a key of the mapping at `path` that is not `allowed`, naming its line.
fn check_level(value: &Value, allowed: &[&str], path: &[Step], place: &dyn Place) -> Result<()> {
    let Value::Object(map) = value else { return Ok(()) };
    let prefix = match lines::dotted(path) {
        p if p.is_empty() => p,
        p => format!("{p}."),
    };
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            let mut at = path.to_vec();
            at.push(Step::key(key));
            let error = Error::new(format!("{}: unknown key `{prefix}{key}`", place.at(&at)));
            return Err(match suggest::closest(key, allowed.iter().copied()) {
                Some(close) => error.hint(format!("did you mean `{prefix}{close}`?")),
                None => error.hint(format!("valid keys here: {}", allowed.join(", "))),
            });
        }
    }
    Ok(())
}

/// `timeout`: a duration string (`10m`) or a number of seconds.
fn parse_timeout(value: &Value, name: &str) -> Result<Duration> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => {
            return Err(Error::new(format!(
                "{name}: `timeout` must be a duration like 10m or a number of seconds"
            )));
        }
    };
    crate::duration::parse_duration(&text)
        .map_err(|e| Error::new(format!("{name}: `timeout`: {e}")))
}

/// Checks a version constraint in go-version's grammar (see [`crate::constraint`]), as
/// ecspresso does: `>= v2.0.0, < 3`, `~> 2.3`, `!= 2.2.1`.
fn check_version(
    constraint: &str,
    version: &str,
    name: &str,
    key: &str,
    product: &str,
) -> Result<()> {
    use crate::constraint::{Constraint, Version};
    let parsed = Constraint::parse(constraint).map_err(|e| {
        Error::new(format!("{name}: `{key}`: {e}"))
            .hint("write a constraint like `>= 2.0.0, < 3` or `~> 2.3` (a `v` prefix is fine)")
    })?;
    let Some(have) = Version::parse(version) else { return Ok(()) };
    if !parsed.check(&have) {
        return Err(Error::new(format!(
            "{name}: `{key}: {constraint}` is not satisfied by {product} {version}"
        ))
        .hint(match product {
            "ecspresso" => format!(
                "shipper implements the config format of ecspresso {ECSPRESSO_COMPAT}; relax `required_version` if this config does not need newer ecspresso features"
            ),
            _ => "upgrade shipper".to_string(),
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("dir/config.yaml"), text)
    }

    #[test]
    fn ecspresso_keys_resolve_relative_to_the_config() {
        let c =
            parse("region: ap-northeast-1\nservice: web\ntask_definition: td.json\ntimeout: 5m\n")
                .unwrap();
        assert_eq!(c.cluster, "default");
        assert_eq!(c.task_definition.unwrap(), Path::new("dir/td.json"));
        assert_eq!(c.timeout, Some(Duration::from_secs(300)));
        assert_eq!(parse("timeout: 90").unwrap().timeout, Some(Duration::from_secs(90)));
    }

    #[test]
    fn unknown_keys_suggest_the_closest() {
        let err = parse("servce: web\n").unwrap_err();
        assert!(err.message().contains("unknown key `servce`"));
        assert_eq!(err.hint_text(), Some("did you mean `service`?"));
        let err = parse("codedeploy:\n  application: x\n").unwrap_err();
        assert_eq!(err.hint_text(), Some("did you mean `codedeploy.application_name`?"));
    }

    #[test]
    fn the_workload_follows_the_keys_and_two_kinds_are_refused() {
        assert_eq!(
            parse("service: web\ntask_definition: t.json\n").unwrap().workload(),
            Workload::Service
        );
        let express = parse("service: web\nexpress_definition: ecs-express-def.json\n").unwrap();
        assert_eq!(express.workload(), Workload::Express);
        assert_eq!(express.express_definition.unwrap(), Path::new("dir/ecs-express-def.json"));
        let daemon =
            parse("daemon: agent\ndaemon_definition: d.json\ndaemon_task_definition: t.json\n")
                .unwrap();
        assert_eq!(daemon.workload(), Workload::Daemon);
        assert_eq!(daemon.daemon.as_deref(), Some("agent"));
        let err = parse("express_definition: e.json\ntask_definition: t.json\n").unwrap_err();
        assert!(
            err.message().contains("`express_definition` and `task_definition` are both set"),
            "{}",
            err.message()
        );
        let err = parse("service: web\ndaemon: agent\n").unwrap_err();
        assert!(err.message().contains("`daemon` and `service` are both set"), "{}", err.message());
        let err = parse("daemon_definiton: d.json\n").unwrap_err();
        assert_eq!(err.hint_text(), Some("did you mean `daemon_definition`?"));
    }

    #[test]
    fn yaml_errors_have_line_and_column() {
        let err = parse("service: web\n  bad: [\n").unwrap_err();
        assert!(err.message().starts_with("dir/config.yaml:2:"), "{}", err.message());
    }

    #[test]
    fn deep_and_long_documents_are_refused_briefly() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let err = parse_document(Path::new("d.json"), &deep).unwrap_err();
        assert!(err.message().contains("nested 65 levels deep"), "{}", err.message());
        assert!(parse_document(Path::new("s.yaml"), "a: \"[[[[[\"\nb: it's\n").is_ok());
        let long = format!("{{\"a\": [{}1,]}}", "1,".repeat(100_000));
        let err = parse_document(Path::new("l.json"), &long).unwrap_err();
        assert!(err.details()[0].len() < 200, "{}", err.details()[0].len());
    }

    #[test]
    fn version_constraints() {
        assert!(check_version(">= 2.0.0, < 3", "2.8.0", "f", "k", "ecspresso").is_ok());
        assert!(check_version("~> 2.3", "2.8.0", "f", "k", "ecspresso").is_ok());
        assert!(check_version("~> 2.3.1", "2.8.0", "f", "k", "ecspresso").is_err());
        assert!(check_version(">= 3", "2.8.0", "f", "k", "ecspresso").is_err());
        assert!(check_version("!= 2.8.0", "2.8.0", "f", "k", "ecspresso").is_err());
        assert!(check_version("banana", "2.8.0", "f", "k", "ecspresso").is_err());
        assert!(check_version(">= v1, < v3", "2.8.0", "f", "k", "ecspresso").is_ok());
        assert!(check_version("= v2.8.0", "2.8.0", "f", "k", "ecspresso").is_ok());
        let err = parse("required_version: \">= v3\"\n").unwrap_err();
        assert!(err.message().contains("not satisfied by ecspresso 2.8.0"), "{}", err.message());
    }
}
