//! The template engine: minijinja plus ecspresso's function set.
//!
//! Config files and definitions are text templates rendered before they are parsed. Functions:
//! `env(name, default)`, `must_env(name)`, `ssm(name[, index])`, `tfstate(address)`,
//! `tfstatef(format, args…)` (once per tfstate plugin, with its `func_prefix`), and the
//! `json_escape` filter. ecspresso's Go spellings are translated first (see [`gotmpl`]).
//!
//! Rendering runs in passes so SSM reads can be batched (see [`ssm`]): a pass that asked for
//! unfetched parameters is thrown away, the parameters are fetched, and the pass is repeated.
//! Errors raised by the functions themselves (a missing environment variable, a bad tfstate
//! address) are final at once, so a typo never costs an AWS call.

pub mod gotmpl;
pub mod ssm;
pub mod tfstate;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use minijinja::value::Rest;
use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value};

use crate::error::{Error, Result};
use ssm::SsmStore;
use tfstate::TfState;

/// Environment variables as templates see them: the process environment overlaid with the
/// `--envfile` files (later files win). The process environment itself is never modified.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    overlay: HashMap<String, String>,
}

impl Vars {
    /// Loads the dotenv files in order.
    pub fn load(envfiles: &[std::path::PathBuf]) -> Result<Self> {
        let mut overlay = HashMap::new();
        for file in envfiles {
            let iter = dotenvy::from_path_iter(file)
                .map_err(|e| Error::new(format!("cannot read envfile {}: {e}", file.display())))?;
            for item in iter {
                let (key, value) = item.map_err(|e| {
                    Error::new(format!("envfile {}: {e}", file.display()))
                        .hint("each line must be KEY=VALUE (comments start with #)")
                })?;
                overlay.insert(key, value);
            }
        }
        Ok(Self { overlay })
    }

    /// Builds from explicit values (tests).
    pub fn from_map(overlay: HashMap<String, String>) -> Self {
        Self { overlay }
    }

    pub fn get(&self, name: &str) -> Option<String> {
        self.overlay.get(name).cloned().or_else(|| std::env::var(name).ok())
    }
}

/// One template to render: a display name (for errors) and its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// The template engine for one run. SSM values fetched by one render are reused by the next.
pub struct Engine {
    vars: Arc<Vars>,
    tfstates: Vec<(String, Arc<TfState>)>,
    /// tfstate functions that only return placeholders: used for the config's first pass, which
    /// runs before the config's own `plugins` are known.
    placeholder_tfstate: bool,
    ssm: Arc<Mutex<SsmStore>>,
}

/// The outcome of one pass.
struct Pass {
    result: Result<Vec<String>>,
    /// The pass called `ssm()` for names not fetched yet: its output holds placeholders.
    wanted: bool,
    /// A function failed for a reason more data cannot fix.
    fatal: bool,
}

