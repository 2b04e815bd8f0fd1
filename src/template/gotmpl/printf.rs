//! Go's `fmt` formatting for templates: `printf`, `print`, `println` (and the Go spellings'
//! `index`, `range`), over minijinja values.
//!
//! Verbs: `%v %s %d %q %f %g %e %t %x %X %o %b %c %%` with flags `-+ 0#`, width and precision, as
//! Go prints strings, integers, floats, booleans, lists and maps. Go's error forms are kept
//! (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA …)`) because a template that relies on them would
//! otherwise render differently.

use minijinja::value::{Value, ValueKind};

/// `fmt.Sprintf(format, args…)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek().filter(|f| "-+ 0#".contains(**f)) {
            flags.push(f);
            chars.next();
        }
        let width = digits(&mut chars);
        let precision = if chars.peek() == Some(&'.') {
            chars.next();
            Some(digits(&mut chars).unwrap_or(0))
        } else {
            None
        };
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.next() else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        let text = match verb_text(verb, arg, precision, &flags) {
            Some(text) => text,
            None => format!("%!{verb}({}={})", go_type(arg), plain(arg)),
        };
        out.push_str(&pad(&text, width, &flags, verb));
    }
    let extra: Vec<String> = args.map(|a| format!("{}={}", go_type(a), plain(a))).collect();
    if !extra.is_empty() {
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

/// `fmt.Sprint`: operands side by side, a space between two that are not strings.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, arg) in args.iter().enumerate() {
        let is_str = |v: &Value| v.kind() == ValueKind::String;
        if i > 0 && !is_str(arg) && !is_str(&args[i - 1]) {
            out.push(' ');
        }
        out.push_str(&plain(arg));
    }
    out
}

/// `fmt.Sprintln`: operands joined by spaces, and a newline.
pub fn sprintln(args: &[Value]) -> String {
    let parts: Vec<String> = args.iter().map(plain).collect();
    format!("{}\n", parts.join(" "))
}

fn digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<usize> {
    let mut text = String::new();
    while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
        text.push(d);
        chars.next();
    }
    text.parse().ok()
}

fn verb_text(verb: char, arg: &Value, precision: Option<usize>, flags: &str) -> Option<String> {
    let int = arg.as_i64().filter(|_| arg.kind() == ValueKind::Number && !is_float(arg));
    let float = f64::try_from(arg.clone()).ok().filter(|_| arg.kind() == ValueKind::Number);
    let sign = |s: String, negative: bool| {
        if negative {
            s
        } else if flags.contains('+') {
            format!("+{s}")
        } else if flags.contains(' ') {
            format!(" {s}")
        } else {
            s
        }
    };
    Some(match verb {
        'v' => match (int, float) {
            (None, Some(f)) => sign(go_float(f), f < 0.0),
            _ => plain(arg),
        },
        's' => {
            let s = plain(arg);
            match precision {
                Some(p) => s.chars().take(p).collect(),
                None => s,
            }
        }
        'q' => match arg.as_str() {
            Some(s) if flags.contains('#') && !s.contains('`') => format!("`{s}`"),
            Some(s) => serde_json::to_string(s).unwrap_or_default(),
            None => return None,
        },
        't' => match arg.kind() {
            ValueKind::Bool => arg.is_true().to_string(),
            _ => return None,
        },
        'd' => sign(int?.to_string(), int? < 0),
        'x' | 'X' | 'o' | 'b' => {
            let text = match (int, arg.as_str()) {
                (Some(n), _) => {
                    let mag = n.unsigned_abs();
                    let body = match verb {
                        'x' => format!("{mag:x}"),
                        'X' => format!("{mag:X}"),
                        'o' => format!("{mag:o}"),
                        _ => format!("{mag:b}"),
                    };
                    let prefix = match (flags.contains('#'), verb) {
                        (true, 'x') => "0x",
                        (true, 'X') => "0X",
                        (true, 'o') => "0",
                        _ => "",
                    };
                    format!("{}{prefix}{body}", if n < 0 { "-" } else { "" })
                }
                (None, Some(s)) if verb == 'x' => s.bytes().map(|b| format!("{b:02x}")).collect(),
                (None, Some(s)) if verb == 'X' => s.bytes().map(|b| format!("{b:02X}")).collect(),
                _ => return None,
            };
            sign(text, int.is_some_and(|n| n < 0))
        }
        'c' => char::from_u32(u32::try_from(int?).ok()?)?.to_string(),
        'f' | 'F' => {
            let f = float?;
            sign(format!("{f:.*}", precision.unwrap_or(6)), f < 0.0)
        }
        'e' => {
            let f = float?;
            sign(go_exp(f, precision.unwrap_or(6)), f < 0.0)
        }
        'g' => {
            let f = float?;
            sign(go_float(f), f < 0.0)
        }
        _ => return None,
    })
}

