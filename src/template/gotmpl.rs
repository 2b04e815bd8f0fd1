//! ecspresso's Go-template spellings, translated to minijinja before rendering.
//!
//! ecspresso users write ``{{ must_env `TAG` }}``, ``{{ ssm `/p/q` 1 }}`` or
//! ``{{ must_env `X` | json_escape }}``: Go's `text/template` calls, with space-separated,
//! backquoted arguments. shipper renders with minijinja, so each such action is rewritten to the
//! equivalent call (`{{ must_env("TAG") }}`) before rendering. The rewrite keeps line numbers, so
//! errors still point at the user's line.
//!
//! Only that subset is translated. Any other Go construct (`{{ if }}`, `{{ .Env.X }}`, `printf`, a
//! pipe into a function with arguments…) is refused with an error naming the construct and the
//! line, never passed through to render as something else. Actions already in minijinja syntax
//! (`{{ env("X") }}`, `{{ x | upper }}`) are left alone.

use crate::error::{Error, Result};

/// Go template keywords and builtins that shipper does not emulate.
const GO_ONLY: &[&str] = &[
    "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
    "printf", "print", "println", "len", "index", "slice", "and", "or", "not", "eq", "ne", "lt",
    "le", "gt", "ge", "call", "html", "js", "urlquery",
];

/// Rewrites the Go-template actions in `text`. `functions` are the function names the Go
/// spelling may call (env, must_env, ssm, tfstate with its prefixes, …); `file` names the source
/// in errors.
pub fn translate(text: &str, functions: &[String], file: &str) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut consumed = 0;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else { break };
        let end = start + len + 2;
        out.push_str(&rest[..start]);
        let action = &rest[start..end];
        let line = text[..consumed + start].matches('\n').count() + 1;
        out.push_str(&translate_action(action, functions).map_err(|message| {
            Error::new(format!("{file}:{line}: {message}"))
                .detail(format!("in `{}`", action.trim()))
        })?);
        consumed += end;
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Number(String),
    Pipe,
    Other(char),
}

/// Translates one `{{ … }}` action, or returns it unchanged when it is minijinja syntax.
fn translate_action(action: &str, functions: &[String]) -> std::result::Result<String, String> {
    let inner = &action[2..action.len() - 2];
    let (open, inner) = match inner.strip_prefix('-') {
        Some(rest) => ("{{-", rest),
        None => ("{{", inner),
    };
    let (close, inner) = match inner.strip_suffix('-') {
        Some(rest) => ("-}}", rest),
        None => ("}}", inner),
    };
    let trimmed = inner.trim();
    if trimmed.starts_with("/*") {
        return Err("Go template comments are not supported; use {# … #}".into());
    }
    let tokens = tokenize(trimmed)?;
    let has_backquote = trimmed.contains('`');
    let first = match tokens.first() {
        Some(Token::Ident(name)) => name.clone(),
        _ if has_backquote => return Err("unsupported Go template construct".into()),
        _ => return Ok(action.to_string()),
    };
    if first.starts_with('.') || first.starts_with('$') {
        return Err(format!(
            "the Go template field `{first}` is not supported; use env(\"NAME\") for environment variables"
        ));
    }
    let go_style = has_backquote || looks_like_go_call(&tokens);
    if !go_style {
        if GO_ONLY.contains(&first.as_str()) && tokens.len() > 1 {
            return Err(format!("the Go template construct `{first}` is not supported"));
        }
        return Ok(action.to_string());
    }
    if GO_ONLY.contains(&first.as_str()) {
        return Err(format!("the Go template construct `{first}` is not supported"));
    }
    let segments: Vec<&[Token]> = tokens.split(|t| *t == Token::Pipe).collect();
    let mut expr = call(segments[0], functions)?;
    for filter in &segments[1..] {
        match filter {
            [Token::Ident(name)] if name == "json_escape" => expr.push_str(" | json_escape"),
            [Token::Ident(name), ..] => {
                return Err(format!(
                    "piping into `{name}` is not supported (only `| json_escape`)"
                ));
            }
            _ => return Err("unsupported Go template pipeline".into()),
        }
    }
    Ok(format!("{open} {expr} {close}"))
}

/// `name "a" 1`: an identifier followed only by string or number literals.
fn looks_like_go_call(tokens: &[Token]) -> bool {
    let end = tokens.iter().position(|t| *t == Token::Pipe).unwrap_or(tokens.len());
    end >= 2
        && matches!(tokens[0], Token::Ident(_))
        && tokens[1..end].iter().all(|t| matches!(t, Token::Str(_) | Token::Number(_)))
}

fn call(tokens: &[Token], functions: &[String]) -> std::result::Result<String, String> {
    let Some((Token::Ident(name), args)) = tokens.split_first() else {
        return Err("unsupported Go template construct".into());
    };
    if !functions.iter().any(|f| f == name) {
        return Err(match GO_ONLY.contains(&name.as_str()) {
            true => format!("the Go template construct `{name}` is not supported"),
            false => format!("unknown function `{name}` (available: {})", functions.join(", ")),
        });
    }
    let mut rendered = Vec::new();
    for arg in args {
        match arg {
            Token::Str(s) => rendered.push(serde_json::to_string(s).unwrap_or_default()),
            Token::Number(n) => rendered.push(n.clone()),
            _ => {
                return Err(format!(
                    "unsupported argument to `{name}`; use literal strings or numbers"
                ));
            }
        }
    }
    Ok(format!("{name}({})", rendered.join(", ")))
}

