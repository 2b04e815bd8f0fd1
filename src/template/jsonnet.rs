//! Jsonnet configs and definitions, evaluated with jrsonnet (the maintained Rust implementation).
//!
//! As in ecspresso: imports resolve relative to the importing file, `std.extVar` reads
//! `--ext-str` / `--ext-code`, and the template functions are native functions:
//! `local must_env = std.native('must_env');`. Natives: `env(name, default)`, `must_env(name)`,
//! `ssm(name)`, `ssm_list(name, index)`, `secretsmanager_arn(id)`, `{prefix}tfstate(address)`
//! (strings, or whole objects and lists), `{prefix}cfn_output(stack, key)`,
//! `{prefix}cfn_export(name)`, and each `external` plugin function with its `num_args` string
//! parameters. The output is JSON, which the caller then renders as a template.
//! Errors carry `file:line:col` and Jsonnet's stack trace.

use std::rc::Rc;

use jrsonnet_evaluator::error::ErrorKind;
use jrsonnet_evaluator::function::builtin::{NativeCallback, NativeCallbackHandler};
use jrsonnet_evaluator::manifest::JsonFormat;
use jrsonnet_evaluator::trace::{CompactFormat, PathResolver, TraceFormat};
use jrsonnet_evaluator::{FileImportResolver, State, Val};
use jrsonnet_gcmodule::Trace;

use super::Source;
use super::funcs::Funcs;
use super::lookup::Key;
use crate::error::{Error, Result};

type Call = dyn Fn(&[Val]) -> std::result::Result<Val, String>;

/// A native function: a Rust closure over the template functions.
struct Native(Rc<Call>);

// The closure holds no Jsonnet values, so there is nothing for the collector to trace.
impl Trace for Native {
    fn is_type_tracked() -> bool {
        false
    }
}

impl NativeCallbackHandler for Native {
    fn call(&self, args: &[Val]) -> jrsonnet_evaluator::Result<Val> {
        (self.0)(args).map_err(|m| ErrorKind::RuntimeError(m.into()).into())
    }
}

/// Evaluates the Jsonnet file `source` to JSON text.
pub fn evaluate(source: &Source, funcs: &Funcs) -> Result<String> {
    let resolver = PathResolver::new_cwd_fallback();
    let init = jrsonnet_stdlib::ContextInitializer::new(resolver.clone());
    for (name, value, code) in &funcs.vars.ext {
        if *code {
            init.add_ext_code(name, value).map_err(|e| jsonnet_error(&e, &resolver))?;
        } else {
            init.add_ext_str(name.as_str().into(), value.as_str().into());
        }
    }
    for (name, params, call) in natives(funcs) {
        #[allow(deprecated)] // the documented way for bindings to add natives
        let callback =
            NativeCallback::new(params.iter().map(ToString::to_string).collect(), Native(call));
        init.add_native(name, callback);
    }
    for external in &funcs.externals {
        let (f, e) = (funcs.clone(), std::sync::Arc::clone(external));
        let params: Vec<String> = (0..external.num_args).map(|i| format!("arg{i}")).collect();
        let call: Rc<Call> = Rc::new(move |args: &[Val]| {
            let args: Vec<String> = (0..args.len())
                .map(|i| string_arg(args, i, &e.function))
                .collect::<std::result::Result<_, _>>()?;
            json_to_val(f.external(&e, &args)?)
        });
        #[allow(deprecated)]
        let callback = NativeCallback::new(params, Native(call));
        init.add_native(external.function.clone(), callback);
    }
    let mut builder = State::builder();
    builder.import_resolver(FileImportResolver::default()).context_initializer(init);
    let state = builder.build();
    let _entered = state.enter();
    let path = std::path::Path::new(&source.name);
    let value = state.import(path).map_err(|e| jsonnet_error(&e, &resolver))?;
    value.manifest(JsonFormat::cli(2)).map_err(|e| jsonnet_error(&e, &resolver))
}

