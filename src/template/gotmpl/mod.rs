//! ecspresso's Go templates (`text/template`), translated to minijinja before rendering.
//!
//! ecspresso renders files with Go's `text/template`; shipper renders with minijinja, so each Go
//! action is rewritten to its minijinja equivalent first, keeping line numbers so errors point at
//! the user's line. Translated: actions with pipelines (``{{ must_env `X` | json_escape }}``),
//! parenthesised sub-expressions, `if`/`else if`/`else`/`end`, `with`, `range` over lists and maps
//! (with `$i, $e :=`), `break`/`continue`, variables (`$x := …`), `eq ne lt le gt ge and or not`,
//! `printf print println len index`, `{{-`/`-}}` trimming, comments and both quote styles.
//! Anything else (`define`, `template`, `block`, `slice`, `call`, the template's data `.X`) is
//! refused with an error naming the construct and the line, never rendered as something else.
//!
//! minijinja's own syntax is left alone: `{{ env("X") }}`, `{{ x | upper }}`, `{% if %}`. The rule
//! for mixing: a file may combine minijinja with Go *function calls* (``{{ env `X` }}``), which
//! cannot be misread, but a file with Go control actions (`{{ if }}`, `{{ range }}`, `{{ end }}`,
//! variables, comments) may not also have minijinja tags (`{% %}`, `{# #}`): which engine would
//! own `{{ end }}` inside a `{% for %}` is exactly the ambiguity refused.

mod builtins;
mod expr;
pub mod printf;

pub use builtins::add_builtins;
use expr::{Parser, Refusal, Scope, Token};

use crate::error::{Error, Result};

/// Rewrites the Go-template actions in `text`. `functions` are the function names templates may
/// call (env, must_env, ssm, tfstate with its prefixes, …); `file` names the source in errors.
pub fn translate(text: &str, functions: &[String], file: &str) -> Result<String> {
    Translator { text, functions, file, blocks: Vec::new(), counter: 0, go_control: None }.run()
}

#[derive(Debug)]
enum Block {
    If,
    /// `with`: the dot's variable; closes with `{% endif %}{% endwith %}`.
    With(String),
    Range(String),
}

struct Translator<'a> {
    text: &'a str,
    functions: &'a [String],
    file: &'a str,
    blocks: Vec<(Block, usize)>,
    counter: usize,
    /// The first line with a Go control action, for the mixing rule.
    go_control: Option<usize>,
}