impl Engine {
    pub fn new(vars: Vars) -> Self {
        Self {
            vars: Arc::new(vars),
            tfstates: Vec::new(),
            placeholder_tfstate: false,
            ssm: Arc::new(Mutex::new(SsmStore::default())),
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
    pub fn add_tfstate(&mut self, prefix: &str, state: TfState) -> Result<()> {
        if self.tfstates.iter().any(|(p, _)| p == prefix) {
            return Err(Error::new(format!(
                "two tfstate plugins define the function `{prefix}tfstate`"
            ))
            .hint("give each tfstate plugin its own `func_prefix`"));
        }
        self.tfstates.push((prefix.to_string(), Arc::new(state)));
        Ok(())
    }

    /// Makes every `*tfstate`/`*tfstatef` function a placeholder (config first pass).
    pub fn with_placeholder_tfstate(mut self) -> Self {
        self.placeholder_tfstate = true;
        self
    }

    /// Renders templates that may call `ssm()` before anything has been fetched, returning
    /// output with placeholders (or the error) and whether SSM values were wanted.
    /// Used for the config's first pass and to validate documents before any AWS call.
    pub fn render_once(&self, sources: &[Source]) -> (Result<Vec<String>>, bool) {
        let pass = self.pass(sources);
        (pass.result, pass.wanted)
    }

    /// Renders `sources`, fetching wanted SSM parameters between passes until none is missing.
    pub async fn render(
        &self,
        sources: &[Source],
        client: &aws_sdk_ssm::Client,
    ) -> Result<Vec<String>> {
        // Each pass can only discover parameters whose names depend on earlier values; five
        // rounds is far more than any real template needs and stops a pathological loop.
        for _ in 0..5 {
            let pass = self.pass(sources);
            // A failed pass that wanted SSM values may have failed on a placeholder: fetch and
            // try again, unless the failure was one no value can fix.
            if !pass.wanted || pass.fatal {
                return pass.result;
            }
            let mut store = std::mem::take(
                &mut *self.ssm.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
            );
            let fetched = store.fetch_wanted(client).await;
            *self.ssm.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = store;
            fetched?;
        }
        Err(Error::new("templates kept asking for new SSM parameters after five rounds"))
    }

    /// The function names the Go spelling may call.
    fn function_names(&self, text: &str) -> Vec<String> {
        let mut names: Vec<String> =
            ["env", "must_env", "ssm", "json_escape"].iter().map(ToString::to_string).collect();
        if self.placeholder_tfstate {
            names.extend(tfstate_names_in(text));
        }
        for (prefix, _) in &self.tfstates {
            names.push(format!("{prefix}tfstate"));
            names.push(format!("{prefix}tfstatef"));
        }
        names.sort();
        names.dedup();
        names
    }

    fn pass(&self, sources: &[Source]) -> Pass {
        let fatal = Arc::new(AtomicBool::new(false));
        let wanted = Arc::new(AtomicBool::new(false));
        let mut outputs = Vec::new();
        let mut result = Ok(());
        for source in sources {
            let text = match gotmpl::translate(
                &source.text,
                &self.function_names(&source.text),
                &source.name,
            ) {
                Ok(text) => text,
                Err(e) => {
                    // An unsupported construct is final: no fetched value fixes it.
                    fatal.store(true, Ordering::Relaxed);
                    result = Err(e);
                    break;
                }
            };
            let env = self.environment(source, &fatal, &wanted);
            match env.render_named_str(&source.name, &text, ()) {
                Ok(text) => outputs.push(text),
                Err(e) => {
                    result = Err(template_error(&e, source));
                    break;
                }
            }
        }
        Pass {
            result: result.map(|()| outputs),
            wanted: wanted.load(Ordering::Relaxed),
            fatal: fatal.load(Ordering::Relaxed),
        }
    }

    fn environment(
        &self,
        source: &Source,
        fatal: &Arc<AtomicBool>,
        wanted: &Arc<AtomicBool>,
    ) -> Environment<'static> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        // `{{ ssm }}` without arguments would print the function itself (a Rust closure's
        // name): refuse it like any other mistake.
        env.set_formatter(|out, state, value| {
            if value.kind() == minijinja::value::ValueKind::Plain {
                return Err(minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    "this prints a function instead of its result: give it its arguments (e.g. ssm `/path/name`, env `NAME`)",
                ));
            }
            minijinja::escape_formatter(out, state, value)
        });
        if let Ok(syntax) =
            minijinja::syntax::SyntaxConfig::builder().keep_trailing_newline(true).build()
        {
            env.set_syntax(syntax);
        }

        let vars = Arc::clone(&self.vars);
        // As in ecspresso: a variable that is set but empty takes the default too.
        env.add_function("env", move |name: String, default: Option<String>| {
            vars.get(&name).filter(|v| !v.is_empty()).or(default).unwrap_or_default()
        });

        let vars = Arc::clone(&self.vars);
        let flag = Arc::clone(fatal);
        env.add_function("must_env", move |name: String| {
            vars.get(&name).ok_or_else(|| {
                flag.store(true, Ordering::Relaxed);
                minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!("environment variable `{name}` is not set (must_env)"),
                )
            })
        });

