//! Running the real `shipper` binary in tests.
//!
//! Every run starts from a clean environment: no AWS, shipper or CI variables leak in from the
//! developer's shell, so a test sees exactly what it sets. Tests that need AWS add the bed's
//! environment (`Bed::env`), which points the SDK at the local AWS.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The outcome of one run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(self.stdout.contains(needle), "stdout lacks {needle:?}:\n{}", self.stdout);
        self
    }

    /// Asserts `needle` appears in neither stream.
    #[track_caller]
    pub fn never_shows(&self, needle: &str) -> &Self {
        assert!(!self.stdout.contains(needle), "stdout shows {needle:?}:\n{}", self.stdout);
        assert!(!self.stderr.contains(needle), "stderr shows {needle:?}:\n{}", self.stderr);
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// A `shipper` command in `dir` with a clean environment.
pub fn shipper(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shipper"));
    cmd.current_dir(dir);
    cmd.env_clear();
    for var in ["PATH", "HOME", "TMPDIR", "LANG"] {
        if let Some(value) = std::env::var_os(var) {
            cmd.env(var, value);
        }
    }
    // Never reach a real AWS account or the developer's profiles, even by accident.
    cmd.env("AWS_CONFIG_FILE", "/dev/null");
    cmd.env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    cmd.env("AWS_EC2_METADATA_DISABLED", "true");
    cmd
}

/// Runs a command and captures its outcome.
pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("shipper runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Everything a run printed, minus the `::add-mask::` lines GitHub needs to hide a value.
pub fn printed(r: &Run) -> String {
    format!("{}\n{}", r.stdout, r.stderr)
        .lines()
        .filter(|l| !l.starts_with("::add-mask::"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Starts `shipper` with piped output; returns the child.
pub fn spawn(cmd: &mut std::process::Command) -> Child {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("shipper starts")
}

/// Waits until the bed has received `action` (up to 20 s).
pub fn wait_for_request(bed: &super::bed::Bed, action: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !bed.requests().iter().any(|r| r.action == action) {
        assert!(Instant::now() < deadline, "{action} never arrived");
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn signal(child: &Child, name: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

pub fn finish(child: Child) -> Run {
    let out = child.wait_with_output().expect("shipper ends");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
