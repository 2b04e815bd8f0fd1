//! ecspresso's `external` plugin: a template function answered by a command the user names.
//!
//! ```yaml
//! plugins:
//!   - name: external
//!     func_prefix: ext_          # optional; the function is then `ext_lookup`
//!     config:
//!       name: lookup             # the function's name
//!       command: [./lookup.sh]   # argv; the call's arguments are appended (exec mode)
//!       num_args: 1              # the Jsonnet native function's parameter count (default 0)
//!       parser: json             # json (default) or string: how stdout is read (exec mode)
//!       timeout: 5s              # per call; none by default, as in ecspresso
//!       mode: exec               # exec (default): one process per call; jsonrpc: see below
//! ```
//!
//! In `jsonrpc` mode one process is started at the first call and kept for the run: each call
//! writes `{"jsonrpc":"2.0","method":NAME,"params":[ARGS],"id":N}` and a newline to its stdin and
//! reads one line from its stdout, which must be the response with the same `id`. A call that
//! times out, a reply with another id or one that is not JSON-RPC kills the process (the stream
//! cannot be trusted any more); the next call starts a new one, as ecspresso does.
//!
//! Templates are rendered in passes (see the parent module), so each distinct call (function
//! and arguments) runs once per shipper run and its answer is reused. A command's output is a
//! template value like any other: errors say how a command failed (status, its stderr's last
//! lines, where its JSON broke) but never repeat its stdout, which may hold a secret.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::config::plugins::{ExternalSpec, Mode, Parser};

/// One configured external function.
pub struct External {
    /// The function's name as templates call it (`func_prefix` + `name`).
    pub function: String,
    /// `name`: the JSON-RPC method.
    method: String,
    command: Vec<String>,
    pub num_args: usize,
    parser: Parser,
    timeout: Option<Duration>,
    mode: Mode,
    /// Answers by arguments: templates render in passes and each call runs once.
    answers: Mutex<HashMap<Vec<String>, Value>>,
    server: Mutex<Option<Server>>,
}

impl std::fmt::Debug for External {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("External").field("function", &self.function).finish_non_exhaustive()
    }
}

/// A running JSON-RPC process.
struct Server {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<std::io::Result<String>>,
    stderr: Arc<Mutex<Tail>>,
    next_id: i64,
}

impl Drop for Server {
    fn drop(&mut self) {
        // The process is ours alone: end it with the run (or when its stream broke).
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The last lines a process wrote to stderr, for error messages.
#[derive(Default)]
struct Tail(Vec<String>);

impl Tail {
    const KEEP: usize = 5;

    fn push(&mut self, line: String) {
        if self.0.len() == Self::KEEP {
            self.0.remove(0);
        }
        self.0.push(line);
    }

    fn describe(&self) -> String {
        let lines: Vec<String> = self
            .0
            .iter()
            .map(|l| crate::secrets::mask(l.trim_end()))
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            String::new()
        } else {
            format!("; its stderr ends: {}", lines.join(" / "))
        }
    }
}

type Answer<T> = std::result::Result<T, String>;

impl External {
    /// The function an `external` plugin's spec describes, with nothing run yet.
    pub fn new(spec: ExternalSpec) -> Self {
        let ExternalSpec { function, name, command, num_args, parser, timeout, mode } = spec;
        Self {
            function,
            method: name,
            command,
            num_args,
            parser,
            timeout,
            mode,
            answers: Mutex::new(HashMap::new()),
            server: Mutex::new(None),
        }
    }

    /// Reads a plugin's `config` (see [`ExternalSpec::parse`]) and builds its function.
    pub fn from_config(config: &Value, func_prefix: &str, at: &str) -> Answer<Self> {
        ExternalSpec::parse(config, func_prefix, at).map(Self::new)
    }

    /// Calls the function: the cached answer, or the command's.
    pub fn call(&self, args: &[String]) -> Answer<Value> {
        if let Some(found) = self.answers.lock().unwrap_or_else(PoisonError::into_inner).get(args) {
            return Ok(found.clone());
        }
        let answer = match self.mode {
            Mode::Exec => self.exec(args),
            Mode::JsonRpc => self.rpc(args),
        }
        .map_err(|what| self.failure(&what))?;
        self.answers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(args.to_vec(), answer.clone());
        Ok(answer)
    }

