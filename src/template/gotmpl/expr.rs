//! Go template expressions (`pipeline`s) and their minijinja equivalents.
//!
//! A pipeline is commands joined by `|`; each command after the first gets the previous result
//! as its last argument, so ``must_env `X` | printf "%q"`` is `printf("%q", must_env("X"))`. A
//! command is a function name with operands, or one operand: a string (`"…"` or `` `…` ``), a
//! number, `true`/`false`/`nil`, `.`/`.Field` (the dot of a `with`/`range`), `$var(.Field)`, or
//! a parenthesised pipeline `( … )(.Field)`.

use std::fmt::Write;

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Ident(String),
    Str(String),
    Number(String),
    /// `.`, `.Field.Sub`
    Field(String),
    /// `$`, `$name`, `$name.Field`
    Var(String),
    Pipe,
    Open,
    Close,
    Comma,
    Declare,
    Assign,
}

/// Why an action is not a Go pipeline.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Not Go at all but minijinja-looking syntax (`env("X")`, `a[0]`, `x.y`, `==`).
    Jinja,
    /// Go syntax shipper cannot translate, or a Go syntax error: the message says which.
    Go(String),
}

/// Tokenizes the inside of an action.
pub fn tokenize(text: &str) -> Result<Vec<Token>, Refusal> {
    let mut tokens = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'`' => {
                let end = text[i + 1..]
                    .find('`')
                    .ok_or_else(|| Refusal::Go("unterminated `…` string".into()))?;
                tokens.push(Token::Str(text[i + 1..i + 1 + end].to_string()));
                i += end + 2;
            }
            b'"' => {
                let (value, used) = go_string(&text[i..]).map_err(Refusal::Go)?;
                tokens.push(Token::Str(value));
                i += used;
            }
            b'|' if next == Some(b'|') => return Err(Refusal::Jinja),
            b'|' => {
                tokens.push(Token::Pipe);
                i += 1;
            }
            b'(' => {
                // `name(` is a minijinja call; Go separates a function from its operands.
                if matches!(tokens.last(), Some(Token::Ident(_))) && i > 0 && bytes[i - 1] != b' ' {
                    return Err(Refusal::Jinja);
                }
                tokens.push(Token::Open);
                i += 1;
            }
            b')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            b',' => {
                tokens.push(Token::Comma);
                i += 1;
            }
            b':' if next == Some(b'=') => {
                tokens.push(Token::Declare);
                i += 2;
            }
            b'=' if next != Some(b'=') => {
                tokens.push(Token::Assign);
                i += 1;
            }
            b'0'..=b'9' | b'-' | b'+'
                if c.is_ascii_digit() || next.is_some_and(|d| d.is_ascii_digit()) =>
            {
                let len = text[i + 1..]
                    .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '.' || ch == '_'))
                    .map_or(text.len() - i, |n| n + 1);
                tokens.push(Token::Number(number(&text[i..i + len])?));
                i += len;
            }
            b'.' | b'$' => {
                let len = word_len(&text[i + 1..]) + 1;
                let word = &text[i..i + len];
                // A field chain right after `)` belongs to the parenthesised pipeline.
                tokens.push(if c == b'.' {
                    Token::Field(word.into())
                } else {
                    Token::Var(word.into())
                });
                i += len;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let len = word_len(&text[i..]);
                let word = &text[i..i + len];
                if word.contains('.') {
                    // `loop.index`, `item.name`: minijinja attribute access.
                    return Err(Refusal::Jinja);
                }
                tokens.push(Token::Ident(word.to_string()));
                i += len;
            }
            _ => return Err(Refusal::Jinja),
        }
    }
    Ok(tokens)
}

fn word_len(text: &str) -> usize {
    text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).unwrap_or(text.len())
}

