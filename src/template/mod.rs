//! The template engines: minijinja (with ecspresso's Go spellings translated, see [`gotmpl`])
//! and Jsonnet (see [`jsonnet`]), over one function set (see [`funcs`]).
//!
//! Config files and definitions are text templates rendered before they are parsed. Functions:
//! `env(name, default)`, `must_env(name)`, `ssm(name[, index])`, `secretsmanager_arn(id)`,
//! `tfstate(address)` / `tfstatef(format, args…)` (once per tfstate plugin, with its
//! `func_prefix`), `cfn_output(stack, key)` / `cfn_export(name)` (the cloudformation plugin), the
//! `external` plugin's functions (see [`external`]), and the `json_escape` filter. A `.jsonnet`
//! file is evaluated first (the functions are its `std.native` functions) and its JSON output is
//! then rendered as a template, as ecspresso does.
//!
//! Rendering runs in passes so AWS reads can be batched (see [`ssm`], [`lookup`]): a pass that
//! asked for unfetched values is thrown away, the values are fetched, and the pass is repeated.
//! Errors raised by the functions themselves (a missing environment variable, a bad tfstate
//! address) are final at once, so a typo never costs an AWS call.

mod environment;
pub mod external;
pub mod funcs;
pub mod gotmpl;
pub mod jsonnet;
pub mod lookup;
pub mod ssm;
pub mod tfstate;
mod vars;

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use minijinja::ErrorKind;

use crate::error::{Error, Result};
use environment::environment;
use funcs::{Funcs, PassFlags};
use lookup::LookupStore;
use ssm::SsmStore;
use tfstate::TfState;
pub use vars::Vars;

/// The AWS clients template functions read with: `ssm`, `secretsmanager_arn`, the
/// cloudformation plugin's `cfn_output` and `cfn_export`.
#[derive(Clone, Copy)]
pub struct AwsClients<'a> {
    pub ssm: &'a aws_sdk_ssm::Client,
    pub secretsmanager: &'a aws_sdk_secretsmanager::Client,
    pub cloudformation: &'a aws_sdk_cloudformation::Client,
}

/// One template to render: a display name (for errors, and the path of a Jsonnet file) and
/// its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// The config file: a `.json` config is Jsonnet too (see [`Source::is_jsonnet`]).
    pub config: bool,
}

impl Source {
    /// A definition (or any template but the config).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self { name: name.into(), text: text.into(), config: false }
    }

    /// Whether this is Jsonnet, evaluated before it is rendered as a template. As in ecspresso,
    /// a `.json` config is read through the Jsonnet VM too (so comments and trailing commas work
    /// there); `.json` definitions are plain JSON.
    pub fn is_jsonnet(&self) -> bool {
        self.name.ends_with(".jsonnet")
            || self.name.ends_with(".libsonnet")
            || (self.config && self.name.ends_with(".json"))
    }
}

/// The template engine for one run. Values fetched by one render are reused by the next.
pub struct Engine {
    vars: Arc<Vars>,
    tfstates: Vec<(String, Arc<TfState>)>,
    cfn_prefixes: Vec<String>,
    externals: Vec<Arc<external::External>>,
    /// tfstate functions that only return placeholders: used for the config's first pass, which
    /// runs before the config's own `plugins` are known.
    placeholder_tfstate: bool,
    ssm: Arc<Mutex<SsmStore>>,
    lookups: Arc<Mutex<LookupStore>>,
}

/// The outcome of one pass.
struct Pass {
    result: Result<Vec<String>>,
    /// The pass asked for AWS values not fetched yet: its output holds placeholders.
    wanted: bool,
    /// A function failed for a reason more data cannot fix.
    fatal: bool,
}

impl Engine {
    pub fn new(vars: Vars) -> Self {
        Self {
            vars: Arc::new(vars),
            tfstates: Vec::new(),
            cfn_prefixes: Vec::new(),
            externals: Vec::new(),
            placeholder_tfstate: false,
            ssm: Arc::new(Mutex::new(SsmStore::default())),
            lookups: Arc::new(Mutex::new(LookupStore::default())),
        }
    }

    pub fn vars(&self) -> &Vars {
        &self.vars
    }