    /// `external plugin function `f` (command `cmd …`): what; what to do`.
    fn failure(&self, what: &str) -> String {
        let command = crate::secrets::mask(&self.command.join(" "));
        format!("external plugin function `{}` (command `{command}`): {what}", self.function)
    }

    fn exec(&self, args: &[String]) -> Answer<Value> {
        let mut child = Command::new(&self.command[0])
            .args(&self.command[1..])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start it: {e}; check the plugin's `command`"))?;
        let stdout = drain(child.stdout.take());
        let stderr = Arc::new(Mutex::new(Tail::default()));
        tail_lines(child.stderr.take(), Arc::clone(&stderr));
        let status = match self.timeout {
            None => child.wait().map_err(|e| e.to_string())?,
            Some(limit) => {
                let started = Instant::now();
                loop {
                    if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                        break status;
                    }
                    if started.elapsed() >= limit {
                        let _ = child.kill();
                        let _ = child.wait();
                        return Err(format!(
                            "timed out after {}; make it answer faster or raise the plugin's `timeout`",
                            humantime::format_duration(limit)
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        };
        let output = stdout.recv().unwrap_or_default();
        let stderr = stderr.lock().unwrap_or_else(PoisonError::into_inner).describe();
        if !status.success() {
            return Err(format!("failed ({status}){stderr}; run the command by hand to see why"));
        }
        match self.parser {
            Parser::Text => Ok(Value::String(String::from_utf8_lossy(&output).into_owned())),
            // The first JSON value of the output, as Go's json.Decoder reads it.
            Parser::Json => serde_json::Deserializer::from_slice(&output)
                .into_iter::<Value>()
                .next()
                .unwrap_or_else(|| {
                    Err(serde::de::Error::custom("EOF while parsing a value at line 1 column 0"))
                })
                .map_err(|e| {
                    format!(
                        "its output ({} bytes) is not JSON: {e}; make it print JSON or set `parser: string`",
                        output.len()
                    )
                }),
        }
    }

    fn rpc(&self, args: &[String]) -> Answer<Value> {
        let mut slot = self.server.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.is_none() {
            *slot = Some(self.start()?);
        }
        let Some(server) = slot.as_mut() else { unreachable!("started above") };
        server.next_id += 1;
        let id = server.next_id;
        let request =
            serde_json::json!({"jsonrpc": "2.0", "method": self.method, "params": args, "id": id});
        let sent = writeln!(server.stdin, "{request}").and_then(|()| server.stdin.flush());
        let reply = match sent {
            Ok(()) => self.reply(server),
            Err(e) => Err(format!("cannot send the request: {e}")),
        };
        let parsed = reply.and_then(|line| {
            let response: Value = serde_json::from_str(&line).map_err(|e| {
                format!("its reply ({} bytes) is not JSON: {e}; it must print one JSON-RPC response per line", line.len())
            })?;
            if response.get("id").and_then(Value::as_i64) != Some(id) {
                return Err(format!(
                    "its reply has id {}, the request had {id}; it must answer each request with its id",
                    response.get("id").map_or_else(|| "none".to_string(), ToString::to_string)
                ));
            }
            Ok(response)
        });
        let response = match parsed {
            Ok(response) => response,
            Err(what) => {
                // The stream is out of step or dead: the next call starts a new process.
                let stderr =
                    server.stderr.lock().unwrap_or_else(PoisonError::into_inner).describe();
                *slot = None;
                return Err(format!("{what}{stderr}"));
            }
        };
        if let Some(error) = response.get("error").filter(|e| !e.is_null()) {
            let message = error.get("message").and_then(Value::as_str).unwrap_or("(no message)");
            let code = error.get("code").map_or_else(String::new, |c| format!(" (code {c})"));
            return Err(format!(
                "it answered with an error: {}{code}",
                crate::secrets::mask(message)
            ));
        }
        Ok(response.get("result").cloned().unwrap_or(Value::Null))
    }

    /// The next non-empty line of the server's stdout, within the timeout.
    fn reply(&self, server: &mut Server) -> Answer<String> {
        let deadline = self.timeout.map(|t| Instant::now() + t);
        loop {
            let next = match deadline {
                None => server.lines.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(at) => server.lines.recv_timeout(at.saturating_duration_since(Instant::now())),
            };
            match next {
                Ok(Ok(line)) if line.trim().is_empty() => {}
                Ok(Ok(line)) => return Ok(line),
                Ok(Err(e)) => return Err(format!("cannot read its reply: {e}")),
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "no reply within {}; the process was stopped. Make it answer faster or raise the plugin's `timeout`",
                        humantime::format_duration(self.timeout.unwrap_or_default())
                    ));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = server.child.try_wait().ok().flatten().map_or_else(
                        || "closed its stdout".to_string(),
                        |s| format!("exited ({s})"),
                    );
                    return Err(format!("it {status} without answering"));
                }
            }
        }
    }

    fn start(&self) -> Answer<Server> {
        let mut child = Command::new(&self.command[0])
            .args(&self.command[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start it: {e}; check the plugin's `command`"))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let stop = line.is_err();
                if send.send(line).is_err() || stop {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(Tail::default()));
        tail_lines(child.stderr.take(), Arc::clone(&stderr));
        Ok(Server { child, stdin, lines, stderr, next_id: 0 })
    }
}

/// Reads a pipe to its end on a thread (a full pipe would block the child), sending the bytes.
fn drain(pipe: Option<impl Read + Send + 'static>) -> Receiver<Vec<u8>> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = send.send(bytes);
    });
    receive
}

/// Keeps the last lines of a pipe (stderr) on a thread.
fn tail_lines(pipe: Option<impl Read + Send + 'static>, tail: Arc<Mutex<Tail>>) {
    let Some(pipe) = pipe else { return };
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(std::result::Result::ok) {
            tail.lock().unwrap_or_else(PoisonError::into_inner).push(line);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plugin(config: Value) -> External {
        External::from_config(&config, "", "plugins[0].config").unwrap()
    }

    #[test]
    fn config_is_checked_with_ecspresso_defaults() {
        let p = plugin(json!({"name": "f", "command": ["true"]}));
        assert_eq!((p.num_args, p.parser, p.mode, p.timeout), (0, Parser::Json, Mode::Exec, None));
        let p = External::from_config(
            &json!({"name": "f", "command": ["x"], "timeout": "2s", "mode": "jsonrpc"}),
            "ext_",
            "c",
        )
        .unwrap();
        assert_eq!((p.function.as_str(), p.timeout), ("ext_f", Some(Duration::from_secs(2))));
        for (config, says) in [
            (json!({"command": ["x"]}), "c.name is required"),
            (json!({"name": "f"}), "c.command is required"),
            (json!({"name": "f", "command": "x y"}), "must be a list (argv)"),
            (json!({"name": "f", "command": ["x"], "parser": "yaml"}), "unsupported parser yaml"),
            (json!({"name": "f", "command": ["x"], "mode": "grpc"}), "unsupported mode grpc"),
            (json!({"name": "f", "command": ["x"], "timeout": "soon"}), "c.timeout: `soon`"),
        ] {
            let err = External::from_config(&config, "", "c").unwrap_err();
            assert!(err.contains(says), "{err}");
        }
    }

    #[test]
    fn exec_reads_the_first_json_value_or_text_and_caches_by_arguments() {
        let p = plugin(
            json!({"name": "f", "command": ["sh", "-c", "echo \"{\\\"n\\\": $$} {}\"", "sh"]}),
        );
        let first = p.call(&["a".into()]).unwrap();
        assert!(first["n"].is_number(), "{first}");
        assert_eq!(p.call(&["a".into()]).unwrap(), first, "the same call runs once");
        let p = plugin(json!({"name": "f", "command": ["printf", "%s!"], "parser": "string"}));
        assert_eq!(p.call(&["hi".into()]).unwrap(), json!("hi!"));
    }
}
