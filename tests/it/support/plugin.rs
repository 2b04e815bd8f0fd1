//! A stand-in `session-manager-plugin` for `shipper exec`: a shell script put first on PATH
//! that answers `--version` with the version a test chose, records every other run's arguments
//! (one file each) and the session environment variable, and exits with the code a test chose.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Plugin {
    dir: tempfile::TempDir,
}

/// What one run of the plugin was given.
#[derive(Debug)]
pub struct Call {
    pub args: Vec<String>,
    /// `AWS_SSM_START_SESSION_RESPONSE` as the plugin saw it ("" when unset).
    pub session_env: String,
}

const SCRIPT: &str = r#"#!/bin/sh
dir=$(dirname "$0")
if [ "$1" = "--version" ]; then cat "$dir/version"; exit 0; fi
i=0
for a in "$@"; do printf '%s' "$a" > "$dir/arg$i"; i=$((i+1)); done
printf '%s' "${AWS_SSM_START_SESSION_RESPONSE:-}" > "$dir/session_env"
printf '%s' "$i" > "$dir/argc"
while [ -f "$dir/hold" ]; do sleep 0.05; done
exit "$(cat "$dir/exit")"
"#;

impl Plugin {
    /// A plugin of `version` (`1.2.707.0`: new enough to read the session from the
    /// environment) that exits with `exit`.
    pub fn new(version: &str, exit: i32) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("session-manager-plugin");
        std::fs::write(&path, SCRIPT).unwrap();
        std::fs::write(dir.path().join("version"), format!("{version}\n")).unwrap();
        std::fs::write(dir.path().join("exit"), exit.to_string()).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        Self { dir }
    }

    /// Keeps the plugin running once started until [`Plugin::release`] (a session in use).
    pub fn hold(&self) {
        std::fs::write(self.dir.path().join("hold"), "").unwrap();
    }

    pub fn release(&self) {
        std::fs::remove_file(self.dir.path().join("hold")).unwrap();
    }

    /// Whether the plugin has started a session (its arguments are recorded).
    pub fn started(&self) -> bool {
        self.dir.path().join("argc").exists()
    }

    /// Puts the plugin first on `cmd`'s PATH.
    pub fn on_path<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        cmd.env("PATH", path_with(Some(self.dir.path())))
    }

    /// The run recorded, if the plugin was run (other than `--version`).
    pub fn call(&self) -> Option<Call> {
        let read = |name: &str| std::fs::read_to_string(self.dir.path().join(name)).ok();
        let argc: usize = read("argc")?.parse().unwrap();
        Some(Call {
            args: (0..argc).map(|i| read(&format!("arg{i}")).unwrap()).collect(),
            session_env: read("session_env").unwrap_or_default(),
        })
    }
}

/// PATH as the tests run with, `first` ahead of it; without `first`, a PATH where no
/// `session-manager-plugin` can be (the system's binaries only).
pub fn path_with(first: Option<&Path>) -> String {
    match first {
        Some(dir) => {
            let rest = std::env::var("PATH").unwrap_or_default();
            format!("{}:{rest}", dir.display())
        }
        None => ["/usr/bin", "/bin"].map(PathBuf::from).map(|p| p.display().to_string()).join(":"),
    }
}
