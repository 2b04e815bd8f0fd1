//! A fake GitHub for tests: the environment a step gets (`GITHUB_*` files in a temp dir) and a
//! small HTTP server on 127.0.0.1 that answers the REST API calls of `diff --comment` (issue
//! comments: list, create, edit) and serves release assets for the action's install script.
//!
//! The server keeps the comments it was given and logs every request, so tests assert on what
//! GitHub would have stored. It speaks just enough HTTP/1.1 (one request per connection).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

/// The repository and pull request the fake environment is for.
pub const REPOSITORY: &str = "acme/infra";
pub const PULL_REQUEST: u64 = 7;
/// The token the fake GitHub accepts.
pub const TOKEN: &str = "ghs_faketoken0123456789abcdef";

/// One request the server received.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: String,
}

#[derive(Default)]
struct State {
    comments: BTreeMap<u64, String>,
    next_id: u64,
    requests: Vec<Request>,
    /// Files served at their path (release assets).
    files: BTreeMap<String, Vec<u8>>,
    /// Answer every API call with this status (e.g. 403, a fork's read-only token).
    refuse: Option<u16>,
}

/// The fake GitHub server; stops with the test process.
#[derive(Clone)]
pub struct FakeGitHub {
    url: String,
    state: Arc<Mutex<State>>,
}

impl FakeGitHub {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let state = Arc::new(Mutex::new(State { next_id: 1000, ..State::default() }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        Self { url, state }
    }

    /// The base URL (`GITHUB_API_URL`, and where release files are served).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The comments on the pull request now, by id.
    pub fn comments(&self) -> BTreeMap<u64, String> {
        self.state.lock().unwrap().comments.clone()
    }

    pub fn add_comment(&self, body: &str) -> u64 {
        let mut state = self.state.lock().unwrap();
        state.next_id += 1;
        let id = state.next_id;
        state.comments.insert(id, body.to_string());
        id
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Serves `bytes` at `path` (e.g. `/releases/download/v1.0.0/shipper-….tar.gz`).
    pub fn serve_file(&self, path: &str, bytes: &[u8]) {
        self.state.lock().unwrap().files.insert(path.to_string(), bytes.to_vec());
    }

    /// Answers every API call with `status` from now on.
    pub fn refuse(&self, status: u16) {
        self.state.lock().unwrap().refuse = Some(status);
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let (mut length, mut authorization) = (0usize, None);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').unwrap_or_default();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap_or(0),
            "authorization" => authorization = Some(value.trim().to_string()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let body = String::from_utf8_lossy(&body).into_owned();
    let path = target.split('?').next().unwrap_or_default().to_string();
    let (status, bytes) = {
        let mut state = state.lock().unwrap();
        state.requests.push(Request {
            method: method.clone(),
            path: target.clone(),
            authorization: authorization.clone(),
            body: body.clone(),
        });
        answer(&mut state, &method, &path, &target, authorization.as_deref(), &body)
    };
    let mut stream = stream;
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
        bytes.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&bytes);
}

fn answer(
    state: &mut State,
    method: &str,
    path: &str,
    target: &str,
    authorization: Option<&str>,
    body: &str,
) -> (u16, Vec<u8>) {
    if let Some(bytes) = state.files.get(path) {
        return (200, bytes.clone());
    }
    let api = format!("/repos/{REPOSITORY}/issues");
    if !path.starts_with(&api) {
        return (404, br#"{"message":"Not Found"}"#.to_vec());
    }
    if let Some(status) = state.refuse {
        return (status, br#"{"message":"Resource not accessible by integration"}"#.to_vec());
    }
    if authorization != Some(&format!("Bearer {TOKEN}")) {
        return (401, br#"{"message":"Bad credentials"}"#.to_vec());
    }
    let comment = |id: u64, body: &str| json!({"id": id, "body": body, "html_url": format!("https://github.test/{REPOSITORY}/pull/{PULL_REQUEST}#issuecomment-{id}")});
    let list = format!("{api}/{PULL_REQUEST}/comments");
    let sent: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let json = |v: Value| v.to_string().into_bytes();
    match (method, path) {
        ("GET", p) if p == list => {
            let query = target.split_once('?').map_or("", |(_, q)| q);
            let page: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("page="))
                .and_then(|s| s.parse().ok())
                .unwrap_or(1);
            let all: Vec<Value> = state.comments.iter().map(|(id, b)| comment(*id, b)).collect();
            let page: Vec<Value> = all.into_iter().skip((page - 1) * 100).take(100).collect();
            (200, json(Value::Array(page)))
        }
        ("POST", p) if p == list => {
            state.next_id += 1;
            let id = state.next_id;
            let text = sent["body"].as_str().unwrap_or_default().to_string();
            state.comments.insert(id, text.clone());
            (201, json(comment(id, &text)))
        }
        ("PATCH", p) if p.starts_with(&format!("{api}/comments/")) => {
            let id: u64 = p.rsplit('/').next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let text = sent["body"].as_str().unwrap_or_default().to_string();
            match state.comments.get_mut(&id) {
                Some(stored) => {
                    stored.clone_from(&text);
                    (200, json(comment(id, &text)))
                }
                None => (404, br#"{"message":"Not Found"}"#.to_vec()),
            }
        }
        _ => (404, br#"{"message":"Not Found"}"#.to_vec()),
    }
}

/// The files of a fake step environment, in a temp dir.
pub struct StepFiles {
    pub dir: tempfile::TempDir,
}

impl StepFiles {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let event = json!({"action": "synchronize", "number": PULL_REQUEST, "pull_request": {"number": PULL_REQUEST}});
        std::fs::write(dir.path().join("event.json"), event.to_string()).expect("write the event");
        Self { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// What a step's environment file holds now ("" when nothing was written).
    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_default()
    }

    /// The environment of a step in a pull-request workflow run of [`REPOSITORY`], with the
    /// workspace at `workspace` and the API at `api`.
    pub fn env(&self, workspace: &Path, api: &str) -> Vec<(String, String)> {
        let file = |name: &str| self.path(name).display().to_string();
        vec![
            ("GITHUB_ACTIONS".into(), "true".into()),
            ("CI".into(), "true".into()),
            ("GITHUB_OUTPUT".into(), file("output")),
            ("GITHUB_STEP_SUMMARY".into(), file("summary.md")),
            ("GITHUB_PATH".into(), file("path")),
            ("GITHUB_ENV".into(), file("env")),
            ("GITHUB_EVENT_PATH".into(), file("event.json")),
            ("GITHUB_EVENT_NAME".into(), "pull_request".into()),
            ("GITHUB_REPOSITORY".into(), REPOSITORY.into()),
            ("GITHUB_API_URL".into(), api.into()),
            ("GITHUB_SERVER_URL".into(), api.into()),
            ("GITHUB_WORKSPACE".into(), workspace.display().to_string()),
            ("RUNNER_TEMP".into(), file("runner-temp")),
            ("RUNNER_OS".into(), "Linux".into()),
            ("RUNNER_ARCH".into(), "X64".into()),
        ]
    }
}

/// The value of a `name<<DELIMITER … DELIMITER` entry of a `$GITHUB_OUTPUT` file, and the
/// delimiter.
pub fn output(text: &str, name: &str) -> Option<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().rposition(|l| l.starts_with(&format!("{name}<<")))?;
    let delimiter = lines[start][name.len() + 2..].to_string();
    let end = lines[start + 1..].iter().position(|l| *l == delimiter)?;
    Some((lines[start + 1..start + 1 + end].join("\n"), delimiter))
}