/// A Go number literal as minijinja reads it (hex, octal and binary become decimal).
fn number(text: &str) -> Result<String, Refusal> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let clean = digits.replace('_', "");
    let radix = match clean.get(..2) {
        Some("0x" | "0X") => Some(16),
        Some("0o" | "0O") => Some(8),
        Some("0b" | "0B") => Some(2),
        _ => None,
    };
    let value = match radix {
        Some(r) => i64::from_str_radix(&clean[2..], r).ok().map(|n| n.to_string()),
        None if clean.parse::<f64>().is_ok() => Some(clean),
        None => None,
    };
    value
        .map(|v| format!("{sign}{v}"))
        .ok_or_else(|| Refusal::Go(format!("bad number syntax: {text}")))
}

/// Parses a Go double-quoted string at the start of `text`; returns the value and bytes used.
fn go_string(text: &str) -> Result<(String, usize), String> {
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((value, i + 1)),
            '\n' => break,
            '\\' => {
                let Some((_, e)) = chars.next() else { break };
                match e {
                    'n' => value.push('\n'),
                    't' => value.push('\t'),
                    'r' => value.push('\r'),
                    'a' => value.push('\x07'),
                    'b' => value.push('\x08'),
                    'f' => value.push('\x0c'),
                    'v' => value.push('\x0b'),
                    '\\' | '"' | '\'' => value.push(e),
                    'x' | 'u' | 'U' => {
                        let len = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String =
                            (0..len).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                        let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                        value.push(ch.ok_or_else(|| format!("bad escape \\{e}{hex} in string"))?);
                    }
                    other => return Err(format!("unknown escape sequence \\{other} in string")),
                }
            }
            other => value.push(other),
        }
    }
    Err("unterminated \"…\" string".into())
}

/// Go's builtin functions that shipper does not translate.
pub const UNSUPPORTED: &[&str] = &["slice", "html", "js", "urlquery", "call"];

/// Names in scope while translating: the template's functions and the current dot.
pub struct Scope<'a> {
    pub functions: &'a [String],
    /// The minijinja variable holding `.` (inside `with`/`range`), `None` at the top level.
    pub dot: Option<String>,
}

/// A parser over one action's tokens.
pub struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
    scope: &'a Scope<'a>,
    /// The first function name that is neither a template function nor a Go builtin.
    pub unknown: Option<String>,
}

impl<'a> Parser<'a> {
    pub fn new(tokens: &'a [Token], scope: &'a Scope<'a>) -> Self {
        Self { tokens, pos: 0, scope, unknown: None }
    }

    pub fn done(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    pub fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    /// Parses a whole pipeline up to `)` or the end.
    pub fn pipeline(&mut self) -> Result<String, Refusal> {
        let mut expr = self.command(None)?;
        while self.peek() == Some(&Token::Pipe) {
            self.pos += 1;
            expr = self.command(Some(expr))?;
        }
        Ok(expr)
    }

    fn command(&mut self, piped: Option<String>) -> Result<String, Refusal> {
        let head =
            self.peek().cloned().ok_or_else(|| Refusal::Go("missing value for command".into()))?;
        if let Token::Ident(name) = &head
            && !matches!(name.as_str(), "true" | "false" | "nil")
        {
            self.pos += 1;
            let mut args = Vec::new();
            while let Some(token) = self.peek() {
                if matches!(token, Token::Pipe | Token::Close) {
                    break;
                }
                args.push(self.operand()?);
            }
            args.extend(piped);
            return self.call(name, args);
        }
        let value = self.operand()?;
        if !matches!(self.peek(), None | Some(Token::Pipe | Token::Close)) {
            return Err(Refusal::Go(format!(
                "unexpected {:?} after a value (only functions take arguments)",
                self.peek().unwrap_or(&Token::Close)
            )));
        }
        if piped.is_some() {
            return Err(Refusal::Go("can't give an argument to a non-function".into()));
        }
        Ok(value)
    }

    fn operand(&mut self) -> Result<String, Refusal> {
        let token = self.peek().cloned().ok_or_else(|| Refusal::Go("missing operand".into()))?;
        self.pos += 1;
        Ok(match token {
            Token::Str(s) => serde_json::to_string(&s).unwrap_or_default(),
            Token::Number(n) => n,
            Token::Ident(name) => match name.as_str() {
                "true" | "false" => name,
                "nil" => "none".into(),
                // A function used as an operand is called without arguments, as in Go.
                _ => self.call(&name, Vec::new())?,
            },
            Token::Field(path) => self.field(&path)?,
            Token::Var(path) => variable(&path)?,
            Token::Open => {
                let inner = self.pipeline()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(Refusal::Go("unclosed left paren".into()));
                }
                self.pos += 1;
                match self.peek() {
                    Some(Token::Field(chain)) if chain.len() > 1 => {
                        let chain = chain.clone();
                        self.pos += 1;
                        format!("({inner}){chain}")
                    }
                    _ => format!("({inner})"),
                }
            }
            other => return Err(Refusal::Go(format!("unexpected {other:?} in operand"))),
        })
    }

