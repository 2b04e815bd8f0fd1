//! `session-manager-plugin`: found on PATH, and run the way the AWS CLI runs it.
//!
//! The AWS CLI (`aws ecs execute-command`, `aws ssm start-session`) runs
//! `session-manager-plugin SESSION REGION StartSession PROFILE REQUEST ENDPOINT`: the session
//! the API answered (JSON), the region, the operation, the profile ("" for none), the request's
//! parameters (JSON) and the endpoint of the service that answered. A plugin newer than
//! 1.2.497.0 takes the session from the environment variable named in its place
//! (`AWS_SSM_START_SESSION_RESPONSE`), as `aws ssm start-session` passes it: the session token
//! then stays off the command line, where `ps` shows it to every user of the machine.

use std::path::PathBuf;

use serde_json::Value;

use crate::aws::Clients;
use crate::context::Context;
use crate::error::{Error, Result};

const NAME: &str = "session-manager-plugin";
const INSTALL: &str = "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html";
/// The environment variable the session is handed in (the AWS CLI's name for it).
const SESSION_VAR: &str = "AWS_SSM_START_SESSION_RESPONSE";
/// The newest plugin that reads the session only from its first argument.
const LAST_WITHOUT_VAR: [u64; 4] = [1, 2, 497, 0];

pub struct Plugin {
    path: PathBuf,
}

/// What the plugin is handed: the session, the request it answered, the endpoint.
pub struct Handoff {
    pub session: Value,
    pub request: Value,
    pub endpoint: String,
}

/// The region and profile the plugin is told, as the AWS CLI tells them.
pub struct Aws {
    region: String,
    profile: String,
    endpoint_url: Option<String>,
}

impl Aws {
    pub fn of(ctx: &Context, clients: &Clients) -> Self {
        let profile = ctx
            .settings
            .aws
            .profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok())
            .unwrap_or_default();
        Self {
            region: clients.region.clone(),
            profile,
            endpoint_url: clients.conf.endpoint_url().map(ToString::to_string),
        }
    }

    /// The endpoint of `service` (`ecs` or `ssm`) the session came from: the one configured
    /// (`--endpoint-url`, AWS_ENDPOINT_URL), else AWS's regional one.
    pub fn endpoint(&self, service: &str) -> String {
        if let Some(url) = &self.endpoint_url {
            return url.clone();
        }
        let domain =
            if self.region.starts_with("cn-") { "amazonaws.com.cn" } else { "amazonaws.com" };
        format!("https://{service}.{}.{domain}", self.region)
    }
}

impl Plugin {
    /// The plugin on PATH, or an error saying where to get it.
    pub fn find() -> Result<Self> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .map(|dir| dir.join(NAME))
            .find(|candidate| executable(candidate))
            .map(|path| Self { path })
            .ok_or_else(|| {
                Error::new(format!("{NAME} is not on PATH: shipper exec hands the session to it, as the AWS CLI does"))
                    .hint(format!("install the Session Manager plugin ({INSTALL}), then run this again"))
            })
    }

    /// Runs the plugin on the terminal until it exits; returns its exit code (128 + the signal
    /// that ended it). SIGINT and SIGTERM are the plugin's meanwhile.
    pub async fn run(&self, ctx: &Context, aws: &Aws, handoff: Handoff) -> Result<u8> {
        let session = handoff.session.to_string();
        // The token is a credential: masked wherever output could show it.
        if let Some(token) =
            ["tokenValue", "TokenValue"].iter().find_map(|k| handoff.session[k].as_str())
        {
            crate::secrets::register(token, "the session token");
        }
        let mut command = tokio::process::Command::new(&self.path);
        let first = match self.reads_session_from_env().await {
            true => {
                command.env(SESSION_VAR, &session);
                SESSION_VAR.to_string()
            }
            false => session,
        };
        command.args([
            first,
            aws.region.clone(),
            "StartSession".to_string(),
            aws.profile.clone(),
            handoff.request.to_string(),
            handoff.endpoint,
        ]);
        ctx.hand_signals_to_child(true);
        let status = command.status().await;
        ctx.hand_signals_to_child(false);
        let status =
            status.map_err(|e| Error::new(format!("cannot run {}: {e}", self.path.display())))?;
        Ok(exit_code(status))
    }

    /// Whether the plugin is newer than 1.2.497.0 (`--version`); an answer that is no version
    /// means an old plugin, as the AWS CLI reads it.
    async fn reads_session_from_env(&self) -> bool {
        let out = tokio::process::Command::new(&self.path)
            .arg("--version")
            .stdin(std::process::Stdio::null())
            .output()
            .await;
        let Ok(out) = out else { return false };
        let text: String = String::from_utf8_lossy(&out.stdout).split_whitespace().collect();
        let parts: Option<Vec<u64>> = text.split('.').map(|p| p.parse().ok()).collect();
        match parts {
            Some(mut v) if (1..=4).contains(&v.len()) => {
                v.resize(4, 0);
                v.as_slice() > LAST_WITHOUT_VAR.as_slice()
            }
            _ => false,
        }
    }
}

fn executable(path: &std::path::Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

fn exit_code(status: std::process::ExitStatus) -> u8 {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return u8::try_from(128 + signal).unwrap_or(u8::MAX);
        }
    }
    status.code().map_or(1, |c| u8::try_from(c).unwrap_or(1))
}