    /// Uses the SSM cache of a run over several services (see [`ssm::SharedSsm`]).
    #[must_use]
    pub fn with_shared_ssm(self, shared: Option<ssm::SharedSsm>) -> Self {
        if let Some(shared) = shared {
            self.ssm.lock().unwrap_or_else(std::sync::PoisonError::into_inner).share(shared);
        }
        self
    }

    /// Registers a tfstate plugin: `{prefix}tfstate` and `{prefix}tfstatef`.
    pub fn add_tfstate(&mut self, prefix: &str, state: Arc<TfState>) -> Result<()> {
        if self.tfstates.iter().any(|(p, _)| p == prefix) {
            return Err(Error::new(format!(
                "two tfstate plugins define the function `{prefix}tfstate`"
            ))
            .hint("give each tfstate plugin its own `func_prefix`"));
        }
        self.tfstates.push((prefix.to_string(), state));
        Ok(())
    }

    /// Registers the cloudformation plugin: `{prefix}cfn_output` and `{prefix}cfn_export`.
    pub fn add_cloudformation(&mut self, prefix: &str) {
        self.cfn_prefixes.push(prefix.to_string());
    }

    /// Registers an `external` plugin function (config.rs has refused duplicate names).
    pub fn add_external(&mut self, external: external::External) {
        self.externals.push(Arc::new(external));
    }

    /// Makes every `*tfstate`/`*tfstatef` function a placeholder (config first pass).
    pub fn with_placeholder_tfstate(mut self) -> Self {
        self.placeholder_tfstate = true;
        self
    }

    /// Renders templates that may call AWS-backed functions before anything has been fetched,
    /// returning output with placeholders (or the error) and whether AWS values were wanted.
    /// Used for the config's first pass and to validate documents before any AWS call.
    pub fn render_once(&self, sources: &[Source]) -> (Result<Vec<String>>, bool) {
        let pass = self.pass(sources);
        (pass.result, pass.wanted)
    }

    /// Renders `sources`, fetching wanted AWS values between passes until none is missing.
    pub async fn render(&self, sources: &[Source], clients: AwsClients<'_>) -> Result<Vec<String>> {
        // Each pass can only discover values whose names depend on earlier values; five
        // rounds is far more than any real template needs and stops a pathological loop.
        for _ in 0..5 {
            let pass = self.pass(sources);
            // A failed pass that wanted values may have failed on a placeholder: fetch and try
            // again, unless the failure was one no value can fix.
            if !pass.wanted || pass.fatal {
                return pass.result;
            }
            let mut store = std::mem::take(
                &mut *self.ssm.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
            );
            if store.has_wanted() {
                let fetched = store.fetch_wanted(clients.ssm).await;
                *self.ssm.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = store;
                fetched?;
            } else {
                *self.ssm.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = store;
            }
            let mut lookups = std::mem::take(
                &mut *self.lookups.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
            );
            let fetched = lookups.fetch_wanted(&clients).await;
            *self.lookups.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = lookups;
            fetched?;
        }
        Err(Error::new("templates kept asking for new AWS values after five rounds"))
    }

    /// The function core for one source in one pass.
    fn funcs(&self, source: &Source, flags: &Arc<PassFlags>) -> Funcs {
        let mut tfstates: Vec<(String, Option<Arc<TfState>>)> =
            self.tfstates.iter().map(|(p, s)| (p.clone(), Some(Arc::clone(s)))).collect();
        if self.placeholder_tfstate {
            for name in tfstate_names_in(&source.text) {
                let prefix = name.trim_end_matches('f').trim_end_matches("tfstate").to_string();
                if !tfstates.iter().any(|(p, _)| *p == prefix) {
                    tfstates.push((prefix, None));
                }
            }
        }
        Funcs {
            vars: Arc::clone(&self.vars),
            ssm: Arc::clone(&self.ssm),
            lookups: Arc::clone(&self.lookups),
            tfstates,
            cfn_prefixes: self.cfn_prefixes.clone(),
            externals: self.externals.clone(),
            flags: Arc::clone(flags),
        }
    }

