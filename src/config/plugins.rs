//! The `plugins` section: which template plugins a config loads, and the specification of an
//! `external` plugin, checked when the config is read so a mistake costs no AWS call. The
//! functions themselves are built from these specs by [`crate::template`].

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// A template plugin (`tfstate` is built in; `ssm` is always available).
#[derive(Debug, Clone, Deserialize)]
pub struct Plugin {
    pub name: String,
    #[serde(default)]
    pub config: Value,
    #[serde(default)]
    pub func_prefix: String,
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
pub fn check(plugins: &[Plugin], name: &str) -> Result<()> {
    let mut defined: Vec<String> = vec!["ssm".into(), "secretsmanager_arn".into()];
    for (i, plugin) in plugins.iter().enumerate() {
        let kind = plugin.name.to_lowercase();
        if kind == "external" {
            // Its config is checked here, at load, so a mistake costs no AWS call.
            ExternalSpec::parse(
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

/// How stdout is read in exec mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parser {
    Json,
    Text,
}

/// `exec`: a process per call; `jsonrpc`: one process for the run, a request per call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Exec,
    JsonRpc,
}

/// An `external` plugin's `config`: a template function answered by a command (see
/// [`crate::template::external`] for how it runs).
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalSpec {
    /// The function's name as templates call it (`func_prefix` + `name`).
    pub function: String,
    /// `name`: the JSON-RPC method.
    pub name: String,
    pub command: Vec<String>,
    /// The Jsonnet native function's parameter count.
    pub num_args: usize,
    pub parser: Parser,
    pub timeout: Option<Duration>,
    pub mode: Mode,
}

impl ExternalSpec {
    /// Reads a plugin's `config` (ecspresso's keys). `at` names the plugin for errors
    /// (`shipper.yml: plugins[2].config`).
    pub fn parse(config: &Value, func_prefix: &str, at: &str) -> std::result::Result<Self, String> {
        let field = |key: &str| config.get(key).filter(|v| !v.is_null());
        let name = match field("name") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(_) => return Err(format!("{at}.name must be a string")),
            None => return Err(format!("{at}.name is required: the function's name")),
        };
        let command: Vec<String> = match field("command") {
            Some(Value::Array(items)) if !items.is_empty() => items
                .iter()
                .map(|i| i.as_str().map(ToString::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| format!("{at}.command must be a list of strings"))?,
            Some(Value::String(_)) => {
                return Err(format!(
                    "{at}.command must be a list (argv), e.g. [\"sh\", \"-c\", \"...\"]"
                ));
            }
            _ => return Err(format!("{at}.command is required: the program and its arguments")),
        };
        let num_args = match field("num_args") {
            None => 0,
            Some(v) => v
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| format!("{at}.num_args must be a whole number"))?,
        };
        let parser = match field("parser").map(|v| v.as_str()) {
            None | Some(Some("json" | "")) => Parser::Json,
            Some(Some("string")) => Parser::Text,
            Some(other) => {
                return Err(format!(
                    "{at}.parser: unsupported parser {}; use json or string",
                    other.unwrap_or("(not a string)")
                ));
            }
        };
        let mode = match field("mode").map(|v| v.as_str()) {
            None | Some(Some("exec" | "")) => Mode::Exec,
            Some(Some("jsonrpc")) => Mode::JsonRpc,
            Some(other) => {
                return Err(format!(
                    "{at}.mode: unsupported mode {}; use exec or jsonrpc",
                    other.unwrap_or("(not a string)")
                ));
            }
        };
        let timeout = match field("timeout") {
            None => None,
            // A number is seconds (ecspresso v3's reading of a bare number).
            Some(Value::Number(n)) => n.as_f64().filter(|s| *s >= 0.0).map(Duration::from_secs_f64),
            Some(Value::String(s)) => {
                Some(crate::duration::parse_duration(s).map_err(|e| format!("{at}.timeout: {e}"))?)
            }
            Some(_) => return Err(format!("{at}.timeout must be a duration such as 5s")),
        }
        .filter(|d| !d.is_zero());
        Ok(Self {
            function: format!("{func_prefix}{name}"),
            name,
            command,
            num_args,
            parser,
            timeout,
            mode,
        })
    }
}