/// `file:line:col: message`, with the Jsonnet stack below.
fn jsonnet_error(err: &jrsonnet_evaluator::Error, resolver: &PathResolver) -> Error {
    let format = CompactFormat { resolver: resolver.clone(), max_trace: 10, padding: 0 };
    let text = format.format(err).unwrap_or_else(|_| err.to_string());
    let mut lines = text.lines();
    let message = lines.next().unwrap_or("Jsonnet error").trim().to_string();
    // `--ext-code` values are evaluated as inline code; say so instead of jrsonnet's name.
    let trace: Vec<String> = lines
        .map(|l| l.trim().replace("fifo(\"<inline code>\")", "--ext-code value"))
        .filter(|l| !l.is_empty())
        .collect();
    // The innermost frame in a file is where the user's mistake is: `file.jsonnet:3:8-20`.
    let location = trace.iter().find_map(|line| {
        let loc = line.split_whitespace().next()?.trim_end_matches(':');
        let (file, _) = loc.split_once(':')?;
        (file.ends_with("sonnet") || file.ends_with(".json")).then(|| loc.to_string())
    });
    let mut error = match location {
        Some(loc) => Error::new(format!("{loc}: {message}")),
        None => Error::new(format!("Jsonnet: {message}")),
    };
    for line in trace.iter().take(10) {
        error = error.detail(line.clone());
    }
    if trace.iter().any(|l| l.contains("--ext-code value")) {
        error =
            error.hint("the mistake is in an --ext-code value: it must be a Jsonnet expression");
    }
    error
}

fn string_arg(args: &[Val], i: usize, func: &str) -> std::result::Result<String, String> {
    match args.get(i) {
        Some(Val::Str(s)) => Ok(s.clone().into_flat().to_string()),
        Some(other) => {
            Err(format!("{func}: argument {} must be a string, not {}", i + 1, other.value_type()))
        }
        None => Err(format!("{func}: missing argument {}", i + 1)),
    }
}

fn json_to_val(value: serde_json::Value) -> std::result::Result<Val, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

type NativeDef = (String, &'static [&'static str], Rc<Call>);

/// The native functions, ecspresso's names.
fn natives(funcs: &Funcs) -> Vec<NativeDef> {
    let mut out: Vec<NativeDef> = Vec::new();
    let f = funcs.clone();
    out.push((
        "env".into(),
        &["name", "default"],
        Rc::new(move |args: &[Val]| {
            let name = string_arg(args, 0, "env")?;
            let default = string_arg(args, 1, "env")?;
            Ok(Val::string(f.env(&name, Some(&default))))
        }),
    ));
    let f = funcs.clone();
    out.push((
        "must_env".into(),
        &["name"],
        Rc::new(move |args: &[Val]| {
            Ok(Val::string(f.must_env(&string_arg(args, 0, "must_env")?)?))
        }),
    ));
    let f = funcs.clone();
    out.push((
        "ssm".into(),
        &["name"],
        Rc::new(move |args: &[Val]| Ok(Val::string(f.ssm(&string_arg(args, 0, "ssm")?, None)?))),
    ));
    let f = funcs.clone();
    out.push((
        "ssm_list".into(),
        &["name", "index"],
        Rc::new(move |args: &[Val]| {
            let index = match args.get(1) {
                Some(Val::Num(n)) => n.get() as i64,
                _ => return Err("ssm_list: argument 2 must be a number".into()),
            };
            Ok(Val::string(f.ssm(&string_arg(args, 0, "ssm_list")?, Some(index))?))
        }),
    ));
    let f = funcs.clone();
    out.push((
        "secretsmanager_arn".into(),
        &["id"],
        Rc::new(move |args: &[Val]| {
            Ok(Val::string(f.lookup(Key::SecretArn(string_arg(args, 0, "secretsmanager_arn")?))?))
        }),
    ));
    for (prefix, _) in &funcs.tfstates {
        let (f, p) = (funcs.clone(), prefix.clone());
        out.push((
            format!("{prefix}tfstate"),
            &["address"],
            Rc::new(move |args: &[Val]| {
                json_to_val(f.tfstate(&p, &string_arg(args, 0, "tfstate")?)?)
            }),
        ));
    }
    for prefix in &funcs.cfn_prefixes {
        let f = funcs.clone();
        out.push((
            format!("{prefix}cfn_output"),
            &["stack", "key"],
            Rc::new(move |args: &[Val]| {
                let stack = string_arg(args, 0, "cfn_output")?;
                let key = string_arg(args, 1, "cfn_output")?;
                Ok(Val::string(f.lookup(Key::CfnOutput(stack, key))?))
            }),
        ));
        let f = funcs.clone();
        out.push((
            format!("{prefix}cfn_export"),
            &["name"],
            Rc::new(move |args: &[Val]| {
                Ok(Val::string(f.lookup(Key::CfnExport(string_arg(args, 0, "cfn_export")?))?))
            }),
        ));
    }
    out
}
