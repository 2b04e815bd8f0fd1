//! The config file: discovery, ecspresso's keys, and shipper's own section.
//!
//! One config file describes one service and its task-definition family, exactly as in
//! ecspresso, whose files are accepted unchanged: `region`, `cluster`, `service`,
//! `service_definition`, `task_definition`, `timeout`, `plugins`, `appspec`, `codedeploy`,
//! `ignore`, `required_version` (and the deprecated `filter_command`, `sdk_options`). shipper's own
//! settings live under `shipper:`. Unknown keys are errors that name the key and suggest the
//! closest valid one. The file is itself a template (see `template`), rendered before parsing.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::suggest;

/// The files looked for, in order, when `--config` is not given.
pub const DISCOVERY: &[&str] = &[
    "shipper.yml",
    "shipper.yaml",
    "ecspresso.yml",
    "ecspresso.yaml",
    "ecspresso.json",
    "ecspresso.jsonnet",
];

/// The ecspresso release whose config format shipper implements; `required_version` (an
/// ecspresso version constraint in ecspresso files) is checked against it.
pub const ECSPRESSO_COMPAT: &str = "2.8.0";

const TOP_KEYS: &[&str] = &[
    "region",
    "cluster",
    "service",
    "service_definition",
    "task_definition",
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

/// A template plugin (`tfstate` is built in; `ssm` is always available).
#[derive(Debug, Clone, Deserialize)]
pub struct Plugin {
    pub name: String,
    #[serde(default)]
    pub config: Value,
    #[serde(default)]
    pub func_prefix: String,
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

/// The resolved config.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub region: Option<String>,
    pub cluster: String,
    pub service: Option<String>,
    pub task_definition: Option<PathBuf>,
    pub service_definition: Option<PathBuf>,
    pub timeout: Option<Duration>,
    pub plugins: Vec<Plugin>,
    pub appspec: Option<Value>,
    pub codedeploy: Option<CodeDeploy>,
    pub ignore_tags: Vec<String>,
    pub sdk_options: SdkOptions,
    pub shipper: ShipperSection,
    pub gates: crate::gates::Gates,
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
        check_keys(&document, &name)?;
        let raw: RawConfig = serde_path_to_error::deserialize(&document)
            .map_err(|e| Error::new(format!("{name}: `{}`: {}", e.path(), e.inner())))?;

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
            Some(value) => crate::gates::Gates::parse(value, &name)?,
            None => crate::gates::Gates::default(),
        };
        check_plugins(&raw.plugins, &name)?;
        Ok(Self {
            path: path.to_path_buf(),
            region: raw.region.filter(|r| !r.is_empty()),
            cluster: raw.cluster.filter(|c| !c.is_empty()).unwrap_or_else(|| "default".into()),
            service: raw.service.filter(|s| !s.is_empty()),
            task_definition: raw.task_definition.map(|p| dir.join(p)),
            service_definition: raw.service_definition.map(|p| dir.join(p)),
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

/// The template functions each plugin defines (before its `func_prefix`); `external` defines
/// the one its config names.
fn plugin_functions(plugin: &Plugin) -> Option<Vec<String>> {
    let functions: &[&str] = match plugin.name.to_lowercase().as_str() {
        "tfstate" => &["tfstate", "tfstatef"],
        "cloudformation" => &["cfn_output", "cfn_export"],
        "ssm" => &["ssm"],
        "secretsmanager" => &["secretsmanager_arn"],
        "external" => {
            let name = plugin.config.get("name").and_then(Value::as_str).unwrap_or_default();
            return Some(vec![name.to_string()]);
        }
        _ => return None,
    };
    Some(functions.iter().map(ToString::to_string).collect())
}

/// Refuses unknown plugins and, as ecspresso does at load, two plugins defining the same
/// function (two tfstate plugins need a `func_prefix` each). `ssm` and `secretsmanager` are
/// always loaded; listing them again without a prefix is harmless, as in ecspresso.
fn check_plugins(plugins: &[Plugin], name: &str) -> Result<()> {
    let mut defined: Vec<String> = vec!["ssm".into(), "secretsmanager_arn".into()];
    for (i, plugin) in plugins.iter().enumerate() {
        let kind = plugin.name.to_lowercase();
        if kind == "external" {
            // Its config is checked here, at load, so a mistake costs no AWS call.
            crate::template::external::External::from_config(
                &plugin.config,
                &plugin.func_prefix,
                &format!("{name}: plugins[{i}].config"),
            )
            .map_err(|e| {
                Error::new(e).hint(
                    "see \"Coming from ecspresso\" in the README for the external plugin's keys",
                )
            })?;
        }
        let Some(functions) = plugin_functions(plugin) else {
            return Err(Error::new(format!(
                "{name}: plugins[{i}]: plugin `{}` is not supported",
                plugin.name
            ))
            .hint("shipper has the tfstate, cloudformation and external plugins; ssm and secretsmanager are built in"));
        };
        for function in functions {
            let full = format!("{}{function}", plugin.func_prefix);
            if defined.contains(&full) {
                if matches!(kind.as_str(), "ssm" | "secretsmanager") {
                    continue;
                }
                return Err(Error::new(format!(
                    "{name}: plugins[{i}]: template function {full} already exists. set func_prefix to {} plugin",
                    plugin.name
                ))
                .hint(format!("give this {} plugin a `func_prefix` (e.g. `func_prefix: second_`) and call `second_{function}`", plugin.name)));
            }
            defined.push(full);
        }
    }
    Ok(())
}

/// Finds the config file: `--config`, else the first of [`DISCOVERY`] in the current directory.
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        if !path.exists() {
            return Err(Error::new(format!("config file {} does not exist", path.display()))
                .hint("check --config / SHIPPER_CONFIG"));
        }
        return Ok(path.to_path_buf());
    }
    DISCOVERY.iter().map(PathBuf::from).find(|p| p.exists()).ok_or_else(|| {
        Error::new("no config file found")
            .detail(format!("looked for {} in the current directory", DISCOVERY.join(", ")))
            .hint("pass --config FILE (or set SHIPPER_CONFIG)")
    })
}

/// The largest config or definition file shipper reads. Real ones are a few KB; a file of
/// megabytes is a mistake (a build artefact, a binary), and parsing it would only waste time.
pub const MAX_FILE: u64 = 4 * 1024 * 1024;

/// How deeply a config or definition may nest. ECS's deepest shapes are a few levels; the limit
/// keeps a pathological file (YAML's parser slows quadratically with depth) from burning CPU.
pub const MAX_DEPTH: usize = 64;

/// Reads a config, definition or envfile, refusing one too large to be one.
pub fn read_file(path: &Path) -> std::io::Result<String> {
    let len = std::fs::metadata(path)?.len();
    if len > MAX_FILE {
        return Err(std::io::Error::other(format!(
            "it has {len} bytes; a config or definition is at most {MAX_FILE} bytes"
        )));
    }
    let bytes = std::fs::read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::other(format!(
            "it is not UTF-8 text (byte {} is not valid): is it a binary file?",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Parses a YAML or JSON document; errors carry `file:line:column`.
pub fn parse_document(path: &Path, text: &str) -> Result<Value> {
    let name = path.display().to_string();
    if let Some((line, depth)) = too_deep(text) {
        return Err(Error::new(format!(
            "{name}:{line}: nested {depth} levels deep; shipper reads at most {MAX_DEPTH}"
        ))
        .hint("no ECS definition nests this deeply: is this the right file?"));
    }
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        // Jsonnet was evaluated to JSON before rendering (see template::jsonnet).
        "json" | "jsonnet" | "libsonnet" => serde_json::from_str(text).map_err(|e| {
            Error::new(format!(
                "{name}:{}:{}: invalid JSON: {}",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            ))
            .detail(source_line(text, e.line(), e.column()))
        }),
        _ => serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            Error::new(format!(
                "{name}:{line}:{column}: invalid YAML: {}",
                strip_position(&e.to_string())
            ))
            .detail(source_line(text, line, column))
        }),
    }
}

/// The first line where brackets (JSON, YAML flow style) or indentation (YAML block style, two
/// spaces a level at the least) go deeper than [`MAX_DEPTH`], and how deep. Quotes are honoured
/// well enough for a guard: a bracket inside a string does not count.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth: usize = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        if quote.is_none() && indent / 2 > MAX_DEPTH {
            return Some((i + 1, indent / 2));
        }
        for c in line.chars() {
            match (quote, c) {
                (Some(_), _) if escaped => escaped = false,
                (Some('"'), '\\') => escaped = true,
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((i + 1, depth));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        // YAML's single quotes do not span lines in flow context often enough to matter; a
        // stray apostrophe in a plain scalar (`it's`) must not hide the rest of the file.
        if quote == Some('\'') {
            quote = None;
        }
    }
    None
}