    /// `.` / `.Field` relative to the current dot.
    fn field(&self, path: &str) -> Result<String, Refusal> {
        let Some(dot) = &self.scope.dot else {
            return Err(Refusal::Go(format!(
                "`{path}` reads the template's data, and shipper (like ecspresso) passes none; use env `NAME` for environment variables"
            )));
        };
        Ok(if path == "." { dot.clone() } else { format!("{dot}{path}") })
    }

    fn call(&mut self, name: &str, args: Vec<String>) -> Result<String, Refusal> {
        let n = args.len();
        let arity = |ok: bool, want: &str| {
            if ok {
                Ok(())
            } else {
                Err(Refusal::Go(format!("wrong number of args for {name}: want {want} got {n}")))
            }
        };
        Ok(match name {
            "and" | "or" => {
                arity(n >= 1, "at least 1")?;
                format!("({})", args.join(&format!(" {name} ")))
            }
            "not" => {
                arity(n == 1, "1")?;
                format!("(not {})", args[0])
            }
            "eq" => {
                arity(n >= 2, "at least 2")?;
                let first = &args[0];
                let tests: Vec<String> =
                    args[1..].iter().map(|a| format!("{first} == {a}")).collect();
                format!("({})", tests.join(" or "))
            }
            "ne" | "lt" | "le" | "gt" | "ge" => {
                arity(n == 2, "2")?;
                let op = match name {
                    "ne" => "!=",
                    "lt" => "<",
                    "le" => "<=",
                    "gt" => ">",
                    _ => ">=",
                };
                format!("({} {op} {})", args[0], args[1])
            }
            "len" => {
                arity(n == 1, "1")?;
                format!("({} | length)", args[0])
            }
            "index" => {
                arity(n >= 1, "at least 1")?;
                format!("_go_index({})", args.join(", "))
            }
            "printf" => {
                arity(n >= 1, "at least 1")?;
                format!("_go_printf({})", args.join(", "))
            }
            "print" | "println" => format!("_go_{name}({})", args.join(", ")),
            _ if UNSUPPORTED.contains(&name) => {
                return Err(Refusal::Go(format!(
                    "the Go template function `{name}` is not supported"
                )));
            }
            _ => {
                if !self.scope.functions.iter().any(|f| f == name) {
                    self.unknown.get_or_insert_with(|| name.to_string());
                }
                let mut out = format!("{name}(");
                for (i, arg) in args.iter().enumerate() {
                    let _ = write!(out, "{}{arg}", if i > 0 { ", " } else { "" });
                }
                out.push(')');
                out
            }
        })
    }
}

/// `$name.Field` → `gv_name.Field`; `$` alone is the template's data, which there is none of.
pub fn variable(path: &str) -> Result<String, Refusal> {
    let rest = &path[1..];
    if rest.is_empty() || rest.starts_with('.') {
        return Err(Refusal::Go(format!(
            "`{path}` reads the template's data, and shipper (like ecspresso) passes none"
        )));
    }
    Ok(format!("gv_{rest}"))
}
