//! The bed: the local AWS every end-to-end test runs against (`tests/bed/`, moto 5.2.5 plus
//! shipper's behaviour patches, served on 127.0.0.1).
//!
//! # Isolation
//!
//! A test that calls [`Bed::start`] has a bed process to itself until the `Bed` is dropped, and
//! that bed starts empty: [`Bed::start`] resets it (moto's state and every plan, fault, health
//! override, simulation and logged request) before handing it over. Plans, faults and the request
//! log are global to a bed process, so sharing one between concurrently running tests would make
//! them interfere; a process per test costs ~2 s of Python start-up, so processes are pooled: a
//! dropped `Bed` goes back to a process-wide pool for the next test, and a reset takes
//! milliseconds. There are as many processes as tests ever ran at once (2 with `cargo test`'s
//! defaults on two cores).
//!
//! A test that panics does not give its bed back: the process is killed, so a bed in an odd state
//! is never reused. Beds are started with `--exit-on-stdin-eof` and keep the write end of their
//! stdin here, so they exit with the test binary however it ends. Each bed's stderr goes to
//! `target/tmp/bed-logs/`; failures to start quote it.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

/// The region every test uses (the team's region).
pub const REGION: &str = "ap-northeast-1";
/// moto's default account, which owns everything in the bed.
pub const ACCOUNT: &str = "123456789012";

const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A running bed process, idle in the pool or lent to a test.
struct Process {
    child: Child,
    // Never written: holding it open keeps the bed alive (it exits when stdin reaches EOF).
    _stdin: ChildStdin,
    endpoint: String,
    log: PathBuf,
}

static IDLE: Mutex<Vec<Process>> = Mutex::new(Vec::new());
static SPAWNED: AtomicUsize = AtomicUsize::new(0);

/// Exclusive use of one reset bed for the duration of a test (see the module docs).
pub struct Bed {
    process: Option<Process>,
    agent: ureq::Agent,
}

/// One logged AWS request (`GET /_bed/requests`).
#[derive(Debug, Clone, Deserialize)]
pub struct Request {
    pub seq: u64,
    /// The SigV4 signing name: `ecs`, `elasticloadbalancing`, `monitoring` (CloudWatch), ...
    pub service: String,
    pub action: String,
    pub status: u16,
    /// The parameters: the JSON body for JSON/CBOR protocols, the form fields for query ones.
    pub body: Value,
}

/// Questions about a request log.
pub trait RequestLog {
    /// How many `service`/`action` requests were made.
    fn count(&self, service: &str, action: &str) -> usize;
    /// The actions sent to `service`, in order.
    fn actions(&self, service: &str) -> Vec<String>;
    /// The actions sent to `service` that are not reads (Describe*, List*, Get*), in order.
    fn writes(&self, service: &str) -> Vec<String> {
        self.actions(service)
            .into_iter()
            .filter(|a| !["Describe", "List", "Get"].iter().any(|p| a.starts_with(p)))
            .collect()
    }
}

/// One request the bed's scripted HTTP endpoint received (`GET /_bed/probe/requests`).
#[derive(Debug, Clone, Deserialize)]
pub struct ProbeRequest {
    pub seq: u64,
    pub method: String,
    /// The path after `/_probe`, e.g. `/api/health` (without the query string).
    pub path: String,
    pub query: String,
    /// The status it was answered with.
    pub status: u16,
    /// `host`, `user-agent`, `accept`, `content-type`, `authorization` and every `x-*` header,
    /// names in lower case.
    pub headers: std::collections::BTreeMap<String, String>,
    pub body: String,
}

impl RequestLog for [Request] {
    fn count(&self, service: &str, action: &str) -> usize {
        self.iter().filter(|r| r.service == service && r.action == action).count()
    }

    fn actions(&self, service: &str) -> Vec<String> {
        self.iter().filter(|r| r.service == service).map(|r| r.action.clone()).collect()
    }
}

impl Bed {
    /// A reset bed for this test: an idle one from the pool, or a new process.
    pub fn start() -> Bed {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .into();
        loop {
            let pooled = IDLE.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let reused = pooled.is_some();
            let mut bed = Bed { process: Some(pooled.unwrap_or_else(spawn)), agent: agent.clone() };
            match bed.call("POST", "/_bed/reset", Some(json!({}))) {
                Ok(_) => return bed,
                // A pooled bed that died (or was killed) meanwhile: drop it and try again.
                Err(_) if reused => bed.kill(),
                Err(error) => panic!("the new bed at {} failed its reset: {error}", bed.endpoint()),
            }
        }
    }