/// `12 | the offending line`, for parse errors: a window of the line around `column`, so a
/// minified document of megabytes on one line does not become a megabyte of error.
fn source_line(text: &str, line: usize, column: usize) -> String {
    const WINDOW: usize = 60;
    let content = text.lines().nth(line.saturating_sub(1)).unwrap_or("").trim_end();
    // Masked before the window is cut: a cut through a secret would no longer match it.
    let content = crate::secrets::mask(content);
    let chars: Vec<char> = content.chars().collect();
    if chars.len() <= 2 * WINDOW {
        return format!("{line} | {content}");
    }
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(WINDOW);
    let end = (at + WINDOW).min(chars.len());
    let snippet: String = chars[start..end].iter().collect();
    format!(
        "{line} | {}{snippet}{}",
        if start > 0 { "…" } else { "" },
        if end < chars.len() { "…" } else { "" }
    )
}

/// Parser messages end in " at line 3 column 5"; the position is already in front.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn check_keys(document: &Value, name: &str) -> Result<()> {
    check_level(document, TOP_KEYS, "", name)?;
    if let Some(Value::Array(plugins)) = document.get("plugins") {
        for (i, plugin) in plugins.iter().enumerate() {
            check_level(plugin, PLUGIN_KEYS, &format!("plugins[{i}]."), name)?;
            let keys = match plugin.get("name").and_then(Value::as_str) {
                Some("tfstate") => Some(TFSTATE_KEYS),
                Some("external") => Some(EXTERNAL_KEYS),
                _ => None,
            };
            if let (Some(keys), Some(config)) = (keys, plugin.get("config")) {
                check_level(config, keys, &format!("plugins[{i}].config."), name)?;
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
            check_level(section, allowed, &format!("{key}."), name)?;
        }
    }
    Ok(())
}

fn check_level(value: &Value, allowed: &[&str], prefix: &str, name: &str) -> Result<()> {
    let Value::Object(map) = value else { return Ok(()) };
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            let mut error = Error::new(format!("{name}: unknown key `{prefix}{key}`"));
            error = match suggest::closest(key, allowed.iter().copied()) {
                Some(close) => error.hint(format!("did you mean `{prefix}{close}`?")),
                None => error.hint(format!("valid keys here: {}", allowed.join(", "))),
            };
            return Err(error);
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
    crate::cli::parse_duration(&text).map_err(|e| Error::new(format!("{name}: `timeout`: {e}")))
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