    fn pass(&self, sources: &[Source]) -> Pass {
        let flags = Arc::new(PassFlags::default());
        let mut outputs = Vec::new();
        let mut result = Ok(());
        for source in sources {
            let funcs = self.funcs(source, &flags);
            match render_source(source, &funcs) {
                Ok(text) => outputs.push(text),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        Pass {
            result: result.map(|()| outputs),
            wanted: flags.wanted.load(Ordering::Relaxed),
            fatal: flags.fatal.load(Ordering::Relaxed),
        }
    }
}

/// Evaluates (Jsonnet) and renders (templates) one source.
fn render_source(source: &Source, funcs: &Funcs) -> Result<String> {
    let evaluated;
    let text = if source.is_jsonnet() {
        evaluated = jsonnet::evaluate(source, funcs).inspect_err(|_| {
            // A Jsonnet error is final unless it came from a placeholder.
            if !funcs.flags.wanted.load(Ordering::Relaxed) {
                funcs.flags.fatal.store(true, Ordering::Relaxed);
            }
        })?;
        evaluated.as_str()
    } else {
        source.text.as_str()
    };
    let translated = gotmpl::translate(text, &funcs.names(), &source.name).inspect_err(|_| {
        // An unsupported construct is final: no fetched value fixes it.
        funcs.flags.fatal.store(true, Ordering::Relaxed);
    })?;
    let env = environment(funcs);
    env.render_named_str(&source.name, &translated, ())
        .map_err(|e| template_error(&e, &source.name, text, funcs))
}

/// Every identifier in `text` that names a tfstate function (`tfstate`, `tfstatef`, or a prefixed
/// one such as `network_tfstate`), for the config's first pass.
fn tfstate_names_in(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.ends_with("tfstate") || w.ends_with("tfstatef"))
        .map(ToString::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Turns a minijinja error into shipper's: `file:line: what`, with the offending line.
fn template_error(err: &minijinja::Error, name: &str, text: &str, funcs: &Funcs) -> Error {
    let line = err.line().unwrap_or(0);
    // A Jsonnet file's template is its JSON output: a line number there is not one of the file.
    let jsonnet = name.ends_with("sonnet");
    let what = match (err.kind(), err.detail()) {
        (ErrorKind::UndefinedError, _) => {
            "undefined value (a variable or attribute that does not exist)".to_string()
        }
        (ErrorKind::UnknownFunction, Some(d)) => format!("unknown function: {d}"),
        (ErrorKind::SyntaxError, Some(d)) => format!("template syntax error: {d}"),
        (_, Some(d)) => d.to_string(),
        (kind, None) => kind.to_string(),
    };
    let mut error = match jsonnet {
        true => Error::new(format!("{name}: {what}")),
        false => Error::new(format!("{name}:{line}: {what}")),
    };
    if let Some(line_text) = text.lines().nth(line.saturating_sub(1)) {
        let shown = crate::secrets::mask(line_text.trim());
        error = error.detail(match jsonnet {
            true => format!("in the JSON it evaluates to, line {line} | {shown}"),
            false => format!("{line} | {shown}"),
        });
    }
    if err.kind() == ErrorKind::UnknownFunction {
        error = error.hint(format!("available functions: {}", funcs.names().join(", ")));
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(vars: &[(&str, &str)]) -> Engine {
        Engine::new(Vars::from_map(
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        ))
    }

    fn once(engine: &Engine, text: &str) -> Result<String> {
        let (out, _) = engine.render_once(&[Source::new("t.json", text)]);
        out.map(|mut v| v.remove(0))
    }

    #[test]
    fn env_functions_and_filter() {
        let e = engine(&[("TAG", "v1"), ("Q", "a\"b")]);
        assert_eq!(once(&e, "{{ must_env `TAG` }}/{{ env `NOPE` `dflt` }}").unwrap(), "v1/dflt");
        assert_eq!(once(&e, r#"{{ env("Q") | json_escape }}"#).unwrap(), r#"a\"b"#);
        assert_eq!(once(&e, "x\n").unwrap(), "x\n");
    }

    #[test]
    fn missing_env_is_fatal_with_file_and_line() {
        let e = engine(&[]);
        let err = once(&e, "{\n\"a\": \"{{ must_env `IMAGE_TAG` }}\"\n}").unwrap_err().to_string();
        assert!(err.starts_with("t.json:2:") && err.contains("IMAGE_TAG"), "{err}");
    }

    #[test]
    fn ssm_first_pass_records_names_and_uses_placeholders() {
        let e = engine(&[]);
        let (out, wanted) = e.render_once(&[Source::new("t", "{{ ssm(\"/a\") }}-{{ ssm `/b` }}")]);
        assert!(wanted);
        assert_eq!(out.unwrap()[0], "0-0");
    }

    #[test]
    fn undefined_values_are_errors() {
        let e = engine(&[]);
        assert!(once(&e, "{{ nope }}").unwrap_err().to_string().contains("undefined"));
        assert!(once(&e, "{{ nope(1) }}").unwrap_err().to_string().contains("unknown function"));
    }

    fn jsonnet(
        dir: &std::path::Path,
        files: &[(&str, &str)],
        vars: Vars,
    ) -> Result<serde_json::Value> {
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let path = dir.join(files[0].0);
        let engine = Engine::new(vars);
        let source = Source::new(path.display().to_string(), files[0].1);
        let (out, _) = engine.render_once(&[source]);
        Ok(serde_json::from_str(&out?.remove(0)).unwrap())
    }

    #[test]
    fn jsonnet_with_imports_ext_vars_natives_then_templates() {
        let dir = tempfile::tempdir().unwrap();
        let vars = Vars::from_map([("TAG".to_string(), "v9".to_string())].into())
            .with_ext(&[("WorkerID".into(), "3".into())], &[("Storage".into(), "24 + 1".into())]);
        let doc = jsonnet(
            dir.path(),
            &[(
                "td.jsonnet",
                "local c = import 'libs/c.libsonnet';\nlocal must_env = std.native('must_env');\n{ size: std.extVar('Storage'), id: std.extVar('WorkerID'), c: c, tag: must_env('TAG'), dflt: std.native('env')('NOPE', 'd'), go: '{{ must_env `TAG` }}' }",
            )],
            vars,
        );
        // The import is relative to the importing file, not to the working directory.
        assert!(doc.is_err());
        std::fs::create_dir(dir.path().join("libs")).unwrap();
        std::fs::write(dir.path().join("libs/c.libsonnet"), "{ name: 'app' }").unwrap();
        let vars = Vars::from_map([("TAG".to_string(), "v9".to_string())].into())
            .with_ext(&[("WorkerID".into(), "3".into())], &[("Storage".into(), "24 + 1".into())]);
        let text = std::fs::read_to_string(dir.path().join("td.jsonnet")).unwrap();
        let doc = jsonnet(dir.path(), &[("td.jsonnet", &text)], vars).unwrap();
        assert_eq!(
            doc,
            serde_json::json!({"size": 25, "id": "3", "c": {"name": "app"}, "tag": "v9", "dflt": "d", "go": "v9"})
        );
    }

    #[test]
    fn jsonnet_errors_have_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let err = jsonnet(
            dir.path(),
            &[("a.jsonnet", "{\n  a: 1,\n  b: std.native('must_env')('NOPE_X'),\n}")],
            Vars::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("a.jsonnet:3:") && err.contains("NOPE_X"), "{err}");
        let err = jsonnet(dir.path(), &[("b.jsonnet", "{\n  a: 1\n  b: 2,\n}")], Vars::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("b.jsonnet:3:"), "{err}");
        let err =
            jsonnet(dir.path(), &[("c.jsonnet", "{ a: std.extVar('Missing') }")], Vars::default())
                .unwrap_err()
                .to_string();
        assert!(err.contains("c.jsonnet:1:") && err.contains("Missing"), "{err}");
    }

    #[test]
    fn jsonnet_ssm_natives_want_values_like_templates() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.jsonnet"), "{ a: std.native('ssm')('/p'), b: std.native('ssm_list')('/l', 1), c: '{{ ssm `/q` }}' }").unwrap();
        let engine = Engine::new(Vars::default());
        let name = dir.path().join("s.jsonnet").display().to_string();
        let (out, wanted) = engine.render_once(&[Source::new(name, "")]);
        assert!(wanted);
        let doc: serde_json::Value = serde_json::from_str(&out.unwrap()[0]).unwrap();
        assert_eq!(doc, serde_json::json!({"a": "0", "b": "0", "c": "0"}));
        assert!(engine.ssm.lock().unwrap().has_wanted());
    }
}