impl Translator<'_> {
    fn run(mut self) -> Result<String> {
        let text = self.text;
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut pos = 0;
        while let Some(found) = text[pos..].find("{{") {
            let start = pos + found;
            out.push_str(&text[pos..start]);
            let line = line_of(text, start);
            let end = action_end(text, start + 2).ok_or_else(|| {
                let rest = text[start..].lines().next().unwrap_or_default();
                self.error(line, "unclosed action or unterminated string: `{{` without `}}`", rest)
            })?;
            let action = &text[start..end];
            let translated = self.action(action, line).map_err(|m| self.error(line, &m, action))?;
            out.push_str(&translated);
            pos = end;
        }
        out.push_str(&text[pos..]);
        if let Some((block, line)) = self.blocks.last() {
            let name = match block {
                Block::If => "if",
                Block::With(_) => "with",
                Block::Range(_) => "range",
            };
            return Err(self.error(
                *line,
                &format!("`{{{{ {name} }}}}` has no `{{{{ end }}}}`"),
                "",
            ));
        }
        if let Some(go_line) = self.go_control
            && let Some(jinja) = first_jinja_tag(text)
        {
            return Err(Error::new(format!(
                "{}:{}: this file mixes Go template control actions (line {go_line}) with minijinja tags (line {})",
                self.file,
                jinja.max(go_line),
                jinja
            ))
            .hint("write the file in one of the two: Go's {{ if }}…{{ end }} or minijinja's {% if %}…{% endif %} (function calls may use either spelling)"));
        }
        Ok(out)
    }

    fn error(&self, line: usize, message: &str, action: &str) -> Error {
        let mut error = Error::new(format!("{}:{line}: {message}", self.file));
        if !action.is_empty() {
            let shown: String = action.chars().take(120).collect();
            error = error.detail(format!("in `{}`", shown.trim()));
        }
        error
    }

    /// Translates one `{{ … }}` action.
    fn action(&mut self, action: &str, line: usize) -> std::result::Result<String, String> {
        let inner = &action[2..action.len() - 2];
        let (open, inner) = match inner.strip_prefix('-') {
            Some(rest) if rest.starts_with(char::is_whitespace) => ("-", rest),
            _ => ("", inner),
        };
        let (close, inner) = match inner.strip_suffix('-') {
            Some(rest) if rest.ends_with(char::is_whitespace) => ("-", rest),
            _ => ("", inner),
        };
        let body = inner.trim();
        if let Some(comment) = body.strip_prefix("/*") {
            if !comment.ends_with("*/") {
                return Err("unclosed comment: a Go comment is {{/* … */}}".into());
            }
            self.go_control.get_or_insert(line);
            // The comment's newlines stay, so later lines keep their numbers.
            let newlines = "\n".repeat(inner.matches('\n').count());
            return Ok(format!("{{#{open} {newlines} {close}#}}"));
        }
        let keyword = body.split(|c: char| c.is_whitespace()).next().unwrap_or("");
        let tag = |s: String| format!("{{%{open} {s} {close}%}}");
        match keyword {
            "if" | "with" | "range" | "else" | "end" | "break" | "continue" | "define"
            | "template" | "block"
                if !body[keyword.len()..].starts_with('(') =>
            {
                self.go_control.get_or_insert(line);
                let rest = body[keyword.len()..].trim();
                self.control(keyword, rest, line)
                    .map(|parts| parts.into_iter().map(tag).collect::<String>())
            }
            _ => {
                let tokens = match expr::tokenize(body) {
                    Ok(tokens) => tokens,
                    Err(Refusal::Jinja) => return Ok(action.to_string()),
                    Err(Refusal::Go(m)) => return Err(m),
                };
                // `$x := …` / `$x = …`
                if let [Token::Var(name), Token::Declare | Token::Assign, rest @ ..] =
                    tokens.as_slice()
                {
                    self.go_control.get_or_insert(line);
                    let var = expr::variable(name).map_err(refusal_message)?;
                    let value = self.pipeline(rest, true)?;
                    return Ok(tag(format!("set {var} = {value}")));
                }
                let go_only = go_only_syntax(body, &tokens);
                match self.pipeline_or_jinja(&tokens, go_only)? {
                    Some(expr) => Ok(format!("{{{{{open} _go_out({expr}) {close}}}}}")),
                    None => Ok(action.to_string()),
                }
            }
        }
    }

    /// The tags for one control action.
    fn control(
        &mut self,
        keyword: &str,
        rest: &str,
        line: usize,
    ) -> std::result::Result<Vec<String>, String> {
        let expr_of = |this: &Self, text: &str| -> std::result::Result<String, String> {
            let tokens = expr::tokenize(text).map_err(|r| match r {
                Refusal::Jinja => format!("`{keyword}` needs a Go pipeline; `{text}` is not one"),
                Refusal::Go(m) => m,
            })?;
            if tokens.is_empty() {
                return Err(format!("missing value for {keyword}"));
            }
            this.pipeline(&tokens, true)
        };
        match keyword {
            "if" => {
                let cond = expr_of(self, rest)?;
                self.blocks.push((Block::If, line));
                Ok(vec![format!("if {cond}")])
            }
            "with" => {
                let dot = self.fresh("dot");
                let (decl, value) = declared(rest);
                let value = expr_of(self, value)?;
                self.blocks.push((Block::With(dot.clone()), line));
                let mut tags = vec![format!("with {dot} = {value}")];
                if let Some(var) = decl {
                    tags.push(format!(
                        "set {} = {dot}",
                        expr::variable(var).map_err(refusal_message)?
                    ));
                }
                tags.push(format!("if {dot}"));
                Ok(tags)
            }
            "range" => {
                let dot = self.fresh("dot");
                let (vars, value) = range_vars(rest)?;
                let value = expr_of(self, value)?;
                self.blocks.push((Block::Range(dot.clone()), line));
                Ok(match vars.as_slice() {
                    [] => vec![format!("for {dot} in _go_range({value})")],
                    [elem] => vec![
                        format!("for {dot} in _go_range({value})"),
                        format!("set {} = {dot}", expr::variable(elem).map_err(refusal_message)?),
                    ],
                    [key, elem] => {
                        let pair = self.fresh("pair");
                        vec![
                            format!("for {pair} in _go_pairs({value})"),
                            format!("set {dot} = {pair}[1]"),
                            format!(
                                "set {} = {pair}[0]",
                                expr::variable(key).map_err(refusal_message)?
                            ),
                            format!(
                                "set {} = {pair}[1]",
                                expr::variable(elem).map_err(refusal_message)?
                            ),
                        ]
                    }
                    _ => return Err("too many variables in range".into()),
                })
            }
            "else" => match (self.blocks.last(), rest) {
                (Some(_), "") => Ok(vec!["else".into()]),
                (Some((Block::If, _)), r) if r.starts_with("if ") => {
                    let cond = expr_of(self, &r[3..])?;
                    Ok(vec![format!("elif {cond}")])
                }
                (Some(_), r) => Err(format!(
                    "`else {r}` is not supported here (only `else` and `else if` inside `if`)"
                )),
                (None, _) => Err("`{{ else }}` outside `if`, `with` or `range`".into()),
            },
            "end" => match self.blocks.pop() {
                Some((Block::If, _)) => Ok(vec!["endif".into()]),
                Some((Block::With(_), _)) => Ok(vec!["endif".into(), "endwith".into()]),
                Some((Block::Range(_), _)) => Ok(vec!["endfor".into()]),
                None => Err("`{{ end }}` without `if`, `with` or `range`".into()),
            },
            "break" | "continue" => {
                if !self.blocks.iter().any(|(b, _)| matches!(b, Block::Range(_))) {
                    return Err(format!("`{{{{ {keyword} }}}}` outside `range`"));
                }
                Ok(vec![keyword.to_string()])
            }
            other => Err(format!(
                "the Go template action `{other}` is not supported (shipper renders one file at a time; inline the template)"
            )),
        }
    }

    fn fresh(&mut self, what: &str) -> String {
        self.counter += 1;
        format!("_go_{what}{}", self.counter)
    }

    fn scope(&self) -> Scope<'_> {
        let dot = self.blocks.iter().rev().find_map(|(b, _)| match b {
            Block::With(d) | Block::Range(d) => Some(d.clone()),
            Block::If => None,
        });
        Scope { functions: self.functions, dot }
    }

    /// Translates a pipeline that must be Go.
    fn pipeline(&self, tokens: &[Token], go_only: bool) -> std::result::Result<String, String> {
        self.pipeline_or_jinja(tokens, go_only)?.ok_or_else(|| "not a Go pipeline".to_string())
    }

    /// `Some(expr)` for a Go pipeline, `None` for minijinja text that happens to parse as Go
    /// (`{{ item }}`, `{{ x | upper }}`: names that are no template function).
    fn pipeline_or_jinja(
        &self,
        tokens: &[Token],
        go_only: bool,
    ) -> std::result::Result<Option<String>, String> {
        let scope = self.scope();
        let mut parser = Parser::new(tokens, &scope);
        let parsed = parser.pipeline();
        let parsed = match parsed {
            Ok(expr) if parser.done() => Ok(expr),
            Ok(_) => Err(Refusal::Go("unexpected `)`".into())),
            Err(e) => Err(e),
        };
        match (parsed, parser.unknown, go_only) {
            (Ok(_), Some(_), false) | (Err(Refusal::Jinja), _, false) => Ok(None),
            (_, Some(name), true) => {
                Err(format!("unknown function `{name}` (available: {})", self.functions.join(", ")))
            }
            (Ok(expr), None, _) => Ok(Some(expr)),
            (Err(e), _, _) => Err(refusal_message(e)),
        }
    }
}