fn tokenize(text: &str) -> std::result::Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '`' => {
                chars.next();
                let start = i + 1;
                let end = text[start..].find('`').ok_or("unterminated `…` string")? + start;
                tokens.push(Token::Str(text[start..end].to_string()));
                while chars.peek().is_some_and(|&(j, _)| j <= end) {
                    chars.next();
                }
            }
            '"' => {
                let (value, used) = go_string(&text[i..])?;
                tokens.push(Token::Str(value));
                while chars.peek().is_some_and(|&(j, _)| j < i + used) {
                    chars.next();
                }
            }
            '|' => {
                chars.next();
                if chars.peek().is_some_and(|&(_, c)| c == '|') {
                    chars.next();
                    tokens.push(Token::Other('|'));
                } else {
                    tokens.push(Token::Pipe);
                }
            }
            c if c.is_ascii_digit()
                || (c == '-' && text[i + 1..].starts_with(|d: char| d.is_ascii_digit())) =>
            {
                let mut end = i + 1;
                chars.next();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_ascii_digit() || d == '.' {
                        end = j + 1;
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Number(text[i..end].to_string()));
            }
            c if c.is_alphanumeric() || c == '_' || c == '.' || c == '$' => {
                let mut end = i;
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' || d == '.' || d == '$' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Ident(text[i..end].to_string()));
            }
            other => {
                chars.next();
                tokens.push(Token::Other(other));
            }
        }
    }
    Ok(tokens)
}

/// Parses a Go double-quoted string at the start of `text`; returns the value and bytes used.
fn go_string(text: &str) -> std::result::Result<(String, usize), String> {
    let mut value = String::new();
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        if escaped {
            value.push(match c {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                other => other,
            });
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            return Ok((value, i + 1));
        } else {
            value.push(c);
        }
    }
    Err("unterminated \"…\" string".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funcs() -> Vec<String> {
        ["env", "must_env", "ssm", "tfstate", "tfstatef", "json_escape", "second_tfstate"]
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn tr(text: &str) -> String {
        translate(text, &funcs(), "f.json").unwrap()
    }

    #[test]
    fn translates_ecspresso_spellings() {
        assert_eq!(tr("{{ must_env `IMAGE_TAG` }}"), r#"{{ must_env("IMAGE_TAG") }}"#);
        assert_eq!(tr("{{ env `X` `default` }}"), r#"{{ env("X", "default") }}"#);
        assert_eq!(tr("{{ ssm `/p/q` }}"), r#"{{ ssm("/p/q") }}"#);
        assert_eq!(tr("{{ ssm `/list` 1 }}"), r#"{{ ssm("/list", 1) }}"#);
        assert_eq!(
            tr("{{ tfstate `aws_lb_target_group.app.arn` }}"),
            r#"{{ tfstate("aws_lb_target_group.app.arn") }}"#
        );
        assert_eq!(tr("{{ must_env `X` | json_escape }}"), r#"{{ must_env("X") | json_escape }}"#);
        assert_eq!(tr(r#"{{ env "X" "d\"q" }}"#), r#"{{ env("X", "d\"q") }}"#);
        assert_eq!(tr("{{- second_tfstate `a.b.c` -}}"), r#"{{- second_tfstate("a.b.c") -}}"#);
        assert_eq!(
            tr("{{ tfstatef `aws_x.y['%s'].id` `k` }}"),
            r#"{{ tfstatef("aws_x.y['%s'].id", "k") }}"#
        );
    }

    #[test]
    fn leaves_minijinja_alone() {
        for text in
            [r#"{{ env("X") }}"#, "{{ x | upper }}", "{{ items[0] }}", "{% if a %}b{% endif %}"]
        {
            assert_eq!(tr(text), text);
        }
    }

    #[test]
    fn refuses_other_go_constructs_with_line() {
        for (text, needle) in [
            ("a\n{{ .Env.X }}", "f.json:2: the Go template field `.Env.X`"),
            ("{{ if `x` }}", "`if` is not supported"),
            ("{{ printf \"%s\" `x` }}", "`printf` is not supported"),
            ("{{ must_env `X` | printf `%q` }}", "piping into `printf`"),
            ("{{ nope `X` }}", "unknown function `nope`"),
            ("{{ env `X }}", "unterminated"),
            ("{{ env (must_env `X`) }}", "unsupported argument to `env`"),
        ] {
            let err = translate(text, &funcs(), "f.json").unwrap_err().to_string();
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn keeps_line_numbers() {
        let text = "{\n  \"a\": \"{{ must_env `A` }}\",\n  \"b\": 1\n}";
        assert_eq!(tr(text).lines().count(), text.lines().count());
    }
}
