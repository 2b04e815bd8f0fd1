//! The template functions themselves, shared by both engines (minijinja with the Go spellings,
//! and Jsonnet's `std.native`): `env`, `must_env`, `ssm`, `secretsmanager_arn`, `cfn_output`,
//! `cfn_export`, `tfstate`, `tfstatef`, and the `external` plugin's functions.
//!
//! Each returns `Err(message)` for a failure; whether that failure is final (no fetched value
//! can fix it) or the function merely wants a value fetched is recorded in the pass's flags.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::Vars;
use super::external::External;
use super::lookup::{Key, LookupStore};
use super::ssm::{self, SsmStore};
use super::tfstate::TfState;

/// Flags one rendering pass raises.
#[derive(Debug, Default)]
pub struct PassFlags {
    /// A function failed for a reason more data cannot fix.
    pub fatal: AtomicBool,
    /// A function asked for an AWS value not fetched yet (its output holds placeholders).
    pub wanted: AtomicBool,
}

/// Everything the functions read, shared across passes.
#[derive(Clone)]
pub struct Funcs {
    pub vars: Arc<Vars>,
    pub ssm: Arc<Mutex<SsmStore>>,
    pub lookups: Arc<Mutex<LookupStore>>,
    /// `(func_prefix, state)` per tfstate plugin; `None` state: a placeholder (config pass).
    pub tfstates: Vec<(String, Option<Arc<TfState>>)>,
    /// Whether the `cloudformation` plugin is configured, and with which prefix.
    pub cfn_prefixes: Vec<String>,
    /// The `external` plugin's functions.
    pub externals: Vec<Arc<External>>,
    pub flags: Arc<PassFlags>,
}

type Answer<T> = std::result::Result<T, String>;

impl Funcs {
    fn fatal<T>(&self, message: String) -> Answer<T> {
        self.flags.fatal.store(true, Ordering::Relaxed);
        Err(message)
    }

    /// `env NAME [DEFAULT]`: as in ecspresso, a variable set but empty takes the default too.
    pub fn env(&self, name: &str, default: Option<&str>) -> String {
        self.vars
            .get(name)
            .filter(|v| !v.is_empty())
            .or(default.map(ToString::to_string))
            .unwrap_or_default()
    }

    pub fn must_env(&self, name: &str) -> Answer<String> {
        match self.vars.get(name) {
            Some(value) => Ok(value),
            None => self.fatal(format!("environment variable `{name}` is not set (must_env)")),
        }
    }

    pub fn ssm(&self, name: &str, index: Option<i64>) -> Answer<String> {
        let mut store = self.ssm.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match store.get(name, index) {
            Ok(Some(value)) => Ok(value),
            Ok(None) => {
                self.flags.wanted.store(true, Ordering::Relaxed);
                Ok(ssm::PLACEHOLDER.to_string())
            }
            Err(message) => self.fatal(message),
        }
    }

    /// `secretsmanager_arn`, `cfn_output`, `cfn_export`.
    pub fn lookup(&self, key: Key) -> Answer<String> {
        let mut store = self.lookups.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match store.get(key) {
            Ok(Some(value)) => Ok(value),
            Ok(None) => {
                self.flags.wanted.store(true, Ordering::Relaxed);
                Ok(ssm::PLACEHOLDER.to_string())
            }
            Err(message) => self.fatal(message),
        }
    }

    /// `{prefix}tfstate ADDRESS`: a string, or the whole object/list at that address.
    pub fn tfstate(&self, prefix: &str, address: &str) -> Answer<Value> {
        let Some((_, state)) = self.tfstates.iter().find(|(p, _)| p == prefix) else {
            return self.fatal(format!("no tfstate plugin has func_prefix `{prefix}`"));
        };
        let Some(state) = state else { return Ok(Value::String(String::new())) };
        state.lookup(address).or_else(|message| self.fatal(format!("tfstate: {message}")))
    }

    /// `{prefix}tfstatef FORMAT ARGS…`: the address built with Go's `%s`-style format.
    pub fn tfstatef(&self, prefix: &str, format: &str, args: &[String]) -> Answer<Value> {
        let address = super::tfstate::sprintf(format, args).or_else(|m| self.fatal(m))?;
        self.tfstate(prefix, &address)
    }

    /// An `external` plugin function: its command's answer. A failure is final (no AWS value
    /// fixes a command).
    pub fn external(&self, external: &External, args: &[String]) -> Answer<Value> {
        external.call(args).or_else(|message| self.fatal(message))
    }

    /// Every function name templates may call, for error messages and the Go translation.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> =
            ["env", "must_env", "ssm", "json_escape", "secretsmanager_arn"]
                .iter()
                .map(ToString::to_string)
                .collect();
        for (prefix, _) in &self.tfstates {
            names.push(format!("{prefix}tfstate"));
            names.push(format!("{prefix}tfstatef"));
        }
        for prefix in &self.cfn_prefixes {
            names.push(format!("{prefix}cfn_output"));
            names.push(format!("{prefix}cfn_export"));
        }
        names.extend(self.externals.iter().map(|e| e.function.clone()));
        names.sort();
        names.dedup();
        names
    }
}