fn refusal_message(refusal: Refusal) -> String {
    match refusal {
        Refusal::Jinja => "unsupported Go template syntax".into(),
        Refusal::Go(message) => message,
    }
}

/// Whether an action can only be Go: backquotes, variables, fields, parentheses, or a function
/// given space-separated operands.
fn go_only_syntax(body: &str, tokens: &[Token]) -> bool {
    body.contains('`')
        || tokens.iter().any(|t| matches!(t, Token::Var(_) | Token::Field(_) | Token::Open))
        || tokens.windows(2).any(|w| {
            matches!(w[0], Token::Ident(_))
                && matches!(w[1], Token::Str(_) | Token::Number(_) | Token::Ident(_))
        })
}

/// `$x := value` in `with`: the declared variable and the value.
fn declared(rest: &str) -> (Option<&str>, &str) {
    match rest.split_once(":=") {
        Some((var, value)) if var.trim().starts_with('$') && !var.contains(['"', '`']) => {
            (Some(var.trim()), value)
        }
        _ => (None, rest),
    }
}

/// `$i, $e := value` / `$e := value` / `value` in `range`.
fn range_vars(rest: &str) -> std::result::Result<(Vec<&str>, &str), String> {
    let (vars, value) = declared(rest);
    let Some(vars) = vars else { return Ok((Vec::new(), value)) };
    let names: Vec<&str> = vars.split(',').map(str::trim).collect();
    if names.iter().any(|n| !n.starts_with('$')) {
        return Err(format!("bad range variables `{vars}`"));
    }
    Ok((names, value))
}

/// Where the action opened before `from` ends (just after `}}`), skipping strings.
fn action_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) if c == b'\\' && q != b'`' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'`' || c == b'\'' => quote = Some(c),
            None if c == b'/' && bytes.get(i + 1) == Some(&b'*') => {
                // A comment runs to `*/`, whatever it holds.
                i = text[i + 2..].find("*/").map(|n| i + 2 + n + 1)?;
            }
            None if c == b'}' && bytes.get(i + 1) == Some(&b'}') => return Some(i + 2),
            None => {}
        }
        i += 1;
    }
    None
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// The line of the first minijinja tag (`{%` or `{#`) outside `{{ … }}` actions.
fn first_jinja_tag(text: &str) -> Option<usize> {
    let mut pos = 0;
    loop {
        let next_action = text[pos..].find("{{").map(|n| pos + n);
        let next_tag =
            ["{%", "{#"].iter().filter_map(|t| text[pos..].find(t)).min().map(|n| pos + n);
        match (next_tag, next_action) {
            (Some(tag), Some(action)) if action < tag => {
                pos = action_end(text, action + 2)?;
            }
            (Some(tag), _) => return Some(line_of(text, tag)),
            (None, _) => return None,
        }
    }
}

#[cfg(test)]
mod tests;
