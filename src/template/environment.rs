//! The minijinja environment every template renders in: shipper's functions (over one
//! [`Funcs`] core shared with Jsonnet), the `json_escape` filter, and the helpers the Go
//! spellings are translated to (see [`super::gotmpl`]).

use std::sync::Arc;

use minijinja::value::{Rest, Value};
use minijinja::{Environment, ErrorKind, UndefinedBehavior};

use super::funcs::Funcs;
use super::lookup::Key;

/// A function's required argument, or an error naming the function and what it needs (minijinja
/// would say only "missing argument").
fn needed<T>(
    function: &str,
    position: usize,
    what: &str,
    arg: Option<T>,
) -> std::result::Result<T, minijinja::Error> {
    arg.ok_or_else(|| fail(format!("{function}: missing argument {position} ({what})")))
}

/// A minijinja error from a function's message.
fn fail(message: String) -> minijinja::Error {
    minijinja::Error::new(ErrorKind::InvalidOperation, message)
}

pub(super) fn environment(funcs: &Funcs) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    // `{{ ssm }}` without arguments would print the function itself (a Rust closure's name):
    // refuse it like any other mistake.
    env.set_formatter(|out, state, value| {
        if value.kind() == minijinja::value::ValueKind::Plain {
            return Err(fail("this prints a function instead of its result: give it its arguments (e.g. ssm `/path/name`, env `NAME`)".into()));
        }
        minijinja::escape_formatter(out, state, value)
    });
    if let Ok(syntax) =
        minijinja::syntax::SyntaxConfig::builder().keep_trailing_newline(true).build()
    {
        env.set_syntax(syntax);
    }

    let f = funcs.clone();
    env.add_function("env", move |name: Option<String>, default: Option<String>| {
        Ok::<_, minijinja::Error>(
            f.env(&needed("env", 1, "the variable's name", name)?, default.as_deref()),
        )
    });
    let f = funcs.clone();
    env.add_function("must_env", move |name: Option<String>| {
        f.must_env(&needed("must_env", 1, "the variable's name", name)?).map_err(fail)
    });
    let f = funcs.clone();
    env.add_function("ssm", move |name: Option<String>, index: Option<i64>| {
        f.ssm(&needed("ssm", 1, "the parameter's name", name)?, index).map_err(fail)
    });
    let f = funcs.clone();
    env.add_function("secretsmanager_arn", move |id: Option<String>| {
        let id = needed("secretsmanager_arn", 1, "the secret's name", id)?;
        f.lookup(Key::SecretArn(id)).map_err(fail)
    });
    for prefix in &funcs.cfn_prefixes {
        let (f, output) = (funcs.clone(), format!("{prefix}cfn_output"));
        env.add_function(output.clone(), move |stack: Option<String>, key: Option<String>| {
            let stack = needed(&output, 1, "the stack's name", stack)?;
            let key = needed(&output, 2, "the output's key", key)?;
            f.lookup(Key::CfnOutput(stack, key)).map_err(fail)
        });
        let (f, export) = (funcs.clone(), format!("{prefix}cfn_export"));
        env.add_function(export.clone(), move |name: Option<String>| {
            f.lookup(Key::CfnExport(needed(&export, 1, "the export's name", name)?)).map_err(fail)
        });
    }
    for (prefix, _) in &funcs.tfstates {
        let (f, p, name) = (funcs.clone(), prefix.clone(), format!("{prefix}tfstate"));
        env.add_function(name.clone(), move |address: Option<String>| {
            let address = needed(&name, 1, "a state address", address)?;
            f.tfstate(&p, &address).map(to_value).map_err(fail)
        });
        let (f, p, name) = (funcs.clone(), prefix.clone(), format!("{prefix}tfstatef"));
        env.add_function(name.clone(), move |format: Option<String>, args: Rest<Value>| {
            let format = needed(&name, 1, "an address format", format)?;
            let args: Vec<String> = args.iter().map(ToString::to_string).collect();
            f.tfstatef(&p, &format, &args).map(to_value).map_err(fail)
        });
    }
    for external in &funcs.externals {
        let (f, e) = (funcs.clone(), Arc::clone(external));
        env.add_function(external.function.clone(), move |args: Rest<Value>| {
            let mut strings = Vec::new();
            for (i, arg) in args.iter().enumerate() {
                match arg.as_str() {
                    Some(s) => strings.push(s.to_string()),
                    None => {
                        return Err(fail(format!(
                            "{}: argument {} must be a string, not {arg}",
                            e.function,
                            i + 1
                        )));
                    }
                }
            }
            f.external(&e, &strings).map(to_value).map_err(fail)
        });
    }

    let escape = |value: String| {
        let quoted = serde_json::to_string(&value).unwrap_or_default();
        quoted[1..quoted.len() - 1].to_string()
    };
    env.add_filter("json_escape", escape);
    env.add_function("json_escape", escape);
    super::gotmpl::add_builtins(&mut env);
    env
}

pub(super) fn to_value(value: serde_json::Value) -> Value {
    match value {
        serde_json::Value::String(s) => Value::from(s),
        other => Value::from(minijinja::value::Serde(&other)),
    }
}