fn pad(text: &str, width: Option<usize>, flags: &str, verb: char) -> String {
    let Some(width) = width else { return text.to_string() };
    let len = text.chars().count();
    if len >= width {
        return text.to_string();
    }
    let fill = width - len;
    if flags.contains('-') {
        format!("{text}{}", " ".repeat(fill))
    } else if flags.contains('0') && "dxXobfFeg".contains(verb) {
        // Zeros go after the sign.
        let (sign, digits) = match text.strip_prefix(['-', '+']) {
            Some(rest) => (&text[..1], rest),
            None => ("", text),
        };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{text}", " ".repeat(fill))
    }
}

fn is_float(value: &Value) -> bool {
    value.as_i64().is_none() || value.to_string().contains(['.', 'e'])
}

/// A value as Go's `%v` prints it: lists as `[a b]`, maps as `map[k:v]`, nil as `<nil>`.
pub fn plain(value: &Value) -> String {
    match value.kind() {
        ValueKind::Undefined => "<no value>".into(),
        ValueKind::None => "<nil>".into(),
        // minijinja prints `True`, Go `true`.
        ValueKind::Bool => value.is_true().to_string(),
        ValueKind::Seq | ValueKind::Iterable => {
            let items: Vec<String> =
                value.try_iter().map(|it| it.map(|v| plain(&v)).collect()).unwrap_or_default();
            format!("[{}]", items.join(" "))
        }
        ValueKind::Map => {
            let mut keys: Vec<Value> = value.try_iter().map(Iterator::collect).unwrap_or_default();
            keys.sort_by_key(ToString::to_string);
            let items: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", plain(k), plain(&value.get_item(k).unwrap_or_default())))
                .collect();
            format!("map[{}]", items.join(" "))
        }
        ValueKind::Number if is_float(value) => {
            f64::try_from(value.clone()).map(go_float).unwrap_or_else(|_| value.to_string())
        }
        _ => value.to_string(),
    }
}

/// Go's `%v` for a float: the shortest representation, exponent form for large or small ones.
fn go_float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-4..1e21).contains(&abs) {
        let text = format!("{f:e}");
        // Rust prints `1e21`, Go `1e+21`.
        return match text.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e:0>2}"),
            Some((m, e)) => format!("{m}e-{:0>2}", &e[1..]),
            None => text,
        };
    }
    f.to_string()
}

fn go_exp(f: f64, precision: usize) -> String {
    let text = format!("{f:.precision$e}");
    match text.split_once('e') {
        Some((m, e)) if e.starts_with('-') => format!("{m}e-{:0>2}", &e[1..]),
        Some((m, e)) => format!("{m}e+{e:0>2}"),
        None => text,
    }
}

fn go_type(value: &Value) -> &'static str {
    match value.kind() {
        ValueKind::String => "string",
        ValueKind::Bool => "bool",
        ValueKind::Number if is_float(value) => "float64",
        ValueKind::Number => "int",
        ValueKind::Seq | ValueKind::Iterable => "[]interface {}",
        ValueKind::Map => "map[string]interface {}",
        _ => "<nil>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(args: &[Value]) -> Vec<Value> {
        args.to_vec()
    }

    #[test]
    fn formats_like_go() {
        let s = |x: &str| Value::from(x);
        let n = Value::from;
        assert_eq!(sprintf("%s-%d-%v", &v(&[s("a"), n(3), Value::from(true)])), "a-3-true");
        assert_eq!(
            sprintf("%05d|%-4s|%4s|%x", &v(&[n(42), s("ab"), s("ab"), n(255)])),
            "00042|ab  |  ab|ff"
        );
        assert_eq!(
            sprintf("%q %.2f %%", &v(&[s("a\"b"), Value::from(1.239)])),
            "\"a\\\"b\" 1.24 %"
        );
        assert_eq!(sprintf("%d %s", &v(&[s("x")])), "%!d(string=x) %!s(MISSING)");
        assert_eq!(sprintf("%s", &v(&[s("a"), n(1)])), "a%!(EXTRA int=1)");
        assert_eq!(sprintf("%v", &v(&[Value::from(vec![1, 2])])), "[1 2]");
        assert_eq!(sprintf("%v %v", &v(&[Value::from(1.5), Value::from(1e21)])), "1.5 1e+21");
        assert_eq!(sprintf("%+d %t", &v(&[n(5), Value::from(false)])), "+5 false");
    }

    #[test]
    fn print_and_println() {
        assert_eq!(
            sprint(&[Value::from("a"), Value::from(1), Value::from(2), Value::from("b")]),
            "a1 2b"
        );
        assert_eq!(sprintln(&[Value::from("a"), Value::from(1)]), "a 1\n");
    }
}