    /// The bed's base URL, e.g. `http://127.0.0.1:41229`.
    pub fn endpoint(&self) -> String {
        self.process().endpoint.clone()
    }

    /// The environment a spawned `shipper` needs to talk to this bed, and only to it.
    ///
    /// `AWS_ENDPOINT_URL` is the global one, so a service without its own override can never
    /// reach real AWS; config and credential files are `/dev/null`, so a developer's profile is
    /// never read. Retries keep the SDK defaults.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("AWS_ENDPOINT_URL", self.endpoint().as_str()),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("AWS_REGION", REGION),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_CONFIG_FILE", "/dev/null"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    /// An SDK configuration for driving the bed from a test (same settings as [`Bed::env`]).
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            // Plain HTTP: the local AWS listens on 127.0.0.1 without TLS (and the tests then
            // need no TLS stack of their own besides the product's).
            .http_client(aws_smithy_http_client::Builder::new().build_http())
            .endpoint_url(self.endpoint())
            .region(aws_config::Region::new(REGION))
            .credentials_provider(aws_sdk_ecs::config::Credentials::new(
                "test", "test", None, None, "bed",
            ))
            .load()
            .await
    }

    /// Stores `body` in S3 as `s3://bucket/key`, creating the bucket (in [`REGION`]). Two plain
    /// S3 REST calls by path (S3's own API, as the local AWS serves it), with a credential scope
    /// naming the service: the local AWS routes by it and checks no signature. (No S3 SDK in the
    /// tests: it was the largest crate they built, for these two calls.)
    pub fn put_s3_object(&self, bucket: &str, key: &str, body: &str) {
        let auth = format!(
            "AWS4-HMAC-SHA256 Credential=test/20260101/{REGION}/s3/aws4_request, SignedHeaders=host, Signature=0"
        );
        let put = |path: &str, body: &str| {
            let response = self
                .agent
                .put(&format!("{}/{path}", self.endpoint()))
                .header("Authorization", &auth)
                .send(body)
                .unwrap_or_else(|e| panic!("S3 PUT /{path}: {e}"));
            let status = response.status().as_u16();
            assert!(status < 300, "S3 PUT /{path} answered HTTP {status}");
        };
        put(
            bucket,
            &format!(
                "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>{REGION}</LocationConstraint></CreateBucketConfiguration>"
            ),
        );
        put(&format!("{bucket}/{key}"), body);
    }

    /// Queue a plan (or a JSON list of plans) for upcoming rollouts, tasks or deployments.
    pub fn plan(&self, plan: Value) {
        self.control("POST", "/_bed/plan", Some(plan));
    }

    /// Queue a fault (or a JSON list of faults) for upcoming AWS calls.
    pub fn fault(&self, fault: Value) {
        self.control("POST", "/_bed/fault", Some(fault));
    }

    /// Turn AWS's API rate limits on (`POST /_bed/throttle`): `buckets` replaces the burst and
    /// rate of the named actions' groups, e.g. `json!({"ecs:RegisterTaskDefinition": [5, 10]})`.
    /// Buckets start full; the throttle count starts at zero.
    pub fn throttle(&self, buckets: Value) {
        self.control("POST", "/_bed/throttle", Some(json!({"enabled": true, "buckets": buckets})));
    }

    /// How many calls the bed's rate limits refused since they were turned on.
    pub fn throttled(&self) -> u64 {
        self.control("GET", "/_bed/throttle", None)["throttled"].as_u64().unwrap_or_default()
    }

    /// Override (or with `"clear": true`, stop overriding) target health.
    pub fn health(&self, override_: Value) {
        self.control("POST", "/_bed/health", Some(override_));
    }

    /// Set what CloudWatch GetMetricData answers for one metric (`POST /_bed/metrics`):
    /// `{"namespace", "metric", "dimensions": {"Name": "Value"}, "stat"?, "values": [newest, ...]}`,
    /// or a script over time (`"series": [{"from": seconds from now, "values": [...]}]`,
    /// `"append"?`), or `{"clear": true}` to forget every metric set so far.
    pub fn metrics(&self, metric: Value) {
        self.control("POST", "/_bed/metrics", Some(metric));
    }

    /// Script the answers of the bed's HTTP endpoint (`POST /_bed/probe`): a rule
    /// `{"path", "status", "body", "content_type"?, "delay_ms"?, "count"?}`, a list of them, or
    /// `{"clear": true, "path"?}`.
    pub fn probe(&self, rule: Value) {
        self.control("POST", "/_bed/probe", Some(rule));
    }

    /// The URL of `path` on the bed's scripted HTTP endpoint: `probe_url("/api/health")` is
    /// `http://127.0.0.1:PORT/_probe/api/health`.
    pub fn probe_url(&self, path: &str) -> String {
        format!("{}/_probe/{}", self.endpoint(), path.trim_start_matches('/'))
    }

    /// Every request the scripted HTTP endpoint received, in order.
    pub fn probe_requests(&self) -> Vec<ProbeRequest> {
        let log = self.control("GET", "/_bed/probe/requests", None);
        serde_json::from_value(log).expect("the probe log is a list of requests")
    }

    /// Create the seed-like infrastructure (project `acme`, env `dev`); returns its names/ARNs.
    pub fn seed(&self) -> Value {
        self.control("POST", "/_bed/seed", Some(json!({})))
    }

    /// Every AWS request so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.requests_since(0)
    }

    /// The AWS requests after sequence number `seq`.
    pub fn requests_since(&self, seq: u64) -> Vec<Request> {
        let log = self.control("GET", &format!("/_bed/requests?since={seq}"), None);
        serde_json::from_value(log).expect("the request log is a list of requests")
    }

    pub fn clear_requests(&self) {
        self.control("POST", "/_bed/requests/clear", Some(json!({})));
    }

    /// Everything queued and simulated, for debugging a failing test.
    pub fn state(&self) -> Value {
        self.control("GET", "/_bed/state", None)
    }

    /// A control call that may be refused: the answer, or the HTTP status and body.
    pub fn try_control(&self, path: &str, body: Value) -> Result<Value, String> {
        self.call("POST", path, Some(body))
    }

    /// A control call that must succeed; panics with the bed's answer otherwise.
    pub fn control(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, path, body)
            .unwrap_or_else(|error| panic!("bed control {method} {path} failed: {error}"))
    }

    /// A control call; a refusal is `Err("HTTP 400: {answer}")`.
    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.endpoint());
        let response = match body {
            Some(body) => self.agent.post(&url).send_json(&body),
            None => {
                debug_assert_eq!(method, "GET");
                self.agent.get(&url).call()
            }
        };
        let mut response =
            response.map_err(|e| format!("{e} (bed log: {})", self.process().log.display()))?;
        let status = response.status().as_u16();
        let value: Value = response.body_mut().read_json().map_err(|e| e.to_string())?;
        if status == 200 { Ok(value) } else { Err(format!("HTTP {status}: {value}")) }
    }

    fn process(&self) -> &Process {
        self.process.as_ref().expect("a bed always has a process until dropped")
    }

    fn kill(&mut self) {
        if let Some(mut process) = self.process.take() {
            let _ = process.child.kill();
            let _ = process.child.wait();
        }
    }
}

