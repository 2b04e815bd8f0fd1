//! What Go's template builtins do, for the translation (see [`super::translate`]): printing as
//! Go prints (`printf`, `print`, `println` and an action's own output), `index` and `range`.

use minijinja::value::{Rest, Value};
use minijinja::{Environment, ErrorKind};

use super::printf;

/// A minijinja error from a message.
fn fail(message: String) -> minijinja::Error {
    minijinja::Error::new(ErrorKind::InvalidOperation, message)
}

/// The helpers the Go translation calls (see [`super::translate`]).
pub fn add_builtins(env: &mut Environment<'static>) {
    env.add_function("_go_printf", |format: String, args: Rest<Value>| {
        printf::sprintf(&format, &args)
    });
    // What a Go action prints: strings as they are, lists and maps as compact JSON (what
    // ecspresso's tfstate prints for them), nothing for a missing value as Go's `<no value>`.
    env.add_function("_go_out", |value: Value| {
        use minijinja::value::ValueKind;
        match value.kind() {
            ValueKind::String => value.as_str().unwrap_or_default().to_string(),
            ValueKind::Undefined => "<no value>".to_string(),
            ValueKind::None => "<nil>".to_string(),
            ValueKind::Seq | ValueKind::Map | ValueKind::Iterable => {
                serde_json::to_string(&value).unwrap_or_default()
            }
            _ => printf::plain(&value),
        }
    });
    env.add_function("_go_print", |args: Rest<Value>| printf::sprint(&args));
    env.add_function("_go_println", |args: Rest<Value>| printf::sprintln(&args));
    env.add_function("_go_index", |item: Value, keys: Rest<Value>| {
        let mut current = item;
        for key in keys.iter() {
            let next = current.get_item(key)?;
            current = match (next.is_undefined(), current.kind()) {
                (false, _) => next,
                // A missing map key gives the zero value (printed `<no value>`), as in Go.
                (true, minijinja::value::ValueKind::Map) => Value::UNDEFINED,
                (true, _) => {
                    return Err(fail(format!(
                        "index out of range: {key} (in {})",
                        printf::plain(&current)
                    )));
                }
            };
        }
        Ok(current)
    });
    // `range` over a list gives its items; over a map its values in key order, as Go does.
    env.add_function("_go_range", |value: Value| -> std::result::Result<Value, minijinja::Error> {
        Ok(Value::from(go_pairs(&value)?.into_iter().map(|(_, v)| v).collect::<Vec<_>>()))
    });
    env.add_function("_go_pairs", |value: Value| -> std::result::Result<Value, minijinja::Error> {
        Ok(Value::from(
            go_pairs(&value)?.into_iter().map(|(k, v)| Value::from(vec![k, v])).collect::<Vec<_>>(),
        ))
    });
}

fn go_pairs(value: &Value) -> std::result::Result<Vec<(Value, Value)>, minijinja::Error> {
    use minijinja::value::ValueKind;
    match value.kind() {
        ValueKind::Map => {
            let mut keys: Vec<Value> = value.try_iter()?.collect();
            keys.sort();
            Ok(keys
                .into_iter()
                .map(|k| {
                    let v = value.get_item(&k).unwrap_or_default();
                    (k, v)
                })
                .collect())
        }
        ValueKind::Seq | ValueKind::Iterable => {
            Ok(value.try_iter()?.enumerate().map(|(i, v)| (Value::from(i), v)).collect())
        }
        ValueKind::Number => {
            // Go 1.22: range over an integer counts from 0.
            let n = value.as_i64().unwrap_or(0);
            Ok((0..n).map(|i| (Value::from(i), Value::from(i))).collect())
        }
        ValueKind::None | ValueKind::Undefined => Ok(Vec::new()),
        _ => Err(fail(format!("range can't iterate over {}", printf::plain(value)))),
    }
}