        let store = Arc::clone(&self.ssm);
        let flag = Arc::clone(fatal);
        let want = Arc::clone(wanted);
        env.add_function("ssm", move |name: String, index: Option<i64>| {
            let mut store = store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            match store.get(&name, index) {
                Ok(Some(value)) => Ok(value),
                Ok(None) => {
                    want.store(true, Ordering::Relaxed);
                    Ok(ssm::PLACEHOLDER.to_string())
                }
                Err(message) => {
                    flag.store(true, Ordering::Relaxed);
                    Err(minijinja::Error::new(ErrorKind::InvalidOperation, message))
                }
            }
        });

        if self.placeholder_tfstate {
            for name in tfstate_names_in(&source.text) {
                env.add_function(name, |_args: Rest<Value>| Value::from(""));
            }
        }
        for (prefix, state) in &self.tfstates {
            let st = Arc::clone(state);
            let flag = Arc::clone(fatal);
            env.add_function(format!("{prefix}tfstate"), move |address: String| {
                lookup(&st, &address, &flag)
            });
            let st = Arc::clone(state);
            let flag = Arc::clone(fatal);
            env.add_function(
                format!("{prefix}tfstatef"),
                move |format: String, args: Rest<Value>| {
                    let args: Vec<String> = args.iter().map(ToString::to_string).collect();
                    let address = tfstate::sprintf(&format, &args).map_err(|m| {
                        flag.store(true, Ordering::Relaxed);
                        minijinja::Error::new(ErrorKind::InvalidOperation, m)
                    })?;
                    lookup(&st, &address, &flag)
                },
            );
        }

        env.add_filter("json_escape", |value: String| {
            let quoted = serde_json::to_string(&value).unwrap_or_default();
            quoted[1..quoted.len() - 1].to_string()
        });
        env
    }
}

fn lookup(
    state: &TfState,
    address: &str,
    fatal: &AtomicBool,
) -> std::result::Result<Value, minijinja::Error> {
    match state.lookup(address) {
        Ok(serde_json::Value::String(s)) => Ok(Value::from(s)),
        Ok(other) => Ok(Value::from(minijinja::value::Serde(&other))),
        Err(message) => {
            fatal.store(true, Ordering::Relaxed);
            Err(minijinja::Error::new(ErrorKind::InvalidOperation, format!("tfstate: {message}")))
        }
    }
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
fn template_error(err: &minijinja::Error, source: &Source) -> Error {
    let line = err.line().unwrap_or(0);
    let what = match (err.kind(), err.detail()) {
        (ErrorKind::UndefinedError, _) => {
            "undefined value (a variable or attribute that does not exist)".to_string()
        }
        (ErrorKind::UnknownFunction, Some(d)) => format!("unknown function: {d}"),
        (ErrorKind::SyntaxError, Some(d)) => format!("template syntax error: {d}"),
        (_, Some(d)) => d.to_string(),
        (kind, None) => kind.to_string(),
    };
    let mut error = Error::new(format!("{}:{line}: {what}", source.name));
    if let Some(text) = source.text.lines().nth(line.saturating_sub(1)) {
        error = error.detail(format!("{line} | {}", text.trim()));
    }
    if err.kind() == ErrorKind::UnknownFunction {
        error = error.hint("available functions: env, must_env, ssm, tfstate, tfstatef (with a tfstate plugin), json_escape");
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
        let (out, _) = engine.render_once(&[Source { name: "t.json".into(), text: text.into() }]);
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
        let (out, wanted) = e.render_once(&[Source {
            name: "t".into(),
            text: "{{ ssm(\"/a\") }}-{{ ssm `/b` }}".into(),
        }]);
        assert!(wanted);
        assert_eq!(out.unwrap()[0], "0-0");
    }

    #[test]
    fn undefined_values_are_errors() {
        let e = engine(&[]);
        assert!(once(&e, "{{ nope }}").unwrap_err().to_string().contains("undefined"));
        assert!(once(&e, "{{ nope(1) }}").unwrap_err().to_string().contains("unknown function"));
    }
}