impl Drop for Bed {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.kill();
        } else if let Some(process) = self.process.take() {
            IDLE.lock().unwrap_or_else(|e| e.into_inner()).push(process);
        }
    }
}

/// Start a bed process and wait for its "bed listening on URL" line.
fn spawn() -> Process {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `scripts/test` once (it creates the virtualenv from \
         tests/bed/requirements.txt), or create it by hand",
        python.display()
    );
    let logs = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bed-logs");
    std::fs::create_dir_all(&logs).expect("create target/tmp/bed-logs");
    let n = SPAWNED.fetch_add(1, Ordering::Relaxed);
    if n == 0 {
        forget_old_logs(&logs);
    }
    let log = logs.join(format!("bed-{}-{n}.log", std::process::id()));
    let mut child = Command::new(&python)
        .arg(root.join("tests/bed/bed.py"))
        .args(["--port", "0", "--exit-on-stdin-eof"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(File::create(&log).expect("create the bed's log file"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", python.display()));
    let stdin = child.stdin.take().expect("piped stdin");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(START_TIMEOUT).unwrap_or_default();
    match line.trim().strip_prefix("bed listening on ") {
        Some(endpoint) => Process { child, _stdin: stdin, endpoint: endpoint.to_owned(), log },
        None => {
            let _ = child.kill();
            let _ = child.wait();
            let mut stderr = String::new();
            let _ = File::open(&log).and_then(|mut f| f.read_to_string(&mut stderr));
            panic!(
                "the bed did not start within {START_TIMEOUT:?} (is the virtualenv complete? \
                 `scripts/test` rebuilds it). Its stderr ({}):\n{stderr}",
                log.display()
            )
        }
    }
}

/// Logs of earlier test runs are only useful for a while; keep the directory from growing.
fn forget_old_logs(logs: &Path) {
    let day = Duration::from_secs(24 * 60 * 60);
    for entry in std::fs::read_dir(logs).into_iter().flatten().flatten() {
        let old = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        if old.is_some_and(|age| age > day) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
